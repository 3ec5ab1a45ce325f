/**
 * npm run build [-- --out <dir>] [--root <folder with content/, forces/, themes/>] [--if-needed]
 * Builds every force's site. Everything is read, checked and rendered in memory before anything is written,
 * so a content or template error leaves the previous site as it was. A first build writes into a fresh folder
 * and swaps it in; later builds write only the files whose content changed and remove the pages that are gone.
 */
import { createHash } from "node:crypto";
import { outcomeOf } from "../triage/outcome.ts";
import { existsSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { findContentError, formatProblem } from "../schema/problems.ts";
import { readBuildRecord, readManifest } from "../site/manifest.ts";

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

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
  for (const input of ["content", "forces", "themes", "lib", "package-lock.json"]) visit(input);
  return hash.digest("hex");
}

export interface BuildResult {
  pages: number;
  /** Files (pages and assets) written because they are new or changed, and removed because they are gone. */
  written: string[];
  removed: string[];
  unchanged: number;
}

const count = (n: number) => n.toLocaleString("en-GB");

export async function build(outDir: string, root = projectRoot, log: (line: string) => void = () => {}): Promise<BuildResult> {
  // Loaded here, not at the top, so `npm start` with an up-to-date build decides in a blink that there is nothing to do.
  const [{ templateScriptHashes }, { createEnvironment }, { ContentError }, { readSite }, { manifestOf, writeBuildRecord, writeManifest }, { planAssets, serviceLanguages }, { pageGroups, renderInputsKey }, { assetFile, pageFile, SiteWriter }] = await Promise.all([
    import("../render/csp.ts"),
    import("../render/environment.ts"),
    import("../schema/problems.ts"),
    import("../site/load.ts"),
    import("../site/manifest.ts"),
    import("../site/plan.ts"),
    import("../site/render.ts"),
    import("../site/write.ts"),
  ]);
  const out = path.resolve(root, outDir);
  const fingerprint = inputsFingerprint(root);
  // An earlier build's record of what it wrote (without one, the site is built afresh and swapped in).
  const previous = existsSync(out) && readManifest(out) ? readBuildRecord(out) : undefined;
  log(previous ? `Updating ${outDir} (only what changed is written).` : `Building every force's site into ${outDir} for the first time.`);

  log("1/4 Reading and checking content, forces and themes…");
  const { site, problems } = readSite(root);
  if (problems.length) throw new ContentError(problems);
  const total = site.forces.reduce((sum, force) => {
    const perLanguage = (site.servicesByForce.get(force.id) ?? []).reduce((n, d) => n + d.steps.length + new Set(d.steps.flatMap((s) => (s.routes ?? []).map((r) => outcomeOf(r.goTo))).filter((id) => id !== undefined)).size, 0);
    return sum + (site.pagesByForce.get(force.id)?.length ?? 0) + perLanguage * serviceLanguages(site, force).length;
  }, 1);
  const services = new Set([...site.servicesByForce.values()].flat()).size;
  log(`    ${site.forces.length} forces, ${site.themes.size} themes, ${services} services: ${count(total)} pages to make.`);

  log("2/4 Compiling the stylesheet and bundling the browser code (kept for the next build)…");
  const assets = await planAssets(site);

  const env = createEnvironment(root, () => site.locales);
  const groups = pageGroups(site, env, assets.names, renderInputsKey(root, site.locales));
  // A group of pages made from the same inputs as last time is the last build's, if its files are still there.
  const made = previous?.pages ?? {};
  const kept: string[] = [];
  const pageFiles: Record<string, string[]> = {};
  const toRender = groups.filter((group) => {
    const files = made[group.key];
    if (!files || !files.every((file) => previous!.files[file] !== undefined && existsSync(path.join(out, file)))) return true;
    kept.push(...files);
    pageFiles[group.key] = files;
    return false;
  });
  const rendering = total - kept.length;
  log(previous ? `3/4 Rendering ${count(rendering)} pages whose content, theme, strings or templates changed (${count(kept.length)} are as the last build made them)…` : "3/4 Rendering pages (compressed in the background as they are made)…");
  const target = previous ? out : `${out}.building-${process.pid}`;
  rmSync(`${out}.building-${process.pid}`, { recursive: true, force: true });
  // A first build writes into a folder of its own as it goes; an update, only once every page is made.
  const writer = new SiteWriter(target, previous?.files, !previous);
  try {
    writer.keep(kept);
    let rendered = 0;
    let shown = 0;
    for (const group of toRender) {
      const pages = group.render();
      for (const page of pages) writer.add({ path: pageFile(page.url), content: page.html });
      pageFiles[group.key] = pages.map((p) => pageFile(p.url));
      rendered += pages.length;
      if (rendered - shown >= rendering / 5 && rendered < rendering) {
        shown = rendered;
        log(`    ${count(rendered)} of ${count(rendering)} pages rendered`);
      }
    }
    for (const asset of assets.files) writer.add({ path: assetFile(asset.url), content: asset.content });

    log(`4/4 ${previous ? "Writing and compressing what changed" : "Finishing compressing and writing"}…`);
    let lastShown = 0;
    const report = await writer.finish((done, changed) => {
      if (changed > 1000 && done - lastShown >= changed / 4 && done < changed) {
        lastShown = done;
        log(`    ${count(done)} of ${count(changed)} files written`);
      }
    });
    // Site search: each force's index per language, of the pages just written (lib/site/search.ts).
    const { indexSearch } = await import("../site/search.ts");
    const search = await indexSearch(target, site.forces, report.hashes, log);
    if (search.indexes) log(`    Search: ${search.indexes} indexes of ${count(search.pages)} pages (guidance, service start pages, outcomes).`);
    writeBuildRecord(target, { files: report.hashes, pages: pageFiles });
    writeManifest(target, manifestOf(site, assets.names, fingerprint, templateScriptHashes(root)));
    if (!previous) {
      const old = `${out}.previous-${process.pid}`;
      if (existsSync(out)) renameSync(out, old);
      renameSync(target, out);
      rmSync(old, { recursive: true, force: true });
    }
    return { pages: rendered + kept.length, written: report.written, removed: report.removed, unchanged: report.unchanged };
  } finally {
    await writer.close();
    if (!previous) rmSync(target, { recursive: true, force: true });
  }
}

export function isUpToDate(outDir: string, root = projectRoot): boolean {
  return readManifest(path.resolve(root, outDir))?.inputs === inputsFingerprint(root);
}

/** What `npm start` does first: builds only when an input changed since the last build. */
export async function buildIfNeeded(outDir: string, root = projectRoot, log: (line: string) => void = console.log): Promise<boolean> {
  if (isUpToDate(outDir, root)) {
    log(`${outDir}/ is up to date.`);
    return true;
  }
  return runBuild(outDir, root, log);
}

/** Builds and says how it went, in an editor's words; false (and exit code 1) when the site was not built. */
async function runBuild(outDir: string, root: string, log: (line: string) => void): Promise<boolean> {
  const started = performance.now();
  try {
    const result = await build(outDir, root, log);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    log(`Built ${count(result.pages)} pages into ${outDir}/ in ${seconds} s: ${count(result.written.length)} files written, ${count(result.removed.length)} removed, ${count(result.unchanged)} unchanged.`);
    return true;
  } catch (error) {
    const contentError = findContentError(error);
    if (contentError) {
      console.error(`The site was not built: fix ${contentError.problems.length === 1 ? "this problem" : `these ${contentError.problems.length} problems`} first.`);
      for (const problem of contentError.problems) console.error(formatProblem(problem));
    } else {
      console.error(`The site was not built: ${(error as Error).message}`);
    }
    process.exitCode = 1;
    return false;
  }
}

async function main() {
  const { values } = parseArgs({
    options: { out: { type: "string", default: "_site" }, root: { type: "string", default: projectRoot }, "if-needed": { type: "boolean", default: false } },
  });
  const outDir = values.out!;
  const root = path.resolve(values.root!);
  if (values["if-needed"]) await buildIfNeeded(outDir, root);
  else await runBuild(outDir, root, (line) => console.log(line));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
