/**
 * The national front door and "find your force" as someone without JavaScript meets them: the built pages, and
 * the service answering the forms (a static site cannot read one) with the page that names the force.
 */
import { existsSync } from "node:fs";
import type { HTMLElement } from "node-html-parser";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { PostcodeDirectory } from "../../lib/geography/postcodes.ts";
import { createApp } from "../../submit-service/app.ts";
import { fileFor, readPage } from "../helpers/site.ts";
import { serviceSite, testService, testConfig, type TestService } from "../helpers/service.ts";
import { templateScriptHashes } from "../../lib/render/csp.ts";
import { parse } from "node-html-parser";

const siteDir = inject("siteDir");
let service: TestService;
beforeAll(async () => {
  service = await testService(siteDir);
});
afterAll(() => service?.close());

/** What a browser without JavaScript does with a GET form: the chosen option's value, and the hidden fields. */
function submitSelect(page: HTMLElement, optionText: string): string {
  const form = page.querySelector("form#find-your-force")!;
  const option = form.querySelectorAll("select[name=area] option").find((o) => o.text.trim() === optionText);
  expect(option, `no option "${optionText}"`).toBeDefined();
  const query = new URLSearchParams({ area: option!.getAttribute("value")! });
  for (const hidden of form.querySelectorAll("input[type=hidden]")) query.append(hidden.getAttribute("name")!, hidden.getAttribute("value")!);
  return `${form.getAttribute("action")}?${query}`;
}

/** Follows the service's redirect to the static page it names, as a browser would. */
async function follow(url: string): Promise<{ location: string; page: HTMLElement }> {
  const response = await service.app.request(url);
  expect(response.status, url).toBe(303);
  const location = response.headers.get("location")!;
  const served = await service.app.request(location);
  expect(served.status, location).toBe(200);
  return { location, page: parse(await served.text()) };
}

describe("the national front door", () => {
  it.each([
    ["/", "en", "Find your police force"],
    ["/cy/", "cy", "Dod o hyd i’ch heddlu"],
  ])("%s: find your force first, then every force A to Z, the national services, and the same footer as a force's site", async (url, lang, heading) => {
    const { forces, councilAreas } = await serviceSite();
    const page = readPage(siteDir, url);
    expect(page.querySelector("html")!.getAttribute("lang")).toBe(lang);
    expect(page.querySelector("h1")!.text.trim()).toBe(heading);
    const main = page.querySelector("main")!.innerHTML;
    expect(main.indexOf('id="find-your-force"')).toBeLessThan(main.indexOf("fc-force-list"));
    expect(page.querySelectorAll("select[name=area] option")).toHaveLength(councilAreas.length + 1); // and "Choose your council area"
    expect(page.querySelectorAll("ul.fc-force-list a")).toHaveLength(forces.size);
    const hrefs = page.querySelectorAll("main a").map((a) => a.getAttribute("href"));
    expect(hrefs).toEqual(expect.arrayContaining(["https://www.reportfraud.police.uk/", "https://crimestoppers-uk.org/", "https://www.ct.police.uk/"]));
    expect(page.querySelector("main")!.text).toContain(lang === "en" ? "Source: Office for National Statistics licensed under the Open Government Licence v3.0. Contains OS data © Crown copyright and database right 2020." : "Ffynhonnell: Swyddfa Ystadegau Gwladol");
    const footer = page.querySelectorAll("footer a").map((a) => a.getAttribute("href")!);
    expect(footer).toEqual([`${url}accessibility/`, `${url}privacy/`, `${url}cookies/`]);
    for (const href of footer) {
      const linked = readPage(siteDir, href);
      expect(linked.querySelector("html")!.getAttribute("lang")).toBe(lang);
      expect(linked.querySelector("h1")!.text.trim()).not.toBe("");
    }
    // The language switch leads to the other front door.
    expect(page.querySelector(".govuk-service-navigation a[hreflang], .govuk-service-navigation a[lang]")!.getAttribute("href")).toBe(lang === "en" ? "/cy/" : "/");
  });

  it("names each force as the force does, in Welsh where it has a Welsh name", () => {
    const welsh = readPage(siteDir, "/cy/").querySelectorAll("ul.fc-force-list a").map((a) => [a.text.trim(), a.getAttribute("href")]);
    expect(welsh).toContainEqual(["Heddlu Gwent", "/gwent/cy/"]);
    expect(welsh).toContainEqual(["Kent Police", "/kent/"]);
  });
});

describe("find your force without JavaScript", () => {
  it("choosing Ashford leads to Kent Police, and Cardiff to South Wales Police", async () => {
    const front = readPage(siteDir, "/");
    const ashford = await follow(submitSelect(front, "Ashford"));
    expect(ashford.location).toBe("/find-your-force/kent/");
    expect(ashford.page.querySelector("h1")!.text.trim()).toBe("Kent Police covers that area");
    expect(ashford.page.querySelectorAll("main a").map((a) => a.getAttribute("href"))).toContain("/kent/");
    const cardiff = await follow(submitSelect(front, "Cardiff"));
    expect(cardiff.page.querySelector("h1")!.text.trim()).toBe("South Wales Police covers that area");
  });

  it("on Kent's 'another force' outcome, in Welsh on Gwent's, the answer names the force and goes on with the same service there", async () => {
    const outcome = readPage(siteDir, "/kent/report/report-crime/outcome/another-force/");
    const westmorland = await follow(submitSelect(outcome, "Westmorland and Furness"));
    expect(westmorland.location).toBe("/find-your-force/cumbria/report-crime/");
    expect(westmorland.page.querySelector("h1")!.text.trim()).toBe("Cumbria Constabulary covers that area");
    expect(westmorland.page.querySelector("a.govuk-button")!.getAttribute("href")).toBe("/cumbria/report/report-crime/");

    const welsh = readPage(siteDir, "/gwent/cy/report/report-crime/outcome/another-force/");
    const cardiff = await follow(submitSelect(welsh, "Cardiff"));
    expect(cardiff.location).toBe("/cy/find-your-force/south-wales/report-crime/");
    expect(cardiff.page.querySelector("h1")!.text.trim()).toBe("Heddlu De Cymru sy’n gwasanaethu’r ardal honno");
    expect(cardiff.page.querySelector("a.govuk-button")!.getAttribute("href")).toBe("/south-wales/cy/report/report-crime/");
  });

  it("with no council area chosen, or one that is not in the list, shows the list again", async () => {
    expect((await follow("/find-your-force/area/?area=")).location).toBe("/find-your-force/council-area/");
    expect((await follow("/find-your-force/area/?area=E99999999&lang=cy&service=report-crime")).location).toBe("/cy/find-your-force/council-area/report-crime/");
    // A service with no answer page of its own is dropped, not passed on.
    expect((await follow("/find-your-force/area/?area=E07000105&service=no-such-service")).location).toBe("/find-your-force/kent/");
  });

  it("a postcode leads to the council list until an operator imports a postcode directory, then to the force", async () => {
    const fallback = await follow("/find-your-force/postcode/?postcode=TN23+3ZZ");
    expect(fallback.location).toBe("/find-your-force/council-area/");
    expect(fallback.page.querySelector("main")!.text).toContain("We cannot find the police force from a postcode yet. Choose the council area where it happened instead.");
    expect(fallback.page.querySelector("select[name=area]")).not.toBeNull();

    const withDirectory = createApp({
      siteDir,
      site: await serviceSite(),
      store: service.store,
      clock: () => new Date(),
      logger: { info() {}, error() {} },
      config: testConfig,
      scriptHashes: templateScriptHashes(process.cwd()),
      postcodes: new PostcodeDirectory("CF101ZZ\tsouth-wales\nTN233ZZ\tkent\n"),
    });
    const answer = await withDirectory.request("/find-your-force/postcode/?postcode=tn23%203zz&service=report-crime");
    expect(answer.headers.get("location")).toBe("/find-your-force/kent/report-crime/");
    expect((await withDirectory.request("/find-your-force/postcode/?postcode=ZZ1+1ZZ")).headers.get("location")).toBe("/find-your-force/council-area/");
  });

  it("ships the boundaries for location as a file fetched only on consent, not linked from the page", () => {
    const page = readPage(siteDir, "/");
    const boundaries = page.querySelector("[data-fc-find-force]")!.getAttribute("data-boundaries")!;
    expect(boundaries).toMatch(/^\/assets\/geography\/force-areas\.[\w-]+\.json$/);
    expect(existsSync(fileFor(siteDir, boundaries))).toBe(true);
    expect(page.querySelectorAll("link, script").map((e) => e.getAttribute("href") ?? e.getAttribute("src"))).not.toContain(boundaries);
    expect(page.querySelector("[data-fc-location]")!.hasAttribute("hidden")).toBe(true);
  });
});
