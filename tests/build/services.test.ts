import { readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { build } from "../../lib/cli/build.ts";
import { loadForces } from "../../lib/forces/load.ts";
import { readSite } from "../../lib/site/load.ts";
import { copyContent } from "../helpers/content-root.ts";
import { builtPages, readPage } from "../helpers/site.ts";

const siteDir = inject("siteDir");
const definition = (id: string) => JSON.parse(readFileSync(`content/services/${id}/service.json`, "utf8"));
const serviceIds = readdirSync("content/services").filter((d) => !d.endsWith(".json"));
/** The services every force offers unless it says otherwise: all but the dormant ones. */
const liveIds = serviceIds.filter((id) => !definition(id).dormant);
const forceIds = loadForces(".").forces.map((f) => f.id);

describe("'What do you want to report?'", () => {
  it.each(forceIds)("%s: lists every national service but the dormant ones, each linking to its start page", (force) => {
    const hub = readPage(siteDir, `/${force}/report/`);
    const links = hub.querySelectorAll("main .fc-service-list a").map((a) => a.getAttribute("href"));
    expect(links.sort()).toEqual(liveIds.map((id) => `/${force}/report/${id}/`).sort());
  });
});

/** The hub as a person scans it: each group's heading (h2) and the services listed under it, in order. */
function hubGroups(dir: string, url: string): { heading: string; ids: string[] }[] {
  const main = readPage(dir, url).querySelector("main")!;
  return main.querySelectorAll("h2 + ul.fc-service-list").map((list) => ({
    heading: list.previousElementSibling!.text.trim(),
    ids: list.querySelectorAll("a").map((a) => a.getAttribute("href")!.split("/").at(-2)!),
  }));
}
const catalogue = JSON.parse(readFileSync("content/services/categories.json", "utf8")) as { groups: { id: string; label: { en: string; cy: string } }[]; categories: { id: string; group: string }[] };
const groupOf = (id: string) => catalogue.categories.find((c) => c.id === definition(id).category)!.group;

describe("the hub: grouped by what people came to do, most used first", () => {
  it("Kent's hub asks 'What do you want to do?' and shows the groups in order, each under its own h2, with only the groups it has services in", () => {
    const page = readPage(siteDir, "/kent/report/");
    expect(page.querySelector("h1")!.text.trim()).toBe("What do you want to do?");
    const groups = hubGroups(siteDir, "/kent/report/");
    const withServices = catalogue.groups.filter((g) => liveIds.some((id) => groupOf(id) === g.id));
    expect(groups.map((g) => g.heading)).toEqual(withServices.map((g) => g.label.en));
    for (const group of groups) {
      const id = catalogue.groups.find((g) => g.label.en === group.heading)!.id;
      expect(group.ids.sort(), group.heading).toEqual(liveIds.filter((s) => groupOf(s) === id).sort());
    }
    // Headings in order: one h1, then the h2s (no level skipped).
    const levels = page.querySelectorAll("main h1, main h2, main h3, main h4").map((h) => Number(h.tagName.slice(1)));
    expect(levels[0]).toBe(1);
    levels.forEach((level, i) => i && expect(level - levels[i - 1], `heading ${i}`).toBeLessThanOrEqual(1));
  });

  it("Report lists crime first (Report a crime, then burglary), then antisocial behaviour, then road traffic, each category in categories.json's order", () => {
    const report = hubGroups(siteDir, "/kent/report/")[0];
    expect(report.heading).toBe("Report");
    const categories = report.ids.map((id) => definition(id).category);
    const order = catalogue.categories.map((c) => c.id);
    expect(categories.map((c) => order.indexOf(c))).toEqual([...categories.map((c) => order.indexOf(c))].sort((a, b) => a - b));
    expect([...new Set(categories)].slice(0, 3)).toEqual(["crime", "antisocial-behaviour", "road-traffic"]);
    expect(report.ids.slice(0, 2)).toEqual(["report-crime", "report-burglary"]);
  });

  it("in Welsh, the same groups under their Welsh names, and the Welsh title", () => {
    expect(readPage(siteDir, "/gwent/cy/report/").querySelector("h1")!.text.trim()).toBe("Beth hoffech chi ei wneud?");
    const english = hubGroups(siteDir, "/gwent/report/");
    const welsh = hubGroups(siteDir, "/gwent/cy/report/");
    expect(welsh.map((g) => g.heading)).toEqual(english.map((g) => catalogue.groups.find((c) => c.label.en === g.heading)!.label.cy));
    expect(welsh[0].ids[0]).toBe("report-crime");
    // The same services in each group; those without a number A to Z by their Welsh titles.
    expect(welsh.map((g) => [...g.ids].sort())).toEqual(english.map((g) => [...g.ids].sort()));
  });
});

describe("dormant services", () => {
  it("public health restrictions reporting is dormant, so off on every force: not listed, no pages built", () => {
    expect(definition("report-restrictions-breach").dormant).toBe(true);
    const built = builtPages(siteDir);
    for (const force of forceIds) {
      expect(readPage(siteDir, `/${force}/report/`).text, force).not.toContain("Report a breach of public health restrictions");
      expect(built.filter((u) => u.includes("/report/report-restrictions-breach/")), force).toEqual([]);
    }
  });

  it("switched on nationally in content/services/switched-on.json, every force offers it", () => {
    const root = copyContent();
    try {
      writeFileSync(path.join(root, "content/services/switched-on.json"), JSON.stringify({ services: ["report-restrictions-breach"] }));
      const { site, problems } = readSite(root);
      expect(problems).toEqual([]);
      for (const force of forceIds) expect(site.servicesByForce.get(force)!.map((s) => s.id), force).toContain("report-restrictions-breach");
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("the check refuses switching on a service that is not dormant, or one that does not exist, naming the file and entry", () => {
    const root = copyContent();
    try {
      writeFileSync(path.join(root, "content/services/switched-on.json"), JSON.stringify({ services: ["report-crime"] }));
      writeFileSync(path.join(root, "forces/kent.json"), JSON.stringify({ id: "kent", name: "Kent Police", domain: "kent.police.uk", code: "KNT", services: { on: ["report-crimes"] } }));
      const messages = readSite(root).problems.map((p) => `${p.file}: ${p.field} ${p.message}`);
      expect(messages).toContain('content/services/switched-on.json: /services/0 names "report-crime", which is not dormant: it is already on for every force');
      expect(messages).toContain('forces/kent.json: /services/on/0 names service "report-crimes", but there is no content/services/report-crimes/service.json');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe("service pages", () => {
  const stepPages = builtPages(siteDir).filter((url) => /\/report\/[a-z-]+\/([a-z0-9-]+\/)?$/.test(url) && !url.includes("/outcome/"));

  it("every step page asks with one h1, labels every field, posts to itself and has a slot for the error summary", () => {
    expect(stepPages.length).toBeGreaterThan(44 * serviceIds.length * 5);
    for (const url of stepPages) {
      const page = readPage(siteDir, url);
      const where = `on ${url}`;
      expect(page.querySelectorAll("h1").length, where).toBe(1);
      const form = page.querySelector("form[method=post]")!;
      expect(form.getAttribute("action"), where).toBe(url);
      expect(page.querySelectorAll("[data-fc-error-summary]").length, where).toBe(1);
      for (const field of form.querySelectorAll("input, textarea, select")) {
        if (["hidden", "submit"].includes(field.getAttribute("type") ?? "")) continue;
        const id = field.getAttribute("id");
        expect(id, `${where}: a field without an id`).toBeTruthy();
        expect(form.querySelectorAll(`label[for="${id}"]`).length, `${where}: #${id} has no label`).toBe(1);
      }
      expect(page.querySelector('script[type="module"][src^="/assets/services/"]'), where).toBeTruthy();
    }
  });

  it("shows 'Exit this page' on every page of a sensitive service, and on no other", () => {
    for (const url of builtPages(siteDir).filter((u) => u.startsWith("/kent/report/"))) {
      const id = url.split("/")[3];
      const sensitive = id ? definition(id).sensitive : false;
      expect(readPage(siteDir, url).querySelectorAll(".govuk-exit-this-page").length, url).toBe(sensitive ? 1 : 0);
    }
  });

  it("names the real destination on each outcome page", () => {
    // The page's words and its links' addresses.
    const text = (url: string) => readPage(siteDir, url).querySelector("main")!.toString();
    expect(text("/kent/report/report-fraud/outcome/report-fraud/")).toMatch(/Report Fraud[\s\S]*reportfraud\.police\.uk[\s\S]*0300 123 2040/);
    expect(text("/kent/report/report-crime/outcome/call-999/")).toContain("999");
    expect(text("/kent/report/report-lost-property/outcome/passport-office/")).toContain("gov.uk/report-a-lost-or-stolen-passport");
    expect(text("/kent/report/report-terrorism/outcome/counter-terrorism/")).toContain("0800 789 321");
    expect(text("/kent/report/report-hate-crime/outcome/crimestoppers/")).toContain("0800 555 111");
    expect(text("/gwent/cy/report/report-fraud/outcome/report-fraud/")).toContain("0300 123 2040");
  });

  // Services that only point elsewhere: each answer's page names the organisation, its address and number.
  it.each([
    ["/kent/report/pay-fixed-penalty/outcome/pay-police-penalty/", /ticket office[\s\S]*gov\.uk\/speeding-penalties/],
    ["/kent/report/pay-fixed-penalty/outcome/pay-parking-fine/", /council[\s\S]*gov\.uk\/parking-tickets/],
    ["/kent/report/pay-fixed-penalty/outcome/pay-court-fine/", /gov\.uk\/pay-court-fine-online/],
    ["/kent/report/pay-fixed-penalty/outcome/pay-dvla-fine/", /gov\.uk\/pay-dvla-fine/],
    ["/kent/report/report-online-child-abuse/outcome/ceop/", /CEOP[\s\S]*ceop\.police\.uk\/Safety-Centre\/[\s\S]*report\.iwf\.org\.uk/],
    ["/kent/report/report-modern-slavery/outcome/modern-slavery-helpline/", /08000 121 700[\s\S]*modernslaveryhelpline\.org[\s\S]*101/],
    ["/kent/report/report-fly-tipping/outcome/local-council/", /gov\.uk\/find-local-council[\s\S]*0800 80 70 60[\s\S]*0300 065 3000/],
    ["/kent/report/report-noise/outcome/antisocial-behaviour/", /href="\/kent\/report\/report-antisocial-behaviour\/"[\s\S]*101/],
    ["/kent/report/report-abandoned-vehicle/outcome/vehicle-may-be-stolen/", /101[\s\S]*registration/],
    ["/kent/report/report-cyber-crime/outcome/report-fraud/", /reportfraud\.police\.uk/],
    ["/kent/report/report-consumer-problem/outcome/citizens-advice-consumer/", /0808 223 1133[\s\S]*0808 223 1144[\s\S]*citizensadvice\.org\.uk/],
    ["/gwent/cy/report/report-consumer-problem/outcome/citizens-advice-consumer/", /Gymraeg, ffoniwch[\s\S]*0808 223 1144/],
    ["/kent/report/report-consumer-problem/outcome/doorstep-crime/", /101[\s\S]*href="\/kent\/report\/report-fraud\/"/],
    ["/kent/report/report-crime-scotland-northern-ireland/outcome/police-scotland/", /scotland\.police\.uk/],
    ["/kent/report/report-crime-scotland-northern-ireland/outcome/psni/", /psni\.police\.uk/],
  ])("%s names where to go", (url, destination) => {
    expect(readPage(siteDir, url).querySelector("main")!.toString()).toMatch(destination);
  });
});

describe("a service added, switched off, or added by one force, by data alone", () => {
  let root: string;
  let out: string;
  beforeAll(async () => {
    root = copyContent("tests/fixtures/service-changes");
    out = path.join(root, "_site");
    await build(out, root);
  }, 120_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("a new folder in content/services is live on every force", () => {
    for (const force of forceIds) {
      const hub = readPage(out, `/${force}/report/`).querySelectorAll(".fc-service-list a").map((a) => a.text.trim());
      expect(hub, force).toContain("Example added service");
      expect(readPage(out, `/${force}/report/example-added-service/`).querySelector("h1")!.text.trim()).toBe("Example added service");
    }
    for (const force of ["gwent", "btp"]) {
      expect(readPage(out, `/${force}/cy/report/example-added-service/`).querySelector("h1")!.text.trim()).toBe("Gwasanaeth enghreifftiol newydd");
    }
  });

  const list = (force: string) => readPage(out, `/${force}/report/`).querySelectorAll(".fc-service-list a").map((a) => a.getAttribute("href"));

  it("a force that switches a national service off no longer lists it; every other force still does", () => {
    expect(list("kent")).not.toContain("/kent/report/report-lost-property/");
    expect(builtPages(out).filter((u) => u.startsWith("/kent/report/report-lost-property/"))).toEqual([]);
    expect(list("essex")).toContain("/essex/report/report-lost-property/");
  });

  it("a force that switches a dormant service on lists it and builds its pages; no other force does", () => {
    expect(list("essex")).toContain("/essex/report/report-restrictions-breach/");
    expect(readPage(out, "/essex/report/report-restrictions-breach/").querySelector("h1")!.text.trim()).toBe("Report a breach of public health restrictions");
    for (const force of forceIds.filter((f) => f !== "essex")) {
      expect(list(force), force).not.toContain(`/${force}/report/report-restrictions-breach/`);
      expect(builtPages(out).filter((u) => u.startsWith(`/${force}/report/report-restrictions-breach/`)), force).toEqual([]);
    }
  });

  it("a force's services.first come first within their groups, in its order; other forces keep the national order", () => {
    const kent = hubGroups(out, "/kent/report/");
    expect(kent.find((g) => g.heading === "Report")!.ids[0]).toBe("report-antisocial-behaviour");
    expect(kent.find((g) => g.heading === "Feedback")!.ids[0]).toBe("give-feedback");
    const essex = hubGroups(out, "/essex/report/");
    expect(essex.find((g) => g.heading === "Report")!.ids[0]).toBe("report-crime");
    expect(essex.find((g) => g.heading === "Feedback")!.ids[0]).toBe("make-complaint");
    // Switched off: in no group.
    expect(kent.flatMap((g) => g.ids)).not.toContain("report-lost-property");
  });

  it("a force's own service and a new national one are listed in the group of their category", () => {
    expect(hubGroups(out, "/kent/report/").find((g) => g.heading === "Report")!.ids).toContain("report-rural-crime");
    expect(hubGroups(out, "/essex/report/").find((g) => g.heading === "Feedback")!.ids).toContain("example-added-service");
  });

  it("a force's own service appears on its site only", () => {
    expect(readPage(out, "/kent/report/").text).toContain("Report rural crime");
    expect(readPage(out, "/essex/report/").text).not.toContain("Report rural crime");
    expect(builtPages(out)).toContain("/kent/report/report-rural-crime/choices/");
  });
});
