/**
 * npm run check [-- --root <folder>] [--changed [--base <git ref>]]
 * Validates every force, theme, page and locale, printing each problem as `path: field — what is wrong`.
 * With --changed, then says what the change affects (lib/cli/changed.ts).
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { formatProblem } from "../schema/problems.ts";
import { readSite } from "../site/load.ts";

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const { values } = parseArgs({ options: { root: { type: "string", default: projectRoot }, changed: { type: "boolean", default: false }, base: { type: "string" } } });

try {
  const { site, problems } = readSite(path.resolve(values.root!));
  if (problems.length) {
    for (const problem of problems) console.error(formatProblem(problem));
    console.error(`\n${problems.length} ${problems.length === 1 ? "problem" : "problems"} found; the site cannot be built until ${problems.length === 1 ? "it is" : "they are"} fixed.`);
    process.exitCode = 1;
  } else {
    const pages = [...site.pagesByForce.values()].reduce((sum, pages) => sum + pages.length, 0);
    const services = new Set([...site.servicesByForce.values()].flat().map((s) => s.id));
    const outcomes = new Set(site.outcomes.map((o) => o.slug));
    console.log(`Content is valid: ${site.forces.length} forces, ${site.themes.size} themes, ${pages} force pages, ${services.size} services, ${outcomes.size} outcomes.`);
    if (values.changed) process.stdout.write(`\n${await (await import("./changed.ts")).changedReport(path.resolve(values.root!), values.base)}`);
  }
} catch (error) {
  console.error(`The check could not run: ${(error as Error).message}`);
  process.exitCode = 1;
}
