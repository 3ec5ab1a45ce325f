import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { build } from "../../lib/cli/build.ts";

/** Builds the real site once, into a temporary folder, for every test that reads built pages. */
export default async function setup(project: TestProject) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "front-counter-site-"));
  const siteDir = path.join(dir, "_site");
  await build(siteDir);
  project.provide("siteDir", siteDir);
  return () => rmSync(dir, { recursive: true, force: true });
}

declare module "vitest" {
  export interface ProvidedContext {
    siteDir: string;
  }
}
