import { readFileSync, writeFileSync } from "node:fs";
import type { AnswerType } from "../answer-types/answer-type.ts";
import { answerTypes } from "../answer-types/registry.ts";
import { questionSchemaWithAnswerTypes } from "../services/definition-schema.ts";
import { formatJson } from "./json-format.ts";

/**
 * Rewrites the question part of content/services/service.schema.json from the answer types in lib/answer-types
 * (their names, fields and which they require); the rest of the file is left exactly as written.
 */
export function schemaFileWithAnswerTypes(before: string): string {
  const start = before.indexOf('\n    "question": {');
  if (start < 0) throw new Error('service.schema.json has no "question" definition under $defs');
  const open = before.indexOf("{", start);
  let depth = 0;
  let end = open;
  let inString = false;
  for (; end < before.length; end++) {
    const ch = before[end];
    if (inString) {
      if (ch === "\\") end++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === "{") depth++;
    else if (ch === "}" && --depth === 0) break;
  }
  const question = JSON.parse(before.slice(open, end + 1));
  const written = formatJson(questionSchemaWithAnswerTypes(question), 200).trimEnd().replace(/\n/g, "\n    ");
  return before.slice(0, open) + written + before.slice(end + 1);
}

/** A schema file with its category list (`"category": { … "enum": [ … ] }`) written from content/services/categories.json; the rest as written. */
export function schemaFileWithCategories(before: string): string {
  const ids = (JSON.parse(readFileSync("content/services/categories.json", "utf8")) as { categories: { id: string }[] }).categories.map((c) => c.id);
  const start = before.indexOf('"category": {');
  const open = start < 0 ? -1 : before.indexOf('"enum": [', start);
  if (open < 0) throw new Error('the schema has no "category" with an "enum"');
  const end = before.indexOf("]", open);
  return `${before.slice(0, open)}"enum": ${JSON.stringify(ids).replaceAll('","', '", "')}${before.slice(end + 1)}`;
}

/** The editors' table of answer types (docs/answer-types.md), from the same units. */
export function answerTypesGuide(): string {
  const rows = (Object.values(answerTypes) as AnswerType[]).map((unit) => {
    const fields = Object.entries(unit.fields).map(([name, schema]) => `\`${name}\`${unit.requires?.includes(name) ? " (required)" : ""}: ${String((schema as { description?: string }).description ?? "")}`);
    return `| \`${unit.type}\` | ${unit.description.replaceAll("|", "\\|")} | ${fields.join("<br>") || "—"} | ${unit.examples.map((e) => e.name).join("; ")} |`;
  });
  return [
    "# Answer types",
    "",
    "<!-- Written by `npm run schemas` from lib/answer-types: change a unit there, not this file. -->",
    "",
    "Every question in a service definition has a `type`. Each type is one unit in `lib/answer-types/<type>.ts`: its check, how a",
    "post is read, its govuk-frontend component, its words on check answers and in the payload, its messages in English and Welsh,",
    "and the examples its tests run. Besides the fields every question has (`id`, `type`, `label`, `hint`, `errorName`, `optional`,",
    "`showWhen`, `autocomplete`, `errors`), a type takes these:",
    "",
    "| type | what it asks | its own fields | examples its tests run |",
    "| --- | --- | --- | --- |",
    ...rows,
    "",
  ].join("\n");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const outputs: [string, (before: string) => string][] = [
    ["content/services/service.schema.json", (before) => schemaFileWithCategories(schemaFileWithAnswerTypes(before))],
    ["lib/delivery/payload.schema.json", schemaFileWithCategories],
    ["docs/answer-types.md", () => answerTypesGuide()],
  ];
  for (const [file, make] of outputs) {
    let before = "";
    try {
      before = readFileSync(file, "utf8");
    } catch {}
    const after = make(before);
    if (after === before) console.log(`${file} is up to date`);
    else {
      writeFileSync(file, after);
      console.log(`${file} written from lib/answer-types and content/services/categories.json`);
    }
  }
}
