import type { ErrorObject } from "ajv/dist/2020.js";
import { payloadSchema, validateDocument as validate } from "./schema.ts";

export { payloadSchema };

function message(error: ErrorObject): string {
  const at = error.instancePath;
  switch (error.keyword) {
    case "required":
      return `${at}/${(error.params as { missingProperty: string }).missingProperty}: is required but missing`;
    case "additionalProperties":
      return `${at}/${(error.params as { additionalProperty: string }).additionalProperty}: is not a field of this schema version`;
    case "enum":
      return `${at}: must be one of: ${(error.params as { allowedValues: unknown[] }).allowedValues.join(", ")}`;
    case "const":
      return `${at}: must be ${JSON.stringify((error.params as { allowedValue: unknown }).allowedValue)}`;
    case "pattern": {
      const described = (error.parentSchema as { description?: string } | undefined)?.description;
      return `${at}: must be ${described ?? `like ${(error.params as { pattern: string }).pattern}`}`;
    }
    default:
      return `${at}: ${error.message ?? "is not valid"}`;
  }
}

type Linkage = { type: string; id: string };
interface Relationships {
  [name: string]: { data: Linkage | Linkage[] | null };
}

/** What the schema cannot say: every link resolves to an included resource, and each is included once and linked. */
function linkageProblems(payload: { data: { relationships: Relationships }; included: Linkage[] }): string[] {
  const problems: string[] = [];
  const included = new Map<string, number>();
  payload.included.forEach((resource, i) => {
    const key = `${resource.type} ${resource.id}`;
    if (included.has(key)) problems.push(`/included/${i}: repeats ${key}, already at /included/${included.get(key)}`);
    else included.set(key, i);
  });
  const linked = new Set<string>();
  for (const [name, relationship] of Object.entries(payload.data.relationships)) {
    const data = relationship.data;
    const links = Array.isArray(data) ? data.map((d, i) => [d, `/${i}`] as const) : data ? [[data, ""] as const] : [];
    for (const [link, suffix] of links) {
      const key = `${link.type} ${link.id}`;
      linked.add(key);
      if (!included.has(key)) problems.push(`/data/relationships/${name}/data${suffix}: points to ${key}, which is not in included`);
    }
  }
  // An included resource's own links (a vehicle's driver) must resolve too.
  payload.included.forEach((resource, i) => {
    for (const [name, relationship] of Object.entries((resource as { relationships?: Relationships }).relationships ?? {})) {
      const link = relationship.data;
      if (link && !Array.isArray(link) && !included.has(`${link.type} ${link.id}`)) problems.push(`/included/${i}/relationships/${name}/data: points to ${link.type} ${link.id}, which is not in included`);
    }
  });
  for (const [key, i] of included) if (!linked.has(key)) problems.push(`/included/${i}: ${key} is not linked from data.relationships`);
  return problems;
}

/**
 * Checks a delivery payload against payload.schema.json, then that its links hold together. Returns each problem
 * as "JSON pointer: what is wrong"; empty when the payload is valid.
 */
export function validatePayload(payload: unknown): string[] {
  if (!validate(payload)) {
    const seen = new Set<string>();
    return (validate.errors ?? [])
      .filter((e) => !["if", "anyOf", "oneOf"].includes(e.keyword))
      .map(message)
      .filter((m) => !seen.has(m) && Boolean(seen.add(m)));
  }
  return linkageProblems(payload as Parameters<typeof linkageProblems>[0]);
}
