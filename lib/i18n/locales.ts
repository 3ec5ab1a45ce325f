import path from "node:path";
import type { Language } from "./language.ts";
import type { Problem } from "../schema/problems.ts";
import { readJson, validateAgainst } from "../schema/validate.ts";

export const languages: Language[] = ["en", "cy"];

/** Flat dictionary: "footer.copyright" → "© {force}". */
export type Dictionary = Record<string, string>;
export type Locales = Record<Language, Dictionary>;

function flatten(group: Record<string, unknown>, prefix = "", into: Dictionary = {}): Dictionary {
  for (const [key, value] of Object.entries(group)) {
    if (key === "$schema") continue;
    const name = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") into[name] = value;
    else flatten(value as Record<string, unknown>, name, into);
  }
  return into;
}

// {Name} and {name} are the same value, capitalised or not: a language may need either.
const placeholders = (text: string) => [...new Set([...text.matchAll(/\{([a-zA-Z]+)\}/g)].map((m) => m[1].toLowerCase()))].sort().join(",");

/** Reads content/locales/<lang>.json; every language must carry exactly en.json's keys and placeholders. */
export function loadLocales(root: string): { locales: Locales; problems: Problem[] } {
  const dir = path.join(root, "content", "locales");
  const schema = path.join(dir, "locale.schema.json");
  const problems: Problem[] = [];
  const locales = {} as Locales;
  for (const lang of languages) {
    const file = `content/locales/${lang}.json`;
    const { data, problems: readProblems } = readJson(path.join(dir, `${lang}.json`), file);
    const invalid = readProblems.length ? readProblems : validateAgainst(schema, file, data);
    problems.push(...invalid);
    locales[lang] = invalid.length ? {} : flatten(data as Record<string, unknown>);
  }
  const reference = locales.en;
  for (const lang of languages.filter((l) => l !== "en")) {
    const file = `content/locales/${lang}.json`;
    if (problems.some((p) => p.file === file)) continue;
    const dictionary = locales[lang];
    for (const key of Object.keys(reference)) {
      if (!(key in dictionary)) problems.push({ file, field: `/${key.replaceAll(".", "/")}`, message: `is missing (en.json has "${reference[key]}")` });
      else if (placeholders(dictionary[key]) !== placeholders(reference[key])) {
        problems.push({ file, field: `/${key.replaceAll(".", "/")}`, message: `must use the same {placeholders} as en.json ("${reference[key]}")` });
      }
    }
    for (const key of Object.keys(dictionary)) {
      if (!(key in reference)) problems.push({ file, field: `/${key.replaceAll(".", "/")}`, message: "is not in en.json; add it there first or remove it" });
    }
  }
  return { locales, problems };
}

/** Looks a UI string up and fills its {placeholders}. An unknown key is a programming error, so it throws. */
export function translate(dictionary: Dictionary, key: string, values: Record<string, string | number> = {}): string {
  const text = dictionary[key];
  if (text === undefined) throw new Error(`No UI string "${key}" in content/locales`);
  return text.replace(/\{([a-zA-Z]+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}
