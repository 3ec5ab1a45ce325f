import { cpSync, mkdtempSync, symlinkSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/** A copy of the project's content, forces and themes in a temporary folder, for editing without touching the real ones. */
export function copyContent(overlay?: string): string {
  const root = mkdtempSync(path.join(os.tmpdir(), "front-counter-content-"));
  for (const folder of ["content", "forces", "themes"]) cpSync(folder, path.join(root, folder), { recursive: true });
  symlinkSync(path.resolve("node_modules"), path.join(root, "node_modules"));
  if (overlay) cpSync(overlay, root, { recursive: true, filter: (source) => path.basename(source) !== "expected.txt" });
  return root;
}
