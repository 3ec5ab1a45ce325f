/**
 * npm run build [-- --out <dir>] [--root <folder with content/, forces/, themes/>] [--if-needed]
 * Builds every force's site into a fresh folder and swaps it in only when the whole build succeeded,
 * so a failed build leaves the previous site intact (or none).
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { ContentError, findContentError, formatProblem } from "../schema/problems.ts";
import { precompress } from "../site/compress.ts";
import { readSite } from "../site/load.ts";

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const stampName = ".build-stamp";

/** A fingerprint of every input's path, size and time, to tell whether a build is out of date. */
function inputsFingerprint(root: string): string {
  const hash = createHash("sha256");
  const visit = (relative: string) => {
    const full = path.join(root, relative);
    if (!existsSync(full)) return;
    const stat = statSync(full);
    if (stat.isDirectory()) {
      for (const name of readdirSync(full).sort()) visit(path.join(relative, name));
    } else {
      hash.update(`${relative}\0${stat.size}\0${stat.mtimeMs}\n`);
    }
  };
  for (const input of ["content", "forces", "themes", "lib", "eleventy.config.ts", "package-lock.json"]) visit(input);
  return hash.digest("hex");
}

export async function build(outDir: string, root = projectRoot): Promise<{ pages: number }> {
  const out = path.resolve(root, outDir);
  const building = `${out}.building-${process.pid}`;
  const previous = `${out}.previous-${process.pid}`;
  rmSync(building, { recursive: true, force: true });
  const fingerprint = inputsFingerprint(root);
  // Check content first, so an editor's mistake is reported plainly rather than through Eleventy's error handler.
  const { problems } = readSite(root);
  if (problems.length) throw new ContentError(problems);
  try {
    const { Eleventy } = await import("@11ty/eleventy");
    const { configureSite } = await import("../../eleventy.config.ts");
    const eleventy = new Eleventy(path.join(root, "content"), building, { config: configureSite(root), quietMode: true });
    const results = (await eleventy.write()) as unknown as [unknown, { outputPath: string }[]] | { outputPath: string }[];
    precompress(building);
    writeFileSync(path.join(building, stampName), fingerprint);
    if (existsSync(out)) renameSync(out, previous);
    renameSync(building, out);
    rmSync(previous, { recursive: true, force: true });
    const written = Array.isArray(results[0]) ? (results as [unknown, { outputPath: string }[]])[1] : (results as { outputPath: string }[]);
    return { pages: written.filter((r) => r.outputPath?.endsWith(".html")).length };
  } finally {
    rmSync(building, { recursive: true, force: true });
  }
}

export function isUpToDate(outDir: string, root = projectRoot): boolean {
  const stamp = path.join(root, outDir, stampName);
  return existsSync(stamp) && readFileSync(stamp, "utf8") === inputsFingerprint(root);
}

async function main() {
  const { values } = parseArgs({
    options: { out: { type: "string", default: "_site" }, root: { type: "string", default: projectRoot }, "if-needed": { type: "boolean", default: false } },
  });
  const outDir = values.out!;
  const root = path.resolve(values.root!);
  if (values["if-needed"] && isUpToDate(outDir, root)) {
    console.log(`${outDir}/ is up to date.`);
    return;
  }
  const started = performance.now();
  try {
    const { pages } = await build(outDir, root);
    console.log(`Built ${pages} pages into ${outDir}/ in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
  } catch (error) {
    const contentError = findContentError(error);
    if (contentError) {
      console.error(`The site was not built: fix ${contentError.problems.length === 1 ? "this problem" : `these ${contentError.problems.length} problems`} first.`);
      for (const problem of contentError.problems) console.error(formatProblem(problem));
    } else {
      console.error(`The site was not built: ${(error as Error).message}`);
    }
    process.exitCode = 1;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
