import { readFileSync } from "node:fs";
import { describe, expect, inject, it } from "vitest";
import { builtPages, readPage } from "../helpers/site.ts";

const siteDir = inject("siteDir");
const flatten = (group: Record<string, unknown>, prefix = ""): [string, string][] =>
  Object.entries(group).flatMap(([key, value]) => (key === "$schema" ? [] : typeof value === "string" ? [[prefix + key, value] as [string, string]] : flatten(value as Record<string, unknown>, `${prefix}${key}.`)));
const english = new Map(flatten(JSON.parse(readFileSync("content/locales/en.json", "utf8"))));

/**
 * English UI strings a Welsh page must never show: every whole string without placeholders, including any
 * "translated" by copying the English. Only the name of the English language itself (the switch) may appear.
 */
const leaks = [...english].filter(([key, text]) => key !== "language.name" && !text.includes("{") && text.length >= 4);

describe("Welsh pages speak Welsh", () => {
  it.each(["btp", "dyfed-powys", "gwent", "north-wales", "south-wales"])("%s: no English interface text on any Welsh page", (force) => {
    const pages = builtPages(siteDir).filter((url) => url.startsWith(`/${force}/cy/`));
    expect(pages.length).toBeGreaterThan(100);
    for (const url of pages) {
      const page = readPage(siteDir, url);
      const text = page.querySelector("body")!.text.replace(/\s+/g, " ");
      // A phrase anywhere is a leak; a single word ("Report") only when it is an element's whole text,
      // since it may be part of a proper name (Report Fraud) in Welsh too.
      const wholeTexts = new Set(page.querySelectorAll("body *").filter((e) => e.childNodes.every((n) => n.nodeType === 3)).map((e) => e.text.trim()));
      for (const [key, value] of leaks) {
        const shown = value.includes(" ") ? text.includes(value) : wholeTexts.has(value);
        expect(shown, `${url} shows "${value}" (${key})`).toBe(false);
      }
      expect(page.querySelector("html")!.getAttribute("lang")).toBe("cy");
    }
  });

  it("every step of every service offers the same page in English through the language switch", () => {
    const steps = builtPages(siteDir).filter((url) => url.startsWith("/gwent/cy/report/"));
    for (const url of steps) {
      const link = readPage(siteDir, url).querySelector('.govuk-language-navigation a[lang="en"]');
      expect(link?.getAttribute("href"), url).toBe(url.replace("/gwent/cy/", "/gwent/"));
    }
  });
});
