import { existsSync, readFileSync } from "node:fs";
import { describe, expect, inject, it } from "vitest";
import { loadForces } from "../../lib/forces/load.ts";
import { builtPages, fileFor, readAsset, readPage } from "../helpers/site.ts";

const siteDir = inject("siteDir");
// The records as the build reads them: each file merged over forces/_defaults.json.
const forces = loadForces(".").forces;
const bilingual = ["btp", "dyfed-powys", "gwent", "north-wales", "south-wales"];

describe("a site for every force", () => {
  it("has records for the 43 territorial forces and British Transport Police", () => {
    expect(forces).toHaveLength(44);
    expect(new Set(forces.map((f) => f.code)).size).toBe(44);
  });

  it.each(forces.map((f) => [f.id, f]))("%s: home page carries the force's name in its header and its own brand colour", (_id, force) => {
    const home = readPage(siteDir, `/${force.id}/`);
    expect(home.querySelector(".govuk-generic-header")!.text.trim()).toBe(force.name);
    expect(home.querySelector("title")!.text).toMatch(new RegExp(` – ${force.name}$`));
    const theme = JSON.parse(readFileSync(`themes/${force.theme}/theme.json`, "utf8"));
    const stylesheets = home.querySelectorAll('link[rel="stylesheet"]').map((l) => readAsset(siteDir, l.getAttribute("href")!));
    expect(stylesheets.join("\n")).toContain(`--govuk-brand-colour:${theme.brandColour.toLowerCase()}`);
  });

  it("lists every force A to Z on the national 'Find your police force' page, each linking to its site", () => {
    const index = readPage(siteDir, "/");
    const links = index.querySelectorAll("main ul a");
    const names = links.map((a) => a.text.trim());
    expect(names).toHaveLength(44);
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
      expect(welsh.querySelector(".govuk-generic-header")!.text.trim()).toBe(force.welshName);
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
    expect(pages.length).toBeGreaterThan(44 * 8);
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
      expect(html, where).not.toMatch(/Crown copyright|govuk-logo|GDS Transport|govuk-footer__crown/);
    }
  });

  it("links only to pages and files that exist (or that the service answers: Exit this page)", () => {
    const broken: string[] = [];
    // Exit this page deletes the report in progress, so it is the service's, not a file.
    const exitPage = /\/report\/[a-z0-9-]+\/exit\/$/;
    for (const url of pages) {
      const page = readPage(siteDir, url);
      for (const element of page.querySelectorAll("[href], [src]")) {
        const target = element.getAttribute("href") ?? element.getAttribute("src")!;
        if (/^(https?:|mailto:|tel:|#)/.test(target)) continue;
        const resolved = new URL(target, `http://site${url}`).pathname;
        if (!existsSync(fileFor(siteDir, resolved)) && !exitPage.test(resolved)) broken.push(`${url} → ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });
});
