import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { linksIn } from "../render/markdown.ts";
import type { Problem } from "../schema/problems.ts";
import type { Site } from "./load.ts";

/**
 * Every external destination the sites send people to — web addresses, and numbers to call or text — with the
 * files that name them, read from what is published: shared, force and national pages, outcomes, the services
 * forces offer, the interface strings and the layouts. `npm run check` prints them (docs/destinations.md is
 * checked against that list), and refuses a destination that is known to be gone.
 */
export interface Destination {
  /** The link as written: "https://www.reportfraud.police.uk/", "tel:08088010800", "sms:61016". */
  href: string;
  /** Files (and, in a JSON file, the field) that link to it. */
  where: string[];
}

/** Hosts that no longer take reports, and where to send people instead. */
const gone: { host: string; instead: string }[] = [
  { host: "actionfraud.police.uk", instead: "Action Fraud became Report Fraud on 4 December 2025: link to https://www.reportfraud.police.uk/ instead" },
];

interface Source {
  file: string;
  field: string;
  text: string;
  /** Markdown (pages, outcomes, definitions, strings) or an HTML layout. */
  kind: "markdown" | "html";
}

function stringsIn(value: unknown, pointer: string, out: { pointer: string; text: string }[]): void {
  if (typeof value === "string") out.push({ pointer, text: value });
  else if (Array.isArray(value)) value.forEach((v, i) => stringsIn(v, `${pointer}/${i}`, out));
  else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) stringsIn(v, `${pointer}/${k}`, out);
}

function templateFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? templateFiles(path.join(dir, entry.name)) : entry.name.endsWith(".njk") ? [path.join(dir, entry.name)] : [],
  );
}

function sources(site: Site): Source[] {
  const out: Source[] = [];
  const pages = new Map([...site.pagesByForce.values()].flat().concat(site.outcomes, site.national).map((p) => [p.file, p]));
  for (const page of pages.values()) out.push({ file: page.file, field: "", text: page.body, kind: "markdown" });
  const nationalIds = new Set(readdirSync(path.join(site.root, "content/services"), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name));
  for (const [forceId, services] of site.servicesByForce) {
    for (const definition of services) {
      const file = nationalIds.has(definition.id) ? `content/services/${definition.id}/service.json` : `forces/${forceId}/services/${definition.id}/service.json`;
      const strings: { pointer: string; text: string }[] = [];
      stringsIn(definition, "", strings);
      for (const { pointer, text } of strings) out.push({ file, field: pointer, text, kind: "markdown" });
    }
  }
  for (const [lang, dictionary] of Object.entries(site.locales)) {
    for (const [key, text] of Object.entries(dictionary)) out.push({ file: `content/locales/${lang}.json`, field: key, text, kind: "markdown" });
  }
  const layouts = path.join(site.root, "content/_includes");
  for (const file of templateFiles(layouts)) out.push({ file: path.relative(site.root, file), field: "", text: readFileSync(file, "utf8"), kind: "html" });
  // The same text is often read twice (a national service for every force): once is enough.
  return [...new Map(out.map((s) => [`${s.file}#${s.field}`, s])).values()];
}

/** The links in one source; a layout is parsed as HTML (jsdom, loaded only when destinations are listed). */
function hrefsIn(source: Source, fragment: (html: string) => DocumentFragment): string[] {
  if (source.kind === "markdown") return linksIn(source.text);
  return [...fragment(source.text).querySelectorAll("a[href]")].map((a) => a.getAttribute("href")!);
}

const external = (href: string) => /^(https?:|tel:|sms:|mailto:)/.test(href);

/** Every external destination, sorted, each with where it is named. */
export async function destinations(site: Site): Promise<Destination[]> {
  const { JSDOM } = await import("jsdom");
  const found = new Map<string, Set<string>>();
  for (const source of sources(site)) {
    for (const href of hrefsIn(source, (html) => JSDOM.fragment(html)).filter(external)) {
      if (!found.has(href)) found.set(href, new Set());
      found.get(href)!.add(source.field ? `${source.file} ${source.field}` : source.file);
    }
  }
  // Each force's own numbers (its record's contact), which its pages print through {{ force.contact… }}.
  for (const force of site.forces) {
    for (const [what, number] of Object.entries(force.contact)) {
      const href = `${what === "text" || what === "emergencySms" ? "sms" : "tel"}:${String(number).replaceAll(" ", "")}`;
      if (!found.has(href)) found.set(href, new Set());
      found.get(href)!.add(`forces/${force.id}.json /contact/${what}`);
    }
  }
  return [...found].map(([href, where]) => ({ href, where: [...where].sort() })).sort((a, b) => a.href.localeCompare(b.href));
}

/** A link or a mention of a destination that is gone, named by file and field. */
export function goneDestinationProblems(site: Site): Problem[] {
  const problems: Problem[] = [];
  for (const source of sources(site)) {
    for (const { host, instead } of gone) {
      if (!source.text.toLowerCase().includes(host)) continue;
      // In a page or layout, the line of the file it is on; in JSON, the field.
      const field = source.field || `line ${lineOf(path.join(site.root, source.file), host)}`;
      problems.push({ file: source.file, field, message: `names ${host}, which no longer takes reports. ${instead}` });
    }
  }
  return problems;
}

function lineOf(file: string, needle: string): number {
  return readFileSync(file, "utf8").toLowerCase().split("\n").findIndex((line) => line.includes(needle)) + 1;
}

/** The list `npm run check` prints: each destination on a line, web addresses first, then numbers. */
export function destinationsReport(list: Destination[]): string {
  const web = list.filter((d) => /^https?:|^mailto:/.test(d.href));
  const phones = list.filter((d) => /^(tel|sms):/.test(d.href));
  return [
    `External destinations: ${web.length} web addresses and ${phones.length} numbers (docs/destinations.md says what each is for).`,
    ...web.map((d) => `  ${d.href}  (${d.where.length === 1 ? d.where[0] : `${d.where[0]} and ${d.where.length - 1} more`})`),
    ...phones.map((d) => `  ${d.href}  (${d.where.length === 1 ? d.where[0] : `${d.where[0]} and ${d.where.length - 1} more`})`),
    "",
  ].join("\n");
}
