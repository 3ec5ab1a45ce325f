import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { loadForces, type Force } from "../forces/load.ts";
import { loadLocales, type Locales } from "../i18n/locales.ts";
import { loadPages, type PageSource } from "../pages/load.ts";
import { ContentError, type Problem } from "../schema/problems.ts";
import { loadThemes, type Theme } from "../themes/load.ts";

/** Everything editors and forces wrote, read and checked: the input to every build. */
export interface Site {
  root: string;
  forces: Force[];
  themes: Map<string, Theme>;
  locales: Locales;
  /** Each force's pages after its own pages override the shared ones, keyed by force id. */
  pagesByForce: Map<string, PageSource[]>;
}

const key = (page: PageSource) => `${page.lang}:${page.slug}`;

function forcePages(force: Force, shared: PageSource[], local: PageSource[], problems: Problem[]): PageSource[] {
  const merged = new Map(shared.map((page) => [key(page), page]));
  for (const page of local) merged.set(key(page), page);
  const pages = [...merged.values()].filter((page) => force.languages.includes(page.lang));
  const bilingual = force.languages.includes("cy");
  for (const page of pages) {
    const twin = merged.get(`${page.lang === "en" ? "cy" : "en"}:${page.slug}`);
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
  problems.push(...themed.problems, ...localised.problems, ...shared.problems);

  if (!shared.pages.some((page) => page.slug === "" && page.lang === "en")) {
    problems.push({ file: "content/pages/index.md", field: "", message: "is missing: every force needs the shared home page" });
  }

  const forceIds = new Set(forces.map((f) => f.id));
  for (const entry of readdirSync(path.join(root, "forces"), { withFileTypes: true })) {
    if (entry.isDirectory() && !forceIds.has(entry.name) && !existsSync(path.join(root, "forces", `${entry.name}.json`))) {
      problems.push({ file: `forces/${entry.name}/`, field: "", message: `belongs to no force: there is no forces/${entry.name}.json` });
    }
  }

  const pagesByForce = new Map<string, PageSource[]>();
  for (const force of forces) {
    if (!themed.themes.has(force.theme) && !themed.problems.some((p) => p.file.startsWith(`themes/${force.theme}/`))) {
      problems.push({ file: `forces/${force.id}.json`, field: "/theme", message: `names theme "${force.theme}", but there is no themes/${force.theme}/theme.json` });
    }
    const local = loadPages(root, `forces/${force.id}/pages`);
    problems.push(...local.problems);
    pagesByForce.set(force.id, forcePages(force, shared.pages, local.pages, problems));
  }
  return { site: { root, forces, themes: themed.themes, locales: localised.locales, pagesByForce }, problems };
}

/** Reads all content or throws a ContentError listing every problem. */
export function loadSite(root: string): Site {
  const { site, problems } = readSite(root);
  if (problems.length) throw new ContentError(problems);
  return site;
}
