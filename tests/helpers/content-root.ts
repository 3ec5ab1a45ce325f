import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import jsonPatch from "fast-json-patch";

/** One file a fixture changes: a copy of `from` (default: the file itself) with a JSON Patch (RFC 6902) applied. */
interface Change {
  file: string;
  from?: string;
  patch: jsonPatch.Operation[];
}

/**
 * A copy of the project's content, forces and themes in a temporary folder, for editing without touching the
 * real ones. An overlay folder's files replace or add to the copy; its remove.txt lists files to take away; its
 * changes.json makes small edits to a good file (so a fixture shows its one mistake, not a 600-line copy).
 */
export function copyContent(overlay?: string): string {
  const root = mkdtempSync(path.join(os.tmpdir(), "front-counter-content-"));
  for (const folder of ["content", "forces", "themes"]) cpSync(folder, path.join(root, folder), { recursive: true });
  symlinkSync(path.resolve("node_modules"), path.join(root, "node_modules"));
  if (overlay) {
    cpSync(overlay, root, { recursive: true, filter: (source) => !["expected.txt", "remove.txt", "changes.json"].includes(path.basename(source)) });
    const changes = path.join(overlay, "changes.json");
    if (existsSync(changes)) for (const change of JSON.parse(readFileSync(changes, "utf8")) as Change[]) applyChange(root, change);
    const removals = path.join(overlay, "remove.txt");
    if (existsSync(removals)) for (const file of readFileSync(removals, "utf8").split("\n").filter(Boolean)) rmSync(path.join(root, file));
  }
  return root;
}

function applyChange(root: string, change: Change) {
  const base = JSON.parse(readFileSync(change.from ?? path.join(root, change.file), "utf8"));
  const changed = jsonPatch.applyPatch(base, change.patch, true, false).newDocument as Record<string, unknown>;
  const target = path.join(root, change.file);
  // The editor's $schema line points at the schema from where the file now sits.
  if (typeof changed.$schema === "string" && change.from) changed.$schema = path.relative(path.dirname(change.file), "content/services/service.schema.json");
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, `${JSON.stringify(changed, null, 2)}\n`);
}
