import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { loadForces, type Force } from "../forces/load.ts";
import { goneDestinationProblems } from "./destinations.ts";
import { loadGeography, type Geography } from "../geography/load.ts";
import { loadLocales, type Locales } from "../i18n/locales.ts";
import { loadPages, overrideTwinProblems, type PageSource } from "../pages/load.ts";
import { ContentError, type Problem } from "../schema/problems.ts";
import { readJson, validateAgainst } from "../schema/validate.ts";
import { loadServices, readCategories, type Category, type ServiceGroup } from "../services/load.ts";
import { forSites, siteCovers } from "../services/sites.ts";
import { textExpressionProblems } from "../services/texts.ts";
import { welshProblems } from "../services/translations.ts";
import type { ServiceDefinition } from "../services/types.ts";
import { loadThemes, type Theme } from "../themes/load.ts";
import { outcomeOf } from "../triage/outcome.ts";

/** Everything editors and forces wrote, read and checked: the input to every build. */
export interface Site {
  root: string;
  forces: Force[];
  themes: Map<string, Theme>;
  locales: Locales;
  /** Each force's pages after its own pages override the shared ones, keyed by force id. */
  pagesByForce: Map<string, PageSource[]>;
  /**
   * The services each force offers: national ones it has not switched off (dormant ones only where switched on),
   * then its own; each as its kind of site uses it (routes for the railway's site or an area's: lib/services/sites.ts).
   */
  servicesByForce: Map<string, ServiceDefinition[]>;
  /** What people come to do (Report, Request, Apply, Pay, Feedback) in the hub's order, and the categories in each, most used first. */
  groups: ServiceGroup[];
  categories: Category[];
  /** Triage outcome pages (content/outcomes/<id>.md and .cy.md). */
  outcomes: PageSource[];
  /** The national site's own pages (content/national: accessibility, privacy, cookies), in English and Welsh. */
  national: PageSource[];
  /** Council areas and force boundaries for "find your force" (content/geography). */
  geography: Geography;
}

const key = (page: Pick<PageSource, "slug" | "lang">) => `${page.lang}:${page.slug}`;

function forcePages(force: Force, shared: PageSource[], local: PageSource[], problems: Problem[], unreadable: Set<string>): PageSource[] {
  const merged = new Map(shared.map((page) => [key(page), page]));
  for (const page of local) merged.set(key(page), page);
  const pages = [...merged.values()].filter((page) => force.languages.includes(page.lang));
  const bilingual = force.languages.includes("cy");
  for (const page of pages) {
    // A twin that is there but could not be read has its own message; it is not also missing.
    const twinKey = `${page.lang === "en" ? "cy" : "en"}:${page.slug}`;
    const twin = merged.get(twinKey) ?? unreadable.has(twinKey);
    if (page.lang === "en" && bilingual && !twin) {
      problems.push({ file: page.file, field: "", message: `has no Welsh version, which ${force.name} needs: add ${page.file.replace(/\.md$/, ".cy.md")}` });
    }
    if (page.lang === "cy" && !twin) {
      problems.push({ file: page.file, field: "", message: `has no English version: add ${page.file.replace(/\.cy\.md$/, ".md")}` });
    }
  }
  return pages;
}

/** Reads and checks all content; returns every problem found (empty when the site can be built). */
export function readSite(root: string): { site: Site; problems: Problem[] } {
  const { forces, problems } = loadForces(root);
  const themed = loadThemes(root);
  const localised = loadLocales(root);
  const shared = loadPages(root, "content/pages");
  const outcomes = loadPages(root, "content/outcomes");
  const outcomeIds = new Set([...outcomes.pages, ...outcomes.unreadable].filter((p) => p.lang === "en").map((p) => p.slug));
  const national = loadServices(root, "content/services", outcomeIds);
  problems.push(...themed.problems, ...localised.problems, ...shared.problems, ...outcomes.problems, ...national.problems);

  if (![...shared.pages, ...shared.unreadable].some((page) => page.slug === "" && page.lang === "en")) {
    problems.push({ file: "content/pages/index.md", field: "", message: "is missing: every force needs the shared home page" });
  }

  const forceIds = new Set(forces.map((f) => f.id));
  for (const entry of readdirSync(path.join(root, "forces"), { withFileTypes: true })) {
    if (entry.isDirectory() && !forceIds.has(entry.name) && !existsSync(path.join(root, "forces", `${entry.name}.json`))) {
      problems.push({ file: `forces/${entry.name}/`, field: "", message: `belongs to no force: there is no forces/${entry.name}.json` });
    }
  }

  const pagesByForce = new Map<string, PageSource[]>();
  const servicesByForce = new Map<string, ServiceDefinition[]>();
  const nationalIds = new Set(national.services.map((s) => s.id));
  const unknownService = (id: string) => !nationalIds.has(id) && !national.problems.some((p) => p.file.startsWith(`content/services/${id}/`));
  const dormantIds = new Set(national.services.filter((s) => s.dormant).map((s) => s.id));
  const switchedOn = readSwitchedOn(root, unknownService, dormantIds, problems);
  // One copy of a definition per kind of site, shared by every force of that kind.
  const copies = new Map<string, ServiceDefinition>();
  const siteCopy = (d: ServiceDefinition, covers: ReturnType<typeof siteCovers>) => {
    // A force's own service is its own: only national ones are shared.
    if (!national.services.includes(d)) return forSites(d, covers);
    const key = `${covers}:${d.id}`;
    if (!copies.has(key)) copies.set(key, forSites(d, covers));
    return copies.get(key)!;
  };
  for (const force of forces) {
    (force.services?.off ?? []).forEach((id, i) => {
      if (unknownService(id)) {
        problems.push({ file: `forces/${force.id}.json`, field: `/services/off/${i}`, message: `names service "${id}", but there is no content/services/${id}/service.json` });
      }
    });
    (force.services?.on ?? []).forEach((id, i) => {
      const field = `/services/on/${i}`;
      if (unknownService(id)) problems.push({ file: `forces/${force.id}.json`, field, message: `names service "${id}", but there is no content/services/${id}/service.json` });
      else if (nationalIds.has(id) && !dormantIds.has(id)) problems.push({ file: `forces/${force.id}.json`, field, message: `names "${id}", which is not dormant: it is on unless switched off, so take it out of this list` });
    });
    const offered = (s: ServiceDefinition) => !force.services?.off?.includes(s.id) && (!s.dormant || switchedOn.has(s.id) || !!force.services?.on?.includes(s.id));
    const local = loadServices(root, `forces/${force.id}/services`, outcomeIds);
    problems.push(...local.problems);
    for (const service of local.services) {
      if (nationalIds.has(service.id)) problems.push({ file: `forces/${force.id}/services/${service.id}/service.json`, field: "/id", message: `"${service.id}" is a national service; give the force's own service another id, or switch the national one off` });
    }
    const covers = siteCovers(force);
    const offers = [...national.services.filter(offered), ...local.services].map((d) => siteCopy(d, covers));
    servicesByForce.set(force.id, offers);
    (force.services?.first ?? []).forEach((id, i) => {
      if (offers.some((d) => d.id === id)) return;
      const where = force.services?.off?.includes(id) ? "which this force switches off (services.off)" : `but there is no content/services/${id}/service.json or forces/${force.id}/services/${id}/service.json`;
      problems.push({ file: `forces/${force.id}.json`, field: `/services/first/${i}`, message: `names service "${id}", ${where}: list only services the force's hub shows` });
    });
    if (!themed.themes.has(force.theme) && !themed.problems.some((p) => p.file.startsWith(`themes/${force.theme}/`))) {
      problems.push({ file: `forces/${force.id}.json`, field: "/theme", message: `names theme "${force.theme}", but there is no themes/${force.theme}/theme.json` });
    }
    const localPages = loadPages(root, `forces/${force.id}/pages`);
    problems.push(...localPages.problems);
    problems.push(...overrideTwinProblems(force.name, force.languages.includes("cy"), localPages.pages, localPages.unreadable, shared.pages));
    const unreadable = new Set([...shared.unreadable, ...localPages.unreadable].map(key));
    pagesByForce.set(force.id, forcePages(force, shared.pages, localPages.pages, problems, unreadable));
  }
  // Bilingual forces publish every service and outcome they use in Welsh too: name each missing text.
  const welshNeeds = new Map<string, { file: string; definition: ServiceDefinition; forces: string[] }>();
  for (const force of forces.filter((f) => f.languages.includes("cy"))) {
    for (const definition of servicesByForce.get(force.id) ?? []) {
      const national = nationalIds.has(definition.id);
      const file = national ? `content/services/${definition.id}/service.json` : `forces/${force.id}/services/${definition.id}/service.json`;
      const need = welshNeeds.get(file) ?? { file, definition, forces: [] };
      need.forces.push(force.name);
      welshNeeds.set(file, need);
    }
  }
  const outcomesNeeded = new Set<string>();
  for (const { file, definition, forces: names } of welshNeeds.values()) {
    problems.push(...welshProblems(definition, file, names));
    for (const step of definition.steps) for (const route of step.routes ?? []) {
      const outcome = outcomeOf(route.goTo);
      if (outcome !== undefined) outcomesNeeded.add(outcome);
    }
  }
  for (const id of outcomesNeeded) {
    if (outcomeIds.has(id) && ![...outcomes.pages, ...outcomes.unreadable].some((p) => p.slug === id && p.lang === "cy")) {
      problems.push({ file: `content/outcomes/${id}.md`, field: "", message: `has no Welsh version, which the bilingual forces need: add content/outcomes/${id}.cy.md` });
    }
  }

  const nationalPages = loadPages(root, "content/national");
  problems.push(...nationalPages.problems);
  for (const page of nationalPages.pages) {
    const twin = page.lang === "en" ? "cy" : "en";
    if (!nationalPages.pages.some((p) => p.slug === page.slug && p.lang === twin)) problems.push({ file: page.file, field: "", message: `the national site is in English and Welsh: add ${page.lang === "en" ? page.file.replace(/\.md$/, ".cy.md") : page.file.replace(/\.cy\.md$/, ".md")}` });
  }
  // Against every force record there is, read or not: a record with its own mistake is not also "missing" here.
  const forceFiles = new Set(readdirSync(`${root}/forces`).filter((f) => f.endsWith(".json") && !f.endsWith(".schema.json")).map((f) => f.slice(0, -".json".length)));
  const geography = loadGeography(root, new Set([...forceIds, ...forceFiles]));
  problems.push(...geography.problems);

  const { groups, categories } = readCategories(root);
  const site: Site = { root, forces, themes: themed.themes, locales: localised.locales, pagesByForce, servicesByForce, groups, categories, outcomes: outcomes.pages, national: nationalPages.pages, geography: geography.geography };
  problems.push(...goneDestinationProblems(site));
  for (const definition of national.services) problems.push(...textExpressionProblems(definition, `content/services/${definition.id}/service.json`));
  for (const [forceId, definitions] of servicesByForce) {
    for (const definition of definitions.filter((d) => !nationalIds.has(d.id))) problems.push(...textExpressionProblems(definition, `forces/${forceId}/services/${definition.id}/service.json`));
  }
  return { site, problems };
}

/**
 * content/services/switched-on.json: the dormant services switched on for every force (an emergency's). Each id
 * must name a national service marked dormant.
 */
function readSwitchedOn(root: string, unknownService: (id: string) => boolean, dormantIds: Set<string>, problems: Problem[]): Set<string> {
  const file = "content/services/switched-on.json";
  if (!existsSync(path.join(root, file))) return new Set();
  const { data, problems: unreadable } = readJson(path.join(root, file), file);
  const invalid = unreadable.length ? unreadable : validateAgainst(path.join(root, "content", "services", "switched-on.schema.json"), file, data);
  if (invalid.length) {
    problems.push(...invalid);
    return new Set();
  }
  const ids = (data as { services: string[] }).services;
  ids.forEach((id, i) => {
    if (unknownService(id)) problems.push({ file, field: `/services/${i}`, message: `names service "${id}", but there is no content/services/${id}/service.json` });
    else if (!dormantIds.has(id) && !problems.some((p) => p.file === `content/services/${id}/service.json`)) problems.push({ file, field: `/services/${i}`, message: `names "${id}", which is not dormant: it is already on for every force` });
  });
  return new Set(ids);
}

/** Reads all content or throws a ContentError listing every problem. */
export function loadSite(root: string): Site {
  const { site, problems } = readSite(root);
  if (problems.length) throw new ContentError(problems);
  return site;
}
