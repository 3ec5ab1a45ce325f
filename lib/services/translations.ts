import type { Problem } from "../schema/problems.ts";
import { withPlaces } from "./place.ts";
import type { ServiceDefinition } from "./types.ts";

/** Every `{ en, cy }` text in a definition that has no Welsh, as JSON pointers to where the Welsh belongs. */
export function missingWelsh(definition: ServiceDefinition): string[] {
  const missing: string[] = [];
  const visit = (value: unknown, pointer: string) => {
    if (Array.isArray(value)) return value.forEach((item, i) => visit(item, `${pointer}/${i}`));
    if (!value || typeof value !== "object") return;
    const record = value as Record<string, unknown>;
    if (typeof record.en === "string" && Object.keys(record).every((k) => k === "en" || k === "cy")) {
      if (typeof record.cy !== "string") missing.push(`${pointer}/cy`);
      return;
    }
    for (const [key, inner] of Object.entries(record)) if (key !== "$schema") visit(inner, `${pointer}/${key}`);
  };
  visit(definition, "");
  return missing;
}

/** A problem for each Welsh text a service lacks, naming the bilingual forces that need it. */
export function welshProblems(definition: ServiceDefinition, file: string, bilingualForces: string[]): Problem[] {
  return withPlaces(definition, missingWelsh(definition).map((field) => ({ file, field, message: `is missing: ${bilingualForces.join(", ")} publish this service in Welsh` })));
}
