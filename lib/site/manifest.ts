import type { CouncilArea } from "../geography/areas.ts";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Force } from "../forces/load.ts";
import type { Locales } from "../i18n/locales.ts";
import type { PageSource } from "../pages/load.ts";
import type { ServiceDefinition } from "../services/types.ts";
import type { Theme } from "../themes/load.ts";
import type { ThemeAssets } from "./assets.ts";
import { everyService } from "./catalogue.ts";
import type { AssetNames } from "./plan.ts";
import type { Site } from "./load.ts";

/**
 * What a build leaves for the service beside the pages: the asset names it chose, the CSP hashes, the content
 * it was built from (forces, definitions, strings: already checked) and the hash of every file it wrote. The
 * service starts from this instead of re-reading and re-planning the whole site, and the next build compares
 * with it to write only what changed. Everything in it is public already (it is what the pages show).
 */
export interface Manifest {
  format: 3;
  /** lib/cli/build.ts's fingerprint of the inputs, to tell whether the build is out of date. */
  inputs: string;
  assets: { shared: AssetNames["shared"]; themes: Record<string, ThemeAssets>; scripts: Record<string, string>; validators: Record<string, string> };
  scriptHashes: string[];
  site: {
    forces: Force[];
    themes: Theme[];
    locales: Locales;
    definitions: ServiceDefinition[];
    /** Indexes into definitions, per force id. */
    servicesByForce: Record<string, number[]>;
    /** Only each force's home pages: they decide which languages its services are published in. */
    homePages: Record<string, PageSource[]>;
    outcomes: PageSource[];
    /** Every council area and its force: the service answers "find your force" with them. */
    councilAreas: CouncilArea[];
    groups: Site["groups"];
    categories: Site["categories"];
  };
}

/** What only the next build needs (kept apart so the service does not read it at every start). */
export interface BuildRecord {
  /** The content hash of every file the build wrote. */
  files: Record<string, string>;
  /** The pages made from each set of inputs (lib/site/render.ts's group keys): a key seen again is not rendered again. */
  pages: Record<string, string[]>;
}

export const manifestDir = ".front-counter";
const manifestName = "manifest.json";
const recordName = "build.json";

export function manifestPath(siteDir: string): string {
  return path.join(siteDir, manifestDir, manifestName);
}

export function readManifest(siteDir: string): Manifest | undefined {
  const file = manifestPath(siteDir);
  if (!existsSync(file)) return undefined;
  try {
    const manifest = JSON.parse(readFileSync(file, "utf8")) as Manifest;
    return manifest.format === 3 ? manifest : undefined;
  } catch {
    return undefined;
  }
}

export function writeManifest(siteDir: string, manifest: Manifest): void {
  writeJson(manifestPath(siteDir), manifest);
}

export function readBuildRecord(siteDir: string): BuildRecord | undefined {
  const file = path.join(siteDir, manifestDir, recordName);
  if (!existsSync(file)) return undefined;
  try {
    const record = JSON.parse(readFileSync(file, "utf8")) as BuildRecord;
    return record.files && record.pages ? record : undefined;
  } catch {
    return undefined;
  }
}

/** Written before the manifest, which a build writes last. */
export function writeBuildRecord(siteDir: string, record: BuildRecord): void {
  writeJson(path.join(siteDir, manifestDir, recordName), record);
}

function writeJson(file: string, value: unknown) {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(`${file}.partial`, JSON.stringify(value));
  renameSync(`${file}.partial`, file);
}

export function manifestOf(site: Site, names: AssetNames, inputs: string, scriptHashes: string[]): Manifest {
  const definitions = everyService(site);
  const index = new Map(definitions.map((d, i) => [d, i]));
  return {
    format: 3,
    inputs,
    assets: { shared: names.shared, themes: Object.fromEntries(names.themes), scripts: Object.fromEntries(names.scripts), validators: Object.fromEntries(names.validators) },
    scriptHashes,
    site: {
      forces: site.forces,
      themes: [...site.themes.values()],
      locales: site.locales,
      definitions,
      servicesByForce: Object.fromEntries([...site.servicesByForce].map(([id, list]) => [id, list.map((d) => index.get(d)!)])),
      homePages: Object.fromEntries([...site.pagesByForce].map(([id, pages]) => [id, pages.filter((p) => p.slug === "")])),
      outcomes: site.outcomes,
      councilAreas: site.geography.areas,
      groups: site.groups,
      categories: site.categories,
    },
  };
}

/** The part of the site the service renders (forces, services, strings, outcomes), as the build read it. */
export function siteOf(manifest: Manifest, root: string): { site: Site; names: AssetNames } {
  const m = manifest.site;
  const site: Site = {
    root,
    forces: m.forces,
    themes: new Map(m.themes.map((t) => [t.id, t])),
    locales: m.locales,
    pagesByForce: new Map(Object.entries(m.homePages)),
    servicesByForce: new Map(Object.entries(m.servicesByForce).map(([id, list]) => [id, list.map((i) => m.definitions[i])])),
    outcomes: m.outcomes,
    groups: m.groups,
    categories: m.categories,
    national: [],
    geography: { areas: m.councilAreas, boundaries: { type: "FeatureCollection", features: [] } },
  };
  const names: AssetNames = { shared: manifest.assets.shared, themes: new Map(Object.entries(manifest.assets.themes)), scripts: new Map(Object.entries(manifest.assets.scripts)), validators: new Map(Object.entries(manifest.assets.validators)) };
  return { site, names };
}
