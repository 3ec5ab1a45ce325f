import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { mostBytesAnyKind } from "../lib/answer-types/file.checks.ts";
import type { ServiceDefinition } from "../lib/services/types.ts";

/** A page that takes files: its path after `report/` ("submit-driving-footage/footage/"), and the most bytes one post may carry. */
export interface UploadStep {
  path: string;
  maxBytes: number;
}

const id = /^[a-z0-9-]+$/;

/** Every page of every service (national and forces' own) that takes files, read from the definitions in a checkout. */
export function uploadSteps(root: string): UploadStep[] {
  const folders = [path.join(root, "content/services"), ...readdirSync(path.join(root, "forces"), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => path.join(root, "forces", d.name, "services"))];
  const found = new Map<string, number>();
  for (const folder of folders.filter((f) => existsSync(f))) {
    for (const entry of readdirSync(folder, { withFileTypes: true }).filter((d) => d.isDirectory())) {
      const file = path.join(folder, entry.name, "service.json");
      if (!existsSync(file)) continue;
      const definition = JSON.parse(readFileSync(file, "utf8")) as ServiceDefinition;
      definition.steps.forEach((step, i) => {
        const files = step.questions.filter((q) => q.type === "file");
        if (!files.length || !id.test(definition.id) || !id.test(step.id)) return;
        const at = `${definition.id}/${i === 0 ? "" : `${step.id}/`}`;
        found.set(at, Math.max(found.get(at) ?? 0, ...files.map(mostBytesAnyKind)));
      });
    }
  }
  return [...found].sort(([a], [b]) => a.localeCompare(b)).map(([at, maxBytes]) => ({ path: at, maxBytes }));
}
