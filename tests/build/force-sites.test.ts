import { existsSync, readdirSync, readFileSync } from "node:fs";
import { describe, expect, inject, it } from "vitest";
import { loadForces } from "../../lib/forces/load.ts";
import { builtPages, fileFor, readAsset, readPage } from "../helpers/site.ts";

const siteDir = inject("siteDir");
// The records as the build reads them: each file merged over forces/_defaults.json.
const forces = loadForces(".").forces;
// One record a file (forces/<id>.json, beside the defaults and the schema): a 45th force is one more file.
const forceFiles = readdirSync("forces").filter((f) => f.endsWith(".json") && f !== "_defaults.json" && f !== "force.schema.json");
const bilingual = ["btp", "dyfed-powys", "gwent", "north-wales", "south-wales"];

describe("a site for every force", () => {
  it("has a record for every force file, the 43 territorial forces and British Transport Police among them, each with its own code", () => {
    expect(forces.map((f) => `${f.id}.json`).sort()).toEqual(forceFiles.sort());
    expect(forceFiles.length).toBeGreaterThanOrEqual(44);
    for (const id of ["btp", "city-of-london", "kent", "metropolitan", "south-wales", "west-yorkshire"]) expect(forces.map((f) => f.id)).toContain(id);
    expect(new Set(forces.map((f) => f.code)).size).toBe(forces.length);
  });

  it.each(forces.map((f) => [f.id, f]))("%s: home page carries the force's name in its header (its logo's alt text, or its wordmark) and its own brand colour", (_id, force) => {
    const home = readPage(siteDir, `/${force.id}/`);
    const theme = JSON.parse(readFileSync(`themes/${force.theme}/theme.json`, "utf8"));
    const header = home.querySelector(".govuk-generic-header")!;
    if ("svg" in theme.logo) expect(header.querySelector("img")!.getAttribute("alt")).toBe(force.name);
    else expect(header.text.trim()).toBe(force.name);
    expect(home.querySelector("title")!.text.endsWith(` – ${force.name}`)).toBe(true);
    const stylesheets = home.querySelectorAll('link[rel="stylesheet"]').map((l) => readAsset(siteDir, l.getAttribute("href")!));
    expect(stylesheets.join("\n")).toContain(`--govuk-brand-colour:${theme.brandColour.toLowerCase()}`);
  });

  it("lists every force A to Z on the national 'Find your police force' page, each linking to its site", () => {
    const index = readPage(siteDir, "/");
    const links = index.querySelectorAll("main ul.fc-force-list a");
    const names = links.map((a) => a.text.trim());
    expect(names).toHaveLength(forces.length);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, "en-GB")));
    for (const force of forces) expect(links.find((a) => a.text.trim() === force.name)!.getAttribute("href")).toBe(`/${force.id}/`);
  });
});

describe("Welsh", () => {
  it("is published for exactly the five bilingual forces", () => {
    const withWelsh = forces.filter((f) => existsSync(fileFor(siteDir, `/${f.id}/cy/`))).map((f) => f.id).sort();
    expect(withWelsh).toEqual(bilingual);
  });

  it.each(bilingual)("%s: each page has a Welsh twin with lang=cy, the Welsh force name and hreflang links both ways", (id) => {
    const force = forces.find((f) => f.id === id)!;
    const english = builtPages(siteDir).filter((url) => url.startsWith(`/${id}/`) && !url.startsWith(`/${id}/cy/`));
    expect(english.length).toBeGreaterThan(5);
    for (const url of english) {
      const welshUrl = url.replace(`/${id}/`, `/${id}/cy/`);
      const welsh = readPage(siteDir, welshUrl);
      expect(welsh.querySelector("html")!.getAttribute("lang")).toBe("cy");
      const header = welsh.querySelector(".govuk-generic-header")!;
      expect(header.querySelector("img")?.getAttribute("alt") ?? header.text.trim()).toBe(force.welshName);
      expect(welsh.querySelector(`link[hreflang="en"]`)!.getAttribute("href")).toBe(url);
      expect(readPage(siteDir, url).querySelector(`link[hreflang="cy"]`)!.getAttribute("href")).toBe(welshUrl);
      // The language switch leads to the same page in English.
      expect(welsh.querySelector(`.govuk-language-navigation a[lang="en"]`)!.getAttribute("href")).toBe(url);
    }
  });
});

describe("local pages", () => {
  it("shows a force's override to that force and the national page to every other force", () => {
    const btp = readPage(siteDir, "/btp/advice/non-emergency/").querySelector("main")!.text;
    const kent = readPage(siteDir, "/kent/advice/non-emergency/").querySelector("main")!.text;
    expect(btp).toContain("Text us on 61016");
    expect(kent).not.toContain("61016");
    expect(kent).toContain("101");
    expect(readPage(siteDir, "/btp/cy/advice/non-emergency/").querySelector("main")!.text).toContain("Anfonwch neges destun i 61016");
  });
});

describe("every built page", () => {
  const pages = builtPages(siteDir);

  it("is a police page, not a GOV.UK one: one h1, landmarks, a skip link, govuk-frontend started as a module, no crown", () => {
    expect(pages.length).toBeGreaterThan(forces.length * 8);
    for (const url of pages) {
      const html = readFileSync(fileFor(siteDir, url), "utf8");
      const page = readPage(siteDir, url);
      const where = `on ${url}`;
      expect(page.querySelectorAll("h1").length, where).toBe(1);
      expect(page.querySelectorAll("header").length, where).toBeGreaterThanOrEqual(1);
      expect(page.querySelectorAll("main#main-content").length, where).toBe(1);
      expect(page.querySelectorAll("footer").length, where).toBeGreaterThanOrEqual(1);
      expect(page.querySelector("a.govuk-skip-link")!.getAttribute("href"), where).toBe("#main-content");
      expect(page.querySelector('script[type="module"]')?.getAttribute("src"), where).toMatch(/^\/assets\/govuk\.[0-9a-f]+\.js$/);
      // GOV.UK's "© Crown copyright" footer link, not the attribution ONS's licence asks for beside find your force ("Contains OS data © Crown copyright and database right 2020").
      expect(html.replaceAll("Contains OS data © Crown copyright and database right", ""), where).not.toMatch(/Crown copyright|govuk-logo|GDS Transport|govuk-footer__crown/);
    }
  });

  it("links only to pages and files that exist (or that the service answers: Exit this page, the track page)", () => {
    const broken: string[] = [];
    // Exit this page deletes the report in progress, and the track page looks a report up: the service's, not files.
    const exitPage = /\/report\/[a-z0-9-]+\/exit\/$|^\/[a-z-]+\/(track|cy\/dilyn)\/$/;
    for (const url of pages) {
      const page = readPage(siteDir, url);
      for (const element of page.querySelectorAll("[href], [src]")) {
        const target = element.getAttribute("href") ?? element.getAttribute("src")!;
        if (/^(https?:|mailto:|tel:|sms:|#)/.test(target)) continue;
        const resolved = new URL(target, `http://site${url}`).pathname;
        if (!existsSync(fileFor(siteDir, resolved)) && !exitPage.test(resolved)) broken.push(`${url} → ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });
});
