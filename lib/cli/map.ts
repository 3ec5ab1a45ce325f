/**
 * npm run map [-- <service-id> …] [--out <dir>] [--root <folder>]
 * Writes a map of each service (or of those named) — its steps, where each answer leads, and the steps that can't
 * be reached — as `<out>/<service-id>.html` (a diagram and the same in a list) and `<out>/<service-id>.txt`,
 * by default into _site/__maps/. The preview shows the same page at /__preview/map/<service-id>.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import matter from "gray-matter";
import { formatProblem, type Problem } from "../schema/problems.ts";
import { readJson, validateAgainst } from "../schema/validate.ts";
import { mapPage, mapText, serviceMap, type ServiceMap } from "../services/map.ts";
import type { ServiceDefinition } from "../services/types.ts";

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const serviceId = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Every service definition file: the national ones, then each force's own, by service id. */
export function serviceFiles(root: string): Map<string, string> {
  const files = new Map<string, string>();
  const scan = (folder: string) => {
    const dir = path.join(root, folder);
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
      const file = `${folder}/${entry.name}/service.json`;
      if (existsSync(path.join(root, file)) && !files.has(entry.name)) files.set(entry.name, file);
    }
  };
  scan("content/services");
  const forces = path.join(root, "forces");
  if (existsSync(forces)) for (const entry of readdirSync(forces, { withFileTypes: true }).filter((e) => e.isDirectory())) scan(`forces/${entry.name}/services`);
  return files;
}

/** Outcome pages' English titles, by outcome id. */
function outcomeTitles(root: string): Map<string, string> {
  const titles = new Map<string, string>();
  const dir = path.join(root, "content", "outcomes");
  if (!existsSync(dir)) return titles;
  for (const name of readdirSync(dir).filter((n) => n.endsWith(".md") && !n.endsWith(".cy.md"))) {
    try {
      const title = matter(readFileSync(path.join(dir, name), "utf8")).data.title;
      if (typeof title === "string") titles.set(name.slice(0, -3), title);
    } catch {
      // The check names a broken outcome page; the map shows its id instead.
    }
  }
  return titles;
}

/**
 * The map of one service as its definition is on disk now, or the problems that stop it being drawn (a file
 * that is not JSON, or not shaped like a service). Mistakes the check finds in a well-shaped definition — a
 * step no route leads to, a route to a missing step — are shown on the map instead.
 */
export function mapOfService(root: string, id: string): { map: ServiceMap; file: string } | { problems: Problem[] } | undefined {
  if (!serviceId.test(id)) return undefined;
  const file = serviceFiles(root).get(id);
  if (!file) return undefined;
  const { data, problems } = readJson(path.join(root, file), file);
  const invalid = problems.length ? problems : validateAgainst(path.join(root, "content", "services", "service.schema.json"), file, data);
  if (invalid.length) return { problems: invalid };
  return { map: serviceMap(data as ServiceDefinition, outcomeTitles(root)), file };
}

/** What the preview answers at /__preview/map/<service-id>: the map page, or a page saying why there is none. */
export function previewMap(root: string, id: string): { status: 200 | 404 | 422; html: string } {
  const result = mapOfService(root, id);
  if (result && !("problems" in result)) return { status: 200, html: mapPage(result.map) };
  const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const [status, heading, lines] = result
    ? ([422, `No map of ${id}: fix its definition first`, result.problems.map(formatProblem)] as const)
    : ([404, `There is no service "${id}"`, [...serviceFiles(root).keys()].map((known) => `/__preview/map/${known}`)] as const);
  const items = lines.map((line) => `<li>${status === 404 ? `<a href="${escape(line)}">${escape(line)}</a>` : escape(line)}</li>`).join("");
  return { status, html: `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${escape(heading)}</title></head><body><main><h1>${escape(heading)}</h1><ul>${items}</ul></main></body></html>` };
}

function main() {
  const { values, positionals } = parseArgs({ options: { out: { type: "string", default: "_site/__maps" }, root: { type: "string", default: projectRoot } }, allowPositionals: true });
  const root = path.resolve(values.root!);
  const out = path.resolve(root, values.out!);
  const known = serviceFiles(root);
  const ids = positionals.length ? positionals : [...known.keys()];
  let failed = false;
  for (const id of ids) {
    const result = mapOfService(root, id);
    if (!result) {
      console.error(`There is no service "${id}": the services are ${[...known.keys()].join(", ")}`);
      failed = true;
      continue;
    }
    if ("problems" in result) {
      console.error(`No map of ${id}: fix its definition first.`);
      for (const problem of result.problems) console.error(formatProblem(problem));
      failed = true;
      continue;
    }
    mkdirSync(out, { recursive: true });
    writeFileSync(path.join(out, `${id}.html`), mapPage(result.map));
    writeFileSync(path.join(out, `${id}.txt`), mapText(result.map));
    const warning = result.map.unreachable.length ? ` — can't be reached: ${result.map.unreachable.join(", ")}` : "";
    console.log(`${path.relative(root, path.join(out, `${id}.html`))}: ${result.map.steps.length} steps, ${result.map.outcomes.length} outcomes${warning}`);
    if (positionals.length === 1) process.stdout.write(`\n${mapText(result.map)}`);
  }
  if (failed) process.exitCode = 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
