/**
 * What Decap saves, tidied before decap-server writes it: a JSON file keeps the order of its keys as it was on
 * disk (Decap writes the fields it changed last), two-space indented with a final newline as the project's files
 * are, so a reviewer's diff shows only what the editor changed.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

type Json = unknown;
const isObject = (value: Json): value is Record<string, Json> => typeof value === "object" && value !== null && !Array.isArray(value);

/** `next` with its keys in `before`'s order wherever `before` had them; new keys after, in the order Decap gave. */
export function inOrderOf(before: Json, next: Json): Json {
  if (Array.isArray(next)) return next.map((item, i) => inOrderOf(Array.isArray(before) ? before[i] : undefined, item));
  if (!isObject(next)) return next;
  const old = isObject(before) ? Object.keys(before) : [];
  const keys = [...old.filter((key) => key in next), ...Object.keys(next).filter((key) => !old.includes(key))];
  return Object.fromEntries(keys.map((key) => [key, inOrderOf(isObject(before) ? before[key] : undefined, next[key])]));
}

interface DataFile {
  path: string;
  raw: string;
}
interface Persist {
  action?: string;
  params?: { entry?: DataFile; dataFiles?: DataFile[] };
}

function tidy(root: string, file: DataFile): void {
  if (!file.path.endsWith(".json")) return;
  const target = path.resolve(root, file.path);
  // decap-server refuses a path outside the content; so is it left alone here.
  if (path.relative(root, target).startsWith("..")) return;
  let before: Json;
  try {
    before = existsSync(target) ? JSON.parse(readFileSync(target, "utf8")) : undefined;
  } catch {
    before = undefined; // a file that is not valid JSON now keeps Decap's order
  }
  file.raw = `${JSON.stringify(inOrderOf(before, JSON.parse(file.raw)), null, 2)}\n`;
}

/** A decap-server request with any JSON entry it saves tidied; every other request as it came. */
export function tidyRequest(root: string, body: string): string {
  let request: Persist;
  try {
    request = JSON.parse(body) as Persist;
  } catch {
    return body; // decap-server answers a bad body itself
  }
  if (request.action !== "persistEntry" || !request.params) return body;
  for (const file of [request.params.entry, ...(request.params.dataFiles ?? [])]) if (file && typeof file.path === "string" && typeof file.raw === "string") tidy(root, file);
  return JSON.stringify(request);
}
