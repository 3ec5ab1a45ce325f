import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Problem } from "../schema/problems.ts";
import { councilAreas, forceAreasFile, lookupFile, type CouncilArea, type ForceArea } from "./areas.ts";
import type { ForceBoundaries } from "./point-in-polygon.ts";

export const boundariesFile = "content/geography/pfa20_boundaries_buc.geojson";

/** What "find your force" needs: every council area with its force, and each force's boundary. */
export interface Geography {
  /** A to Z by name. */
  areas: CouncilArea[];
  /** ONS's boundaries with each area's code replaced by its force's id: what the browser fetches on consent. */
  boundaries: ForceBoundaries;
}

function read(root: string, file: string, problems: Problem[]): string | undefined {
  if (!existsSync(path.join(root, file))) {
    problems.push({ file, field: "", message: "is missing: find your force needs it (see content/geography/SOURCE.md)" });
    return undefined;
  }
  return readFileSync(path.join(root, file), "utf8");
}

function parse<T>(file: string, text: string | undefined, problems: Problem[]): T | undefined {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    problems.push({ file, field: "", message: `is not valid JSON: ${(error as Error).message}` });
    return undefined;
  }
}

/** Reads and checks content/geography against the forces there are. */
export function loadGeography(root: string, forceIds: Set<string>): { geography: Geography; problems: Problem[] } {
  const problems: Problem[] = [];
  const csv = read(root, lookupFile, problems);
  const mapping = parse<{ areas?: ForceArea[] }>(forceAreasFile, read(root, forceAreasFile, problems), problems);
  const forceAreas = Array.isArray(mapping?.areas) ? mapping.areas : [];
  if (mapping && !Array.isArray(mapping.areas)) problems.push({ file: forceAreasFile, field: "/areas", message: "must be a list of { pfa, onsName, force }" });
  const { areas, problems: areaProblems } = csv === undefined ? { areas: [], problems: [] } : councilAreas(csv, forceAreas, forceIds);
  problems.push(...areaProblems);

  const raw = parse<{ features?: { properties?: { pfa20_code?: string }; geometry: ForceBoundaries["features"][number]["geometry"] }[] }>(boundariesFile, read(root, boundariesFile, problems), problems);
  const forceOf = new Map(forceAreas.map((a) => [a.pfa, a.force]));
  const features: ForceBoundaries["features"] = [];
  (raw?.features ?? []).forEach((feature, i) => {
    const force = forceOf.get(feature.properties?.pfa20_code ?? "");
    if (!force) problems.push({ file: boundariesFile, field: `/features/${i}/properties/pfa20_code`, message: `"${feature.properties?.pfa20_code}" is not an area in ${forceAreasFile}` });
    else features.push({ type: "Feature", properties: { force }, geometry: feature.geometry });
  });
  return { geography: { areas, boundaries: { type: "FeatureCollection", features } }, problems };
}
