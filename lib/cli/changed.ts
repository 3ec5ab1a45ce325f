/**
 * npm run check -- --changed [--base <git ref>]
 * What a change affects, for whoever reviews it: the forces, languages and pages whose HTML differs between the
 * base version and the working tree. Both versions are rendered in memory by the project's own renderer (readSite
 * and renderSite), the base from `git archive` of its content, forces and themes into a temporary folder, and
 * their pages compared. The base is the merge-base with main, or HEAD when that is the same commit (uncommitted
 * changes on main), or the ref given.
 *
 * Each version renders in a process of its own (`--render <root>` prints each page's URL and a hash of its
 * HTML): the two run side by side, and the schemas each compiles are its own version's.
 */
import { execFile, execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, symlinkSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);
const here = fileURLToPath(import.meta.url);
const codeRoot = path.resolve(path.dirname(here), "../..");
const inputs = ["content", "forces", "themes"];
const languageNames: Record<string, string> = { en: "English", cy: "Welsh" };

function git(root: string, args: string[]): string {
  return execFileSync("git", ["-C", root, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
}

/** The commit to compare with, and how it was chosen, in words. */
export function baseCommit(root: string, ref?: string): { commit: string; described: string } {
  try {
    git(root, ["rev-parse", "--git-dir"]);
  } catch {
    throw new Error(`--changed compares with an earlier version in git, but ${root} is not in a git repository`);
  }
  if (ref !== undefined) {
    let commit: string;
    try {
      commit = git(root, ["rev-parse", "--verify", "--quiet", "--end-of-options", `${ref}^{commit}`]);
    } catch {
      throw new Error(`--base "${ref}" is not a commit, branch or tag in this repository`);
    }
    return { commit, described: `${ref} (${commit.slice(0, 8)})` };
  }
  const head = git(root, ["rev-parse", "HEAD"]);
  let mergeBase: string | undefined;
  try {
    mergeBase = git(root, ["merge-base", "main", "HEAD"]);
  } catch {
    mergeBase = undefined;
  }
  if (mergeBase && mergeBase !== head) return { commit: mergeBase, described: `where this branch left main (${mergeBase.slice(0, 8)})` };
  return { commit: head, described: `the last commit, HEAD (${head.slice(0, 8)})` };
}

/** The files that differ between the base and the working tree, untracked ones included. */
function changedFiles(root: string, commit: string): string[] {
  const tracked = git(root, ["diff", "--relative", "--name-only", commit, "--"]).split("\n");
  const untracked = git(root, ["ls-files", "--others", "--exclude-standard"]).split("\n");
  return [...new Set([...tracked, ...untracked].filter(Boolean))].sort();
}

/** The base version's content, forces and themes in a temporary folder (with the code's node_modules beside them). */
function extract(root: string, commit: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "front-counter-base-"));
  const present = inputs.filter((folder) => git(root, ["ls-tree", "--name-only", commit, "--", folder]) !== "");
  const prefix = git(root, ["rev-parse", "--show-prefix"]);
  const archive = execFileSync("git", ["-C", root, "archive", "--format=tar", commit, "--", ...present.map((folder) => prefix + folder)], { maxBuffer: 1 << 30 });
  execFileSync("tar", ["-x", "-C", dir, ...(prefix ? [`--strip-components=${prefix.split("/").filter(Boolean).length}`] : [])], { input: archive });
  symlinkSync(path.join(codeRoot, "node_modules"), path.join(dir, "node_modules"));
  return dir;
}

interface Rendered {
  /** Each page's URL and a hash of its HTML. */
  pages: Map<string, string>;
  /** The languages each force publishes. */
  forces: Record<string, string[]>;
}

/** Every page of one version, rendered by a child process. */
async function renderedHashes(root: string): Promise<Rendered | { problems: string }> {
  try {
    const { stdout } = await run(process.execPath, ["--import", "tsx", here, "--render", root], { maxBuffer: 1 << 28 });
    const parsed = JSON.parse(stdout) as { pages: Record<string, string>; forces: Record<string, string[]> };
    return { pages: new Map(Object.entries(parsed.pages)), forces: parsed.forces };
  } catch (error) {
    return { problems: ((error as { stderr?: string }).stderr ?? String(error)).trim() };
  }
}

/** The pages that differ: changed, added (only in the working tree) and gone (only in the base). */
export function comparePages(before: Map<string, string>, after: Map<string, string>): { changed: string[]; added: string[]; gone: string[] } {
  const changed: string[] = [];
  const added: string[] = [];
  for (const [url, hash] of after) {
    const old = before.get(url);
    if (old === undefined) added.push(url);
    else if (old !== hash) changed.push(url);
  }
  const gone = [...before.keys()].filter((url) => !after.has(url));
  return { changed: changed.sort(), added: added.sort(), gone: gone.sort() };
}

/** A page's force, language and place in the force's site ("/kent/cy/contact-us/" → kent, cy, "contact-us/"). */
function placeOf(url: string, forces: Set<string>): { force?: string; lang: string; page: string } {
  const parts = url.split("/").filter(Boolean);
  if (!parts.length || !forces.has(parts[0])) return { lang: "en", page: url };
  const lang = parts[1] && parts[1] in languageNames && parts[1] !== "en" ? parts[1] : "en";
  const rest = parts.slice(lang === "en" ? 1 : 2);
  const file = url.endsWith("/") ? `${rest.join("/")}/` : rest.join("/");
  return { force: parts[0], lang, page: file === "/" ? "home page" : file };
}

/**
 * The report in words: which forces and languages, and which pages, grouped by the set of forces a page changes
 * for ("every force" when it is all of those publishing the language).
 */
export function describeChange(diff: { changed: string[]; added: string[]; gone: string[] }, forcesByLanguage: Map<string, string[]>, files: string[], base: string): string {
  const lines = [`What this change affects (compared with ${base}):`];
  const allForces = new Set([...forcesByLanguage.values()].flat());
  const shown = files.filter((file) => inputs.some((folder) => file.startsWith(`${folder}/`)));
  const code = files.filter((file) => !shown.includes(file));
  lines.push(`  Files changed: ${shown.length ? shown.join(", ") : "none in content/, forces/ or themes/"}`);
  if (code.length) lines.push(`  Other files changed (${code.length}): both versions were rendered with the code as it is now, so what they change is not shown here.`);
  const total = diff.changed.length + diff.added.length + diff.gone.length;
  if (!total) {
    lines.push("  No page changes.");
    return lines.join("\n") + "\n";
  }
  // Force set and language → pages (with how each changed).
  const groups = new Map<string, { forces: string[]; lang: string; pages: Set<string> }>();
  const perPage = new Map<string, Set<string>>();
  const national: string[] = [];
  const touchedForces = new Set<string>();
  const touchedLanguages = new Set<string>();
  for (const [kind, urls] of [["", diff.changed], [" (new)", diff.added], [" (gone)", diff.gone]] as const) {
    for (const url of urls) {
      const place = placeOf(url, allForces);
      if (!place.force) {
        national.push(`${url === "/" ? "the national home page" : url}${kind}`);
        continue;
      }
      touchedForces.add(place.force);
      touchedLanguages.add(place.lang);
      const key = `${place.lang}\0${place.page}${kind}`;
      perPage.set(key, (perPage.get(key) ?? new Set()).add(place.force));
    }
  }
  for (const [key, forces] of perPage) {
    const [lang, page] = key.split("\0");
    const sorted = [...forces].sort();
    const groupKey = `${lang}\0${sorted.join(",")}`;
    const group = groups.get(groupKey) ?? { forces: sorted, lang, pages: new Set<string>() };
    group.pages.add(page);
    groups.set(groupKey, group);
  }
  const everyForce = touchedForces.size === allForces.size;
  lines.push(`  Forces: ${everyForce ? `every force (${allForces.size})` : [...touchedForces].sort().join(", ")}${national.length ? "; and the national index" : ""}`);
  lines.push(`  Languages: ${[...touchedLanguages].map((lang) => languageNames[lang] ?? lang).join(", ") || "none"}`);
  lines.push(`  Pages: ${diff.changed.length} changed, ${diff.added.length} new, ${diff.gone.length} gone`);
  const ordered = [...groups.values()].sort((a, b) => b.forces.length - a.forces.length || a.lang.localeCompare(b.lang) || a.forces.join().localeCompare(b.forces.join()));
  for (const group of ordered) {
    const publishing = forcesByLanguage.get(group.lang) ?? [];
    const who =
      group.forces.length === publishing.length
        ? group.lang === "en"
          ? `every force (${publishing.length})`
          : `every force publishing ${languageNames[group.lang] ?? group.lang} (${publishing.length})`
        : group.forces.join(", ");
    const pages = [...group.pages].sort();
    const listed = pages.length > 12 ? `${pages.slice(0, 12).join(", ")} and ${pages.length - 12} more` : pages.join(", ");
    lines.push(`    ${who}, in ${languageNames[group.lang] ?? group.lang}: ${pages.length === 1 ? "1 page" : `${pages.length} pages`} — ${listed}`);
  }
  if (national.length) lines.push(`    the national index: ${national.join(", ")}`);
  return lines.join("\n") + "\n";
}

/** The report for `root` against its base (see baseCommit); throws with an editor-facing message when it cannot be made. */
export async function changedReport(root: string, ref?: string): Promise<string> {
  const base = baseCommit(root, ref);
  const files = changedFiles(root, base.commit);
  const baseRoot = extract(root, base.commit);
  try {
    const [before, after] = await Promise.all([renderedHashes(baseRoot), renderedHashes(root)]);
    if ("problems" in after) throw new Error(`the working tree could not be rendered:\n${after.problems}`);
    if ("problems" in before) return `What this change affects (compared with ${base.described}):\n  The base version could not be rendered, so every page may change:\n  ${before.problems.split("\n").join("\n  ")}\n`;
    const forcesByLanguage = new Map<string, string[]>();
    for (const [force, languages] of Object.entries({ ...before.forces, ...after.forces })) for (const lang of languages) forcesByLanguage.set(lang, [...(forcesByLanguage.get(lang) ?? []), force]);
    return describeChange(comparePages(before.pages, after.pages), forcesByLanguage, files, base.described);
  } finally {
    rmSync(baseRoot, { recursive: true, force: true });
  }
}

/** The child's side: renders every page of the content at `root`, and prints { url: hash }. */
async function renderForComparison(root: string) {
  const [{ readSite }, { createEnvironment }, { planAssets }, { renderSite }, { formatProblem }] = await Promise.all([
    import("../site/load.ts"),
    import("../render/environment.ts"),
    import("../site/plan.ts"),
    import("../site/render.ts"),
    import("../schema/problems.ts"),
  ]);
  const { site, problems } = readSite(root);
  if (problems.length) {
    console.error(problems.map(formatProblem).join("\n"));
    process.exit(1);
  }
  const env = createEnvironment(root, () => site.locales);
  const assets = await planAssets(site);
  const pages: Record<string, string> = {};
  for (const page of renderSite(site, env, assets.names)) pages[page.url] = createHash("sha256").update(page.html).digest("base64url");
  process.stdout.write(JSON.stringify({ pages, forces: Object.fromEntries(site.forces.map((force) => [force.id, force.languages])) }));
}

if (process.argv[1] && path.resolve(process.argv[1]) === here && process.argv[2] === "--render") await renderForComparison(path.resolve(process.argv[3]));
