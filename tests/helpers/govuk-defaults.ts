import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";

const components = path.join("node_modules", "govuk-frontend", "dist", "govuk", "components");

/**
 * The English words govuk-frontend writes when a macro is not given its own: read from its templates
 * (`default("Back")`, `or "You can enter up to …"`), so a new version's new defaults are caught too.
 */
export function templateDefaults(): string[] {
  const found = new Set<string>();
  for (const component of readdirSync(components)) {
    let template: string;
    try {
      template = readFileSync(path.join(components, component, "template.njk"), "utf8");
    } catch {
      continue;
    }
    for (const match of template.matchAll(/(?:default\(|\bor )\s*"([^"]+)"/g)) {
      const words = match[1].replace(/%\{count\}.*$/, "").trim();
      // Words a person reads start with a capital letter (ids, classes and URLs do not).
      if (/^[A-Z][a-z]/.test(words)) found.add(words);
    }
  }
  return [...found];
}

/** The messages govuk-frontend's scripts speak by default (its `i18n` defaults), by module name and key. */
export function scriptDefaults(): Map<string, Map<string, string>> {
  const byModule = new Map<string, Map<string, string>>();
  for (const component of readdirSync(components)) {
    let source: string;
    try {
      source = readFileSync(path.join(components, component, `${component}.mjs`), "utf8");
    } catch {
      continue;
    }
    const start = source.indexOf("i18n: {", source.indexOf(".defaults = Object.freeze("));
    if (start < 0 || !source.includes(".defaults = Object.freeze(")) continue;
    let depth = 0;
    let end = start + "i18n: ".length;
    for (; end < source.length; end++) {
      if (source[end] === "{") depth++;
      else if (source[end] === "}" && --depth === 0) break;
    }
    const block = source.slice(start + "i18n: ".length, end + 1);
    const keys = new Map<string, string>();
    const stack: string[] = [];
    for (const line of block.split("\n")) {
      const open = /^\s*([A-Za-z]+): \{\s*$/.exec(line);
      const entry = /^\s*([A-Za-z]+): '([^']*)'/.exec(line);
      if (open) stack.push(open[1]);
      else if (entry) keys.set([...stack, entry[1]].join("."), entry[2]);
      else if (/^\s*\}/.test(line)) stack.pop();
    }
    byModule.set(`govuk-${component}`, keys);
  }
  return byModule;
}

/** govuk-frontend's data attribute for an i18n key: `charactersUnderLimit.one` → `data-i18n.characters-under-limit.one`. */
export const i18nAttribute = (key: string) => `data-i18n.${key.split(".").map((part) => part.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)).join(".")}`;
