import { readFileSync, writeFileSync } from "node:fs";
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

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = "content/services/service.schema.json";
  const before = readFileSync(file, "utf8");
  const after = schemaFileWithAnswerTypes(before);
  if (after === before) console.log(`${file} is up to date`);
  else {
    writeFileSync(file, after);
    console.log(`${file}: its question part rewritten from lib/answer-types`);
  }
}
