import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * A copy of the project's content, forces and themes in a temporary folder, for editing without touching the
 * real ones. An overlay folder's files replace or add to the copy; its remove.txt lists files to take away.
 */
export function copyContent(overlay?: string): string {
  const root = mkdtempSync(path.join(os.tmpdir(), "front-counter-content-"));
  for (const folder of ["content", "forces", "themes"]) cpSync(folder, path.join(root, folder), { recursive: true });
  symlinkSync(path.resolve("node_modules"), path.join(root, "node_modules"));
  if (overlay) {
    cpSync(overlay, root, { recursive: true, filter: (source) => !["expected.txt", "remove.txt"].includes(path.basename(source)) });
    const removals = path.join(overlay, "remove.txt");
    if (existsSync(removals)) for (const file of readFileSync(removals, "utf8").split("\n").filter(Boolean)) rmSync(path.join(root, file));
  }
  return root;
}
