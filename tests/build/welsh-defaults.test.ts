import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { parse } from "node-html-parser";
import { describe, expect, inject, it } from "vitest";
import { i18nAttribute, scriptDefaults, templateDefaults } from "../helpers/govuk-defaults.ts";

const siteDir = inject("siteDir");

function welshPages(): string[] {
  const pages: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === "index.html" && full.includes(`${path.sep}cy${path.sep}`)) pages.push(full);
    }
  };
  walk(siteDir);
  return pages;
}

describe("Welsh pages show none of govuk-frontend's own English", () => {
  const pages = welshPages();
  const words = templateDefaults();
  const scripts = scriptDefaults();

  it("finds the defaults it looks for, and Welsh pages to look in", () => {
    expect(words).toEqual(expect.arrayContaining(["Back", "Warning", "You can enter up to"]));
    expect(scripts.get("govuk-character-count")?.get("charactersUnderLimit.other")).toBe("You have %{count} characters remaining");
    expect(pages.length).toBeGreaterThan(100);
  });

  it("no macro's default words appear in a Welsh page's text", () => {
    const leaks: string[] = [];
    for (const file of pages) {
      const root = parse(readFileSync(file, "utf8"));
      root.querySelectorAll("script, style").forEach((node) => node.remove());
      const texts = root.querySelectorAll("body *").map((node) => node.childNodes.filter((c) => c.nodeType === 3).map((c) => c.text.trim()).join(" ").trim());
      for (const text of texts) for (const word of words) if (text === word || text.startsWith(`${word} `) || text.startsWith(`${word}:`)) leaks.push(`${path.relative(siteDir, file)}: "${text.slice(0, 60)}"`);
    }
    expect([...new Set(leaks)].slice(0, 20)).toEqual([]);
  });

  it("every govuk-frontend script on a Welsh page is given its messages in Welsh", () => {
    const missing = new Set<string>();
    for (const file of pages) {
      const root = parse(readFileSync(file, "utf8"));
      for (const [module, keys] of scripts) {
        for (const element of root.querySelectorAll(`[data-module="${module}"]`)) {
          const counting = element.querySelector("[data-maxwords]") || element.getAttribute("data-maxwords") ? "words" : "characters";
          for (const key of keys.keys()) {
            if (module === "govuk-character-count" && !key.toLowerCase().startsWith(counting)) continue;
            if (!element.hasAttribute(i18nAttribute(key))) missing.add(`${module} ${i18nAttribute(key)} (first on ${path.relative(siteDir, file)})`.replace(/ \(first.*$/, ""));
          }
        }
      }
    }
    expect([...missing]).toEqual([]);
  });
});
