import { existsSync, readFileSync, readdirSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { ServiceDefinition } from "../../lib/services/types.ts";
import { parseReference } from "../../submit-service/reference.ts";
import { outcomesOf } from "../../lib/site/plan.ts";
import { answerEveryStep, completeReport as report, formPath, happyPath, outcomeJourneys, referencePattern, Visitor } from "../helpers/journey.ts";
import { listen, testService, type TestService } from "../helpers/service.ts";
import { readPage } from "../helpers/site.ts";
import { forSites } from "../../lib/services/sites.ts";
import { loadGeography } from "../../lib/geography/load.ts";

const siteDir = inject("siteDir");
const definitions: ServiceDefinition[] = readdirSync("content/services")
  .filter((d) => !d.endsWith(".json"))
  .map((d) => JSON.parse(readFileSync(`content/services/${d}/service.json`, "utf8")));
let service: TestService;
beforeAll(async () => (service = await testService(siteDir)), 60_000);
afterAll(() => service?.close());

/** Services whose way to a reference needs a file uploaded: walked with real files, scanned by ClamAV, in tests/service/upload.test.ts. */
const needsUpload = (d: ServiceDefinition) => d.steps.some((s) => s.questions.some((q) => q.type === "file" && !q.optional));

/** Services that only triage (a missing person: forces take these by phone): every answer ends at an outcome page. */
const triageOnly = definitions.filter((d) => !formPath(d));

describe("reporting without JavaScript", () => {
  it.each(triageOnly.map((d) => [d.id, d] as const))("%s: every answer leads, page by page, to a published outcome page, and every outcome it names is reached", async (_id, definition) => {
    const reached = new Set<string>();
    for (const { pages, outcome } of outcomeJourneys(definition)) {
      const visitor = new Visitor(service.app);
      const start = `/kent/report/${definition.id}/`;
      let location: string | null = null;
      for (const { step, form } of pages) {
        const response = await visitor.post(step === definition.steps[0] ? start : `${start}${step.id}/`, form);
        expect(response.status).toBe(303);
        location = response.headers.get("location");
      }
      expect(location).toBe(`${start}outcome/${outcome}/`);
      expect(existsSync(`${siteDir}${location}index.html`), `${location} is published`).toBe(true);
      reached.add(outcome);
    }
    expect([...reached].sort()).toEqual([...outcomesOf(definition)].sort());
  });

  // A dormant service is off on every force (tests/build/services.test.ts), so Kent has no journey for it to take.
  it.each(definitions.filter((d) => !needsUpload(d) && !d.dormant && formPath(d)).map((d) => [d.id, d] as const))("%s: the whole report, page by page, reaches a reference that is stored", async (_id, definition) => {
    const reference = await report(new Visitor(service.app), "kent", definition);
    expect(reference).toMatch(/^KNT-/);
    expect(parseReference(reference.toLowerCase().replaceAll("-", ""))).toBe(reference);
    const stored = (await service.store.getReport(reference))!;
    expect(stored).toMatchObject({ forceId: "kent", serviceId: definition.id, category: definition.category, lang: "en" });
    expect(stored.path[0]).toBe(definition.steps[0].id);
    expect(stored.priority).toBe(definition.priority?.always ? "urgent" : stored.priority);
  });

  it("answers each step with 303 to the next page the triage chooses", async () => {
    const visitor = new Visitor(service.app);
    const response = await visitor.post("/kent/report/report-crime/", { "in-danger": "no", "crime-type": "fraud" });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/kent/report/report-crime/outcome/report-fraud/");
  });

  it("keeps the draft in a signed, httpOnly, SameSite=Lax cookie scoped to the service's folder", async () => {
    const visitor = new Visitor(service.app);
    const response = await visitor.post("/kent/report/report-crime/", { "in-danger": "no", "crime-type": "theft" });
    const cookie = response.headers.getSetCookie()[0];
    expect(cookie).toMatch(/^fc_draft=[^;]+\.[^;]+;/);
    expect(cookie).toContain("Path=/kent/report/report-crime/");
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Lax");
    expect(cookie).not.toContain("Secure");
    expect(cookie).not.toContain("theft");
  });

  it("shows a page with errors after a redirect (Post/Redirect/Get), with what was typed kept, so Back never resends a form", async () => {
    const visitor = new Visitor(service.app);
    const crime = definitions.find((d) => d.id === "report-crime")!;
    const [first, second, third, fourth] = happyPath(crime);
    for (const { step, form } of [first, second, third]) await visitor.post(step === crime.steps[0] ? "/kent/report/report-crime/" : `/kent/report/report-crime/${step.id}/`, form);
    const page = `/kent/report/report-crime/${fourth.step.id}/`;
    const response = await visitor.post(page, { ...fourth.form, "date-of-crime-day": "31", "date-of-crime-month": "2", "date-of-crime-year": "2026" });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(page);
    const shown = await visitor.get(page);
    expect(shown.status).toBe(200);
    expect(shown.headers.get("cache-control")).toBe("no-store");
    const html = await shown.text();
    expect(html).toContain("There is a problem");
    expect(html).toMatch(/must be a real date/);
    expect(html).toMatch(/<title>\s*Error: /);
    expect(html).toMatch(/name="date-of-crime-day"[^>]*value="31"/);
    // Put right, the page is accepted and its errors are gone when it is visited again.
    const fixed = await visitor.post(page, fourth.form);
    expect(fixed.headers.get("location")).not.toBe(page);
    const again = await (await visitor.get(page)).text();
    expect(again).not.toMatch(/must be a real date|<title>\s*Error: /);
    expect(again).toMatch(/name="date-of-crime-day"[^>]*value="20"/);
  });

  it("keeps what was typed on a first page sent with mistakes, in a draft of its own", async () => {
    const visitor = new Visitor(service.app);
    const response = await visitor.post("/kent/report/report-crime/", { "in-danger": "no" });
    expect(response.headers.get("location")).toBe("/kent/report/report-crime/");
    const html = await (await visitor.get("/kent/report/report-crime/")).text();
    expect(html).toContain("Select what you want to report");
    expect(html).toMatch(/value="no"[^>]*checked/);
  });

  it("brings a page back filled in when a report is in progress, and Change from check-answers re-routes the report", async () => {
    const visitor = new Visitor(service.app);
    const crime = definitions.find((d) => d.id === "report-crime")!;
    await report(new Visitor(service.app), "kent", crime); // another person's report does not interfere
    const path = happyPath(crime);
    for (const { step, form } of path) await visitor.post(step === crime.steps[0] ? "/kent/report/report-crime/" : `/kent/report/report-crime/${step.id}/`, form);
    const first = await (await visitor.get("/kent/report/report-crime/")).text();
    expect(first).toMatch(/id="crime-type"[^>]*value="theft"[^>]*checked|value="theft"[^>]*checked/);
    const check = await (await visitor.get("/kent/report/report-crime/check-answers/")).text();
    expect(check).toContain("What was stolen?");
    expect(check).toContain('href="/kent/report/report-crime/?change=yes"');

    const changed = await visitor.post("/kent/report/report-crime/", { "in-danger": "no", "crime-type": "criminal-damage", change: "yes" });
    expect(changed.headers.get("location")).toBe("/kent/report/report-crime/what-was-damaged/");
    await visitor.post("/kent/report/report-crime/what-was-damaged/", { "damage-description": "Window smashed" });
    const after = await (await visitor.get("/kent/report/report-crime/check-answers/")).text();
    expect(after).toContain("Window smashed");
    expect(after).not.toContain("What was stolen?");
  });

  it("gives the same reference for a report sent twice (double click, Back then Send, a retried request)", async () => {
    const visitor = new Visitor(service.app);
    const fraud = definitions.find((d) => d.id === "report-fraud")!;
    const before = await service.store.countReports();
    for (const { step, form } of happyPath(fraud)) await visitor.post(step === fraud.steps[0] ? "/kent/report/report-fraud/" : `/kent/report/report-fraud/${step.id}/`, form);
    const [a, b] = await Promise.all([visitor.post("/kent/report/report-fraud/check-answers/", {}), visitor.post("/kent/report/report-fraud/check-answers/", {})]);
    expect([a.status, b.status]).toEqual([303, 303]);
    const again = await visitor.post("/kent/report/report-fraud/check-answers/", {});
    expect(again.headers.get("location")).toBe("/kent/report/report-fraud/confirmation/");
    expect(await service.store.countReports()).toBe(before + 1);
  });

  it("keeps two reports of different services in two tabs apart", async () => {
    const visitor = new Visitor(service.app);
    await visitor.post("/kent/report/report-crime/", { "in-danger": "no", "crime-type": "theft" });
    await visitor.post("/kent/report/report-fraud/", { "fraud-triage": "vulnerable" });
    const crimePage = await (await visitor.get("/kent/report/report-crime/")).text();
    const fraudPage = await (await visitor.get("/kent/report/report-fraud/")).text();
    expect(crimePage).toMatch(/value="theft"[^>]*checked/);
    expect(fraudPage).toMatch(/value="vulnerable"[^>]*checked/);
    expect(crimePage).not.toMatch(/value="vulnerable"[^>]*checked/);
  });

  it("works the same through a real listening server, over HTTP", async () => {
    const server = await listen(service.app);
    try {
      const hate = definitions.find((d) => d.id === "report-hate-crime")!;
      const reference = await report(new Visitor(server.url), "btp", hate);
      expect(reference).toMatch(/^BTP-/);
      expect((await service.store.getReport(reference))!.priority).toBe("urgent");
    } finally {
      await server.close();
    }
  });

  it("completes a report in Welsh on a bilingual force's Welsh pages", async () => {
    const crime = definitions.find((d) => d.id === "report-crime")!;
    const reference = await report(new Visitor(service.app), "gwent", crime, "/gwent/cy/");
    expect((await service.store.getReport(reference))!.lang).toBe("cy");
  });
});

describe("what happens next, as the force's own place has it", () => {
  it.each([
    ["kent", "the National Domestic Abuse Helpline on", "Live Fear Free"],
    ["gwent", "the Live Fear Free helpline on", "0808 2000 247"],
  ])("%s: the confirmation of a domestic abuse report gives its nation's helpline, as a link to call", async (force, shown, notShown) => {
    const abuse = definitions.find((d) => d.id === "report-domestic-abuse")!;
    const visitor = new Visitor(service.app);
    const start = `/${force}/report/${abuse.id}/`;
    await answerEveryStep(visitor, start, abuse);
    await visitor.post(`${start}check-answers/`, {});
    const page = await (await visitor.get(`${start}confirmation/`)).text();
    expect(page).toContain(shown);
    expect(page).not.toContain(notShown);
    expect(page).not.toContain("{%");
    expect(page).toMatch(/<a href="tel:0808(2000247|8010800)" class="govuk-link">/);
  });
});

describe("triage that knows whose site it is", () => {
  const crime = () => definitions.find((d) => d.id === "report-crime")!;
  const first = { "in-danger": "no", "crime-type": "theft" };
  const onTheRailway = async (force: string, answer: "yes" | "no") => {
    const visitor = new Visitor(service.app);
    expect((await visitor.post(`/${force}/report/report-crime/`, first)).headers.get("location")).toBe(`/${force}/report/report-crime/railway/`);
    return (await visitor.post(`/${force}/report/report-crime/railway/`, { "on-the-railway": answer })).headers.get("location");
  };

  it("on British Transport Police's site, a crime on the railway is reported there: the whole report reaches a BTP reference", async () => {
    expect(await onTheRailway("btp", "yes")).toBe("/btp/report/report-crime/when-it-happened/");
    const reference = await report(new Visitor(service.app), "btp", forSites(crime(), "railway"));
    expect(reference).toMatch(/^BTP-/);
    const stored = (await service.store.getReport(reference))!;
    expect(stored).toMatchObject({ forceId: "btp", serviceId: "report-crime" });
    expect(stored.path).toContain("railway");
    expect(stored.path).not.toContain("force-area");
    // Its start page no longer turns railway crime away; Kent's still sends it to BTP.
    expect(readPage(siteDir, "/btp/report/report-crime/").text).not.toContain("report it to British Transport Police instead");
    expect(readPage(siteDir, "/kent/report/report-crime/").text).toContain("report it to British Transport Police instead");
  });

  it("on Kent's site, the same answer is sent to British Transport Police", async () => {
    expect(await onTheRailway("kent", "yes")).toBe("/kent/report/report-crime/outcome/british-transport-police/");
    expect(readPage(siteDir, "/kent/report/report-crime/outcome/british-transport-police/").querySelector("main")!.text).toContain("0800 40 50 40");
  });

  it("on British Transport Police's site, a crime not on the railway goes to the local force, on a page that does not send it back to BTP", async () => {
    const location = await onTheRailway("btp", "no");
    expect(location).toBe("/btp/report/report-crime/outcome/another-force/");
    const main = readPage(siteDir, location!).querySelector("main")!;
    expect(main.text).toContain("did not happen on the railway, which is the area British Transport Police covers");
    expect(main.text).not.toContain("report it to British Transport Police");
    expect(main.text).not.toContain("If it happened on the railway");
    expect(main.querySelectorAll("a").map((a) => a.getAttribute("href"))).not.toContain("/btp/");
    // Every council area to choose from (BTP covers none), and a "choose" placeholder.
    expect(main.querySelectorAll("#council-area option").length).toBe(loadGeography(".", new Set()).geography.areas.length + 1);
    // BTP's site has no force-area question (the railway one decides) and no "report it to BTP" outcome.
    expect(existsSync(`${siteDir}/btp/report/report-crime/force-area/index.html`)).toBe(false);
    expect(existsSync(`${siteDir}/btp/report/report-crime/outcome/british-transport-police/index.html`)).toBe(false);
  });

  it("on Kent's another-force outcome: 'the area Kent Police covers', and the railway pointed to BTP", async () => {
    const visitor = new Visitor(service.app);
    await visitor.post("/kent/report/report-crime/", first);
    await visitor.post("/kent/report/report-crime/railway/", { "on-the-railway": "no" });
    const location = (await visitor.post("/kent/report/report-crime/force-area/", { "in-force-area": "no" })).headers.get("location");
    expect(location).toBe("/kent/report/report-crime/outcome/another-force/");
    const main = readPage(siteDir, location!).querySelector("main")!;
    expect(main.text).toContain("this is outside the area Kent Police covers: it happened elsewhere");
    expect(main.text).toContain("Report it to British Transport Police. Text 61016 or call 0800 40 50 40.");
  });

  it("British Transport Police's numbers are its own: 0800 40 50 40 and text 61016, on its pages and its outcomes", () => {
    const contact = readPage(siteDir, "/btp/contact-us/").querySelector("main")!.text;
    expect(contact).toContain("0800 40 50 40");
    expect(contact).toContain("61016");
    const outcome = readPage(siteDir, "/btp/report/report-crime/outcome/call-999/").querySelector("main")!.text;
    expect(outcome).toContain("If it is not an emergency, call 0800 40 50 40");
    expect(readPage(siteDir, "/kent/report/report-crime/outcome/call-999/").querySelector("main")!.text).toContain("If it is not an emergency, call 101");
  });
});

describe("in Welsh", () => {
  it("switching language mid-report keeps the draft, and errors, dates and check-answers come in the page's language", async () => {
    const visitor = new Visitor(service.app);
    const crime = definitions.find((d) => d.id === "report-crime")!;
    const path = happyPath(crime);
    // Start in English…
    for (const { step, form } of path.slice(0, 3)) await visitor.post(step === crime.steps[0] ? "/gwent/report/report-crime/" : `/gwent/report/report-crime/${step.id}/`, form);
    // …switch to Welsh: the page the report has reached, in Welsh, still knows the earlier answers.
    const firstInWelsh = await (await visitor.get("/gwent/cy/report/report-crime/")).text();
    expect(firstInWelsh).toContain('lang="cy"');
    expect(firstInWelsh).toMatch(/value="theft"[^>]*checked/);
    const wrong = await visitor.post("/gwent/cy/report/report-crime/when-it-happened/", { "date-of-crime-day": "31", "date-of-crime-month": "2", "date-of-crime-year": "2026" });
    expect(wrong.headers.get("location")).toBe("/gwent/cy/report/report-crime/when-it-happened/");
    const errorPage = await (await visitor.get("/gwent/cy/report/report-crime/when-it-happened/")).text();
    expect(errorPage).toContain("Mae problem wedi codi");
    expect(errorPage).toContain("Gwall:");
    for (const { step, form } of path.slice(3)) await visitor.post(`/gwent/cy/report/report-crime/${step.id}/`, form);
    const check = await (await visitor.get("/gwent/cy/report/report-crime/check-answers/")).text();
    expect(check).toContain("Gwirio eich atebion");
    expect(check).toContain("20 Tachwedd 2026");
    expect(check).toContain('href="/gwent/report/report-crime/check-answers/"');
    await visitor.post("/gwent/cy/report/report-crime/check-answers/", {});
    const confirmation = await (await visitor.get("/gwent/cy/report/report-crime/confirmation/")).text();
    const reference = referencePattern.exec(confirmation)![1];
    expect(confirmation).toContain("Eich cyfeirnod");
    expect((await service.store.getReport(reference))!.lang).toBe("cy");
  });
});

/** Outcomes whose front matter marks them as emergencies (call 999). */
const emergencies = readdirSync("content/outcomes")
  .filter((f) => f.endsWith(".md") && !f.endsWith(".cy.md") && /^emergency: true$/m.test(readFileSync(`content/outcomes/${f}`, "utf8")))
  .map((f) => f.replace(/\.md$/, ""));

/** [service, question, the one answer given] for each first-page route to an emergency outcome. */
// Kent offers every service but the dormant ones.
const dangerAnswers = definitions.filter((d) => !d.dormant).flatMap((definition) =>
  (definition.steps[0].routes ?? []).flatMap((route) => {
    const when = route.when as { question?: string; equals?: unknown; includes?: string } | undefined;
    const outcome = route.goTo.replace(/^outcome:/, "");
    if (!emergencies.includes(outcome) || !when?.question) return [];
    const value = "includes" in when ? [when.includes!] : String(when.equals);
    return [[definition.id, when.question, value, outcome] as const];
  }),
);

describe("safe journeys for the public", () => {
  it("marks call 999 (and the missing person's call 999 page) as the emergency outcomes, each telling people to call 999 in its title", () => {
    expect(emergencies).toEqual(["call-999", "missing-person-999"]);
    for (const outcome of emergencies) expect(readFileSync(`content/outcomes/${outcome}.md`, "utf8")).toMatch(/^title: Call 999 now/m);
    expect(dangerAnswers.length).toBeGreaterThanOrEqual(10);
  });

  it.each(dangerAnswers)("%s: %s answered alone sends the person to call 999 at once, whatever else on the page is blank", async (id, question, value, outcome) => {
    const visitor = new Visitor(service.app);
    const response = await visitor.post(`/kent/report/${id}/`, { [question]: value });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`/kent/report/${id}/outcome/${outcome}/`);
  });

  it("someone in danger with the crime type blank sees 'Call 999 now', not 'Select what you want to report'", async () => {
    const visitor = new Visitor(service.app);
    const response = await visitor.post("/kent/report/report-crime/", { "in-danger": "yes" });
    expect(response.headers.get("location")).toBe("/kent/report/report-crime/outcome/call-999/");
    expect(await (await visitor.get("/kent/report/report-crime/outcome/call-999/")).text()).toContain("Call 999 now");
  });

  it("the JSON API, given danger and nothing else, answers with the call-999 outcome too", async () => {
    const response = await service.app.request("/api/v1/forces/kent/reports", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ service: "report-crime", answers: { "in-danger": "yes" } }),
    });
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ outcome: "call-999" });
  });

  it("'Exit this page' on a sensitive service deletes the draft, expires its cookie, clears the site's data and goes to a neutral site", async () => {
    const visitor = new Visitor(service.app);
    const abuse = definitions.find((d) => d.id === "report-domestic-abuse")!;
    const [first, second] = happyPath(abuse);
    const started = await visitor.post("/kent/report/report-domestic-abuse/", first.form);
    const draftId = decodeURIComponent(/fc_draft=([^;.]+)/.exec(started.headers.getSetCookie()[0])![1]);
    await visitor.post(`/kent/report/report-domestic-abuse/${second.step.id}/`, second.form);
    const page = await (await visitor.get("/kent/report/report-domestic-abuse/")).text();
    expect(page).toMatch(/class="govuk-button govuk-button--warning govuk-exit-this-page__button[^"]*"[^>]*href="\/kent\/report\/report-domestic-abuse\/exit\/"|href="\/kent\/report\/report-domestic-abuse\/exit\/"[^>]*govuk-exit-this-page__button/);
    expect(await service.store.getDraft(draftId)).toBeDefined();

    const exit = await visitor.get("/kent/report/report-domestic-abuse/exit/");
    expect(exit.status).toBe(303);
    expect(exit.headers.get("location")).toBe("https://www.bbc.co.uk/weather");
    expect(exit.headers.get("clear-site-data")).toContain('"cookies"');
    expect(exit.headers.getSetCookie().every((c) => /^fc_draft=;/.test(c) && /Max-Age=0/.test(c))).toBe(true);
    expect(await service.store.getDraft(draftId)).toBeUndefined();
    // Back: the pages come from the static site, blank.
    const back = await (await visitor.get(`/kent/report/report-domestic-abuse/${second.step.id}/`)).text();
    expect(back).not.toMatch(/checked/);
  });

  it("a sensitive draft lasts 30 minutes without an answer (its cookie too), then says it timed out", async () => {
    const visitor = new Visitor(service.app);
    const abuse = definitions.find((d) => d.id === "report-domestic-abuse")!;
    const [first, second] = happyPath(abuse);
    const started = await visitor.post("/kent/report/report-domestic-abuse/", first.form);
    expect(started.headers.getSetCookie()[0]).toContain("Max-Age=1800");
    const saved = service.now.value;
    service.now.value = new Date(saved.getTime() + 31 * 60_000);
    try {
      const late = await visitor.post(`/kent/report/report-domestic-abuse/${second.step.id}/`, second.form);
      expect(late.headers.get("location")).toBe("/kent/report/report-domestic-abuse/timed-out/");
      const page = await (await visitor.get("/kent/report/report-domestic-abuse/timed-out/")).text();
      expect(page).toContain("Your report has timed out");
      expect(page).toContain("30 minutes");
      expect(page).toContain('href="/kent/report/report-domestic-abuse/"');
    } finally {
      service.now.value = saved;
    }
    // A report that is not sensitive lasts a day.
    const crime = await new Visitor(service.app).post("/kent/report/report-crime/", { "in-danger": "no", "crime-type": "theft" });
    expect(crime.headers.getSetCookie()[0]).toContain("Max-Age=86400");
  });

  it("an expired report says so on the page it had reached, with what to do, instead of silently starting again", async () => {
    const visitor = new Visitor(service.app);
    await visitor.post("/kent/report/report-crime/", { "in-danger": "no", "crime-type": "theft" });
    const saved = service.now.value;
    service.now.value = new Date(saved.getTime() + 25 * 3_600_000);
    try {
      const later = await visitor.get("/kent/report/report-crime/railway/");
      expect(later.headers.get("location")).toBe("/kent/report/report-crime/timed-out/");
      const check = await visitor.get("/kent/report/report-crime/check-answers/");
      expect(check.headers.get("location")).toBe("/kent/report/report-crime/timed-out/");
      const page = await (await visitor.get("/kent/report/report-crime/timed-out/")).text();
      expect(page).toContain("Your report has timed out");
      expect(page).toContain("24 hours");
      expect(page).toContain("Nothing was sent to the police");
      const welsh = await (await visitor.get("/gwent/cy/report/report-crime/timed-out/")).text();
      expect(welsh).toContain("Mae eich adroddiad wedi dod i ben");
      expect(welsh).toContain("24 awr");
    } finally {
      service.now.value = saved;
    }
  });

  it("the confirmation of a sensitive report shows its reference once: revisited, it shows none", async () => {
    const visitor = new Visitor(service.app);
    const hate = definitions.find((d) => d.id === "report-hate-crime")!;
    const reference = await report(visitor, "kent", hate);
    expect(reference).toMatch(/^KNT-/);
    const again = await visitor.get("/kent/report/report-hate-crime/confirmation/");
    expect(again.status).toBe(200);
    const html = await again.text();
    expect(html).toContain("This page is no longer available");
    expect(html).not.toContain(reference);
    expect(html).not.toMatch(referencePattern);
  });

  it("'Add another' and 'Remove' are buttons the page offers, found by what they are, shown after a redirect; any other is refused", async () => {
    const visitor = new Visitor(service.app);
    const crime = definitions.find((d) => d.id === "report-crime")!;
    const path = happyPath(crime);
    const at = path.findIndex(({ step }) => step.id === "what-was-stolen");
    for (const { step, form } of path.slice(0, at)) await visitor.post(step === crime.steps[0] ? "/kent/report/report-crime/" : `/kent/report/report-crime/${step.id}/`, form);
    const page = "/kent/report/report-crime/what-was-stolen/";
    const before = await (await visitor.get(page)).text();
    const add = /value="([^"]+)" name="action"[^>]*>\s*Add another item/.exec(before)?.[1];
    expect(add).toBeDefined();
    const added = await visitor.post(page, { "stolen-items-0-item-description": "Red bicycle", action: add! });
    expect(added.headers.get("location")).toBe(page);
    const two = await (await visitor.get(page)).text();
    expect(two).toMatch(/value="Red bicycle"/);
    expect(two).toContain("Item 2");
    expect(two).not.toMatch(/<title>\s*Error: /);
    const remove = [...two.matchAll(/value="([^"]+)" name="action"/g)].map((m) => m[1]).filter((v) => v !== add);
    expect(remove).toHaveLength(2);
    await visitor.post(page, { "stolen-items-0-item-description": "Red bicycle", "stolen-items-1-item-description": "Helmet", action: remove[0] });
    const one = await (await visitor.get(page)).text();
    expect(one).toMatch(/value="Helmet"/);
    expect(one).not.toMatch(/value="Red bicycle"/);
    expect(one).not.toContain("Item 2");
    for (const forged of ["remove:stolen-items:999999999", "add:(a+)+$", "add:stolen-items:extra", "remove:stolen-items:0"]) {
      const refused = await visitor.post(page, { "stolen-items-0-item-description": "Helmet", action: forged });
      expect(refused.status, forged).toBe(400);
    }
  });

  it("each force has a branded 'Page not found' in its languages, with its navigation; so does the national site", async () => {
    const kent = await service.app.request("/kent/no-such-page/");
    expect(kent.status).toBe(404);
    const kentPage = await kent.text();
    expect(kentPage).toContain("Page not found");
    expect(kentPage).toContain("Kent Police");
    expect(kentPage).toContain('href="/kent/report/"');
    expect(kentPage).toContain("govuk-service-navigation");
    const welsh = await service.app.request("/gwent/cy/dim-tudalen/");
    expect(welsh.status).toBe(404);
    const welshPage = await welsh.text();
    expect(welshPage).toContain('lang="cy"');
    expect(welshPage).toContain("Heb ddod o hyd i’r dudalen");
    expect(welshPage).toContain('href="/gwent/cy/report/"');
    const national = await service.app.request("/no-such-force/");
    expect(national.status).toBe(404);
    const nationalPage = await national.text();
    expect(nationalPage).toContain("Page not found");
    expect(nationalPage).toContain('href="/"');
    expect(nationalPage).not.toContain("Kent Police");
  });

  it("'None of these' and similar options clear the others in the page (govuk-frontend's exclusive behaviour)", async () => {
    for (const definition of definitions) {
      for (const [i, step] of definition.steps.entries()) {
        const exclusive = step.questions.flatMap((q) => (q.type === "checkboxes" ? (q.options ?? []).filter((o) => o.exclusive).map((o) => [q.id, o.value]) : []));
        if (!exclusive.length) continue;
        const html = readFileSync(`${siteDir}/kent/report/${definition.id}/${i === 0 ? "" : `${step.id}/`}index.html`, "utf8");
        for (const [name, value] of exclusive) expect(html, `${definition.id} ${name}=${value}`).toMatch(new RegExp(`name="${name}" type="checkbox" value="${value}"[^>]*data-behaviour="exclusive"`));
      }
    }
  });
});
