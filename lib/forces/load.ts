import { readdirSync } from "node:fs";
import path from "node:path";
import type { Problem } from "../schema/problems.ts";
import { readJson, validateAgainst } from "../schema/validate.ts";

export type Language = "en" | "cy";

export interface Force {
  id: string;
  name: string;
  welshName?: string;
  domain: string;
  code: string;
  languages: Language[];
  contact: { emergency: string; nonEmergency: string; textphone: string; emergencySms: string; text?: string };
  theme: string;
  services?: { off?: string[] };
}

/** The force's name as it is written in a language. */
export function forceName(force: Force, lang: Language): string {
  return lang === "cy" && force.welshName ? force.welshName : force.name;
}

/** Reads every forces/<id>.json, validated by forces/force.schema.json; sorted A–Z by name. */
export function loadForces(root: string): { forces: Force[]; problems: Problem[] } {
  const dir = path.join(root, "forces");
  const schema = path.join(dir, "force.schema.json");
  const forces: Force[] = [];
  const problems: Problem[] = [];
  const files = readdirSync(dir).filter((f) => f.endsWith(".json") && f !== "force.schema.json").sort();
  for (const name of files) {
    const file = `forces/${name}`;
    const { data, problems: readProblems } = readJson(path.join(dir, name), file);
    if (readProblems.length) {
      problems.push(...readProblems);
      continue;
    }
    const invalid = validateAgainst(schema, file, data);
    if (invalid.length) {
      problems.push(...invalid);
      continue;
    }
    const force = data as Force;
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
