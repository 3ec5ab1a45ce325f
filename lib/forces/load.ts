import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import type { Problem } from "../schema/problems.ts";
import { readJson, toProblems } from "../schema/validate.ts";

import type { Language } from "../i18n/language.ts";

/** Kept for older imports: a language is lib/i18n's. */
export type { Language };

export interface Force {
  id: string;
  name: string;
  welshName?: string;
  /** How the name reads inside a sentence, when that differs ("the Metropolitan Police Service"). */
  nameInText?: string;
  /** The nations the force polices (which helplines its pages give). */
  countries: ("england" | "wales" | "scotland")[];
  domain: string;
  code: string;
  languages: Language[];
  contact: { emergency: string; nonEmergency: string; textphone: string; emergencySms: string; text?: string };
  theme: string;
  /** What the force polices: a part of the country (the default) or the railway (British Transport Police). */
  covers?: "area" | "railway";
  services?: { off?: string[]; on?: string[]; first?: string[] };
}

/** The force's name as it is written in a language. */
export function forceName(force: Force, lang: Language): string {
  return lang === "cy" && force.welshName ? force.welshName : force.name;
}

/** The force's name inside a sentence ("outside the area the Metropolitan Police Service covers"). */
export function forceNameInText(force: Force, lang: Language): string {
  return lang === "en" && force.nameInText ? force.nameInText : forceName(force, lang);
}

/** The national defaults file: every force record is this, overlaid with the force's own file. */
export const defaultsFile = "_defaults.json";
/** What only a force's own file may say: who it is. */
const ownOnly = ["id", "name", "nameInText", "welshName", "domain", "code", "theme"];

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Defaults deep-merged with a force's own values, as govuk-eleventy-plugin merges its options: objects member by
 * member, anything else (lists included) replaced by the force's value.
 */
export function deepMerge(defaults: Json, own: Json): Json {
  const merged: Json = { ...defaults };
  for (const [key, value] of Object.entries(own)) merged[key] = isObject(value) && isObject(merged[key]) ? deepMerge(merged[key] as Json, value) : value;
  return merged;
}

/** The schema with nothing required: what one file may hold on its own, each field as the whole record allows it. */
function withoutRequired(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutRequired);
  if (!isObject(node)) return node;
  return Object.fromEntries(Object.entries(node).filter(([key]) => !["required", "if", "then", "$id"].includes(key)).map(([key, value]) => [key, withoutRequired(value)]));
}

const validators = new Map<string, { record: ValidateFunction; part: ValidateFunction }>();
/** force.schema.json for a whole (merged) record, and the same rules for the fields one file sets. */
function forceValidators(schemaPath: string) {
  let found = validators.get(schemaPath);
  if (!found) {
    const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true, verbose: true });
    const schema = JSON.parse(readFileSync(schemaPath, "utf8")) as Json;
    found = { record: ajv.compile(schema), part: ajv.compile(withoutRequired(schema) as Json) };
    validators.set(schemaPath, found);
  }
  return found;
}

/**
 * Reads every forces/<id>.json over forces/_defaults.json: each file's own fields are checked against
 * forces/force.schema.json, then the merged record is (so a missing field is named on the force it is missing
 * from). The theme defaults to the force's id. Sorted A–Z by name.
 */
export function loadForces(root: string): { forces: Force[]; problems: Problem[] } {
  const dir = path.join(root, "forces");
  const { record, part } = forceValidators(path.join(dir, "force.schema.json"));
  const forces: Force[] = [];
  const problems: Problem[] = [];

  const defaultsName = `forces/${defaultsFile}`;
  const read = readJson(path.join(dir, defaultsFile), defaultsName);
  problems.push(...read.problems);
  let defaults: Json = {};
  if (isObject(read.data)) {
    defaults = read.data;
    if (!part(defaults)) problems.push(...toProblems(defaultsName, part.errors));
    for (const key of ownOnly) if (key in defaults) problems.push({ file: defaultsName, field: `/${key}`, message: "is a force's own: set it in each force's file, not in the national defaults" });
  } else if (!read.problems.length) problems.push({ file: defaultsName, field: "", message: "must be an object of default values" });

  const files = readdirSync(dir).filter((f) => f.endsWith(".json") && f !== "force.schema.json" && f !== defaultsFile).sort();
  for (const name of files) {
    const file = `forces/${name}`;
    const { data, problems: readProblems } = readJson(path.join(dir, name), file);
    if (readProblems.length) {
      problems.push(...readProblems);
      continue;
    }
    if (!part(data)) {
      problems.push(...toProblems(file, part.errors));
      continue;
    }
    const own = data as Json;
    const merged = deepMerge(defaults, { ...(typeof own.id === "string" ? { theme: own.id } : {}), ...own });
    delete merged.$comment;
    if (!record(merged)) {
      problems.push(...toProblems(file, record.errors));
      continue;
    }
    const force = merged as unknown as Force;
    if (`${force.id}.json` !== name) {
      problems.push({ file, field: "/id", message: `is "${force.id}" but the file is named ${name}; they must match` });
      continue;
    }
    forces.push(force);
  }
  const byCode = new Map<string, string>();
  for (const force of forces) {
    const other = byCode.get(force.code);
    if (other) problems.push({ file: `forces/${force.id}.json`, field: "/code", message: `"${force.code}" is already used by ${other}; codes must be unique` });
    else byCode.set(force.code, force.id);
  }
  if (files.length === 0) problems.push({ file: "forces/", field: "", message: "holds no force records" });
  forces.sort((a, b) => a.name.localeCompare(b.name, "en-GB"));
  return { forces, problems };
}
