/**
 * npm run check [-- --root <folder>] [--changed [--base <git ref>]]
 * Validates every force, theme, page and locale, printing each problem as `path: field — what is wrong`,
 * then (when all is well) every external destination the sites link to (lib/site/destinations.ts).
 * With --changed, then says what the change affects (lib/cli/changed.ts).
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { formatProblem } from "../schema/problems.ts";
import { destinations, destinationsReport } from "../site/destinations.ts";
import { readSite } from "../site/load.ts";

/** What the check prints, and its exit code, for the content under `root`: the CLI's output, without a process. */
export async function check(root: string, options: { changed?: boolean; base?: string } = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { site, problems } = readSite(root);
    if (problems.length) {
      const summary = `${problems.length} ${problems.length === 1 ? "problem" : "problems"} found; the site cannot be built until ${problems.length === 1 ? "it is" : "they are"} fixed.`;
      return { code: 1, stdout: "", stderr: `${problems.map(formatProblem).join("\n")}\n\n${summary}\n` };
    }
    const pages = [...site.pagesByForce.values()].reduce((sum, pages) => sum + pages.length, 0);
    const services = new Set([...site.servicesByForce.values()].flat().map((s) => s.id));
    const outcomes = new Set(site.outcomes.map((o) => o.slug));
    let stdout = `Content is valid: ${site.forces.length} forces, ${site.themes.size} themes, ${pages} force pages, ${services.size} services, ${outcomes.size} outcomes.\n`;
    stdout += `\n${destinationsReport(await destinations(site))}`;
    if (options.changed) stdout += `\n${await (await import("./changed.ts")).changedReport(root, options.base)}`;
    return { code: 0, stdout, stderr: "" };
  } catch (error) {
    return { code: 1, stdout: "", stderr: `The check could not run: ${(error as Error).message}\n` };
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
  const { values } = parseArgs({ options: { root: { type: "string", default: projectRoot }, changed: { type: "boolean", default: false }, base: { type: "string" } } });
  const result = await check(path.resolve(values.root!), { changed: values.changed, base: values.base });
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  process.exitCode = result.code;
}
