/**
 * Council areas (ONS local authority districts) and the police force that covers each, from ONS's lookup and
 * content/geography/force-areas.json. Pure: the loader (load.ts) reads the files.
 */
import type { Problem } from "../schema/problems.ts";
import { parseCsv } from "./csv.ts";

export interface CouncilArea {
  /** ONS code, "E07000105". */
  code: string;
  /** ONS name, "Ashford". */
  name: string;
  /** Force id (forces/<id>.json), "kent". */
  force: string;
}

export interface ForceArea {
  /** ONS police force area code, "E23000032". */
  pfa: string;
  /** ONS's short name, "Kent": for editors reading the file, never shown. */
  onsName: string;
  force: string;
}

export const lookupFile = "content/geography/lad24_to_pfa24.csv";
export const forceAreasFile = "content/geography/force-areas.json";

const areaCode = /^[EW]\d{8}$/;

/** Every PFA code the lookup uses maps to exactly one force that exists, and each force has at most one area. */
export function forceAreaProblems(forceAreas: ForceArea[], usedCodes: Set<string>, forceIds: Set<string>): Problem[] {
  const problems: Problem[] = [];
  const byCode = new Map<string, number>();
  const byForce = new Map<string, number>();
  forceAreas.forEach((area, i) => {
    const field = `/areas/${i}`;
    if (!areaCode.test(area.pfa)) problems.push({ file: forceAreasFile, field: `${field}/pfa`, message: `"${area.pfa}" is not an ONS area code (like E23000032)` });
    if (byCode.has(area.pfa)) problems.push({ file: forceAreasFile, field: `${field}/pfa`, message: `area ${area.pfa} is given twice (also at /areas/${byCode.get(area.pfa)}): each area maps to exactly one force` });
    else byCode.set(area.pfa, i);
    if (!forceIds.has(area.force)) problems.push({ file: forceAreasFile, field: `${field}/force`, message: `names force "${area.force}", but there is no forces/${area.force}.json` });
    if (byForce.has(area.force)) problems.push({ file: forceAreasFile, field: `${field}/force`, message: `force "${area.force}" already covers ${forceAreas[byForce.get(area.force)!].pfa} (/areas/${byForce.get(area.force)}): is ${area.pfa} (${area.onsName}) meant for another force?` });
    else byForce.set(area.force, i);
    if (!usedCodes.has(area.pfa)) problems.push({ file: forceAreasFile, field: `${field}/pfa`, message: `area ${area.pfa} (${area.onsName}) is in no row of ${lookupFile}` });
  });
  for (const code of [...usedCodes].sort()) {
    if (!byCode.has(code)) problems.push({ file: forceAreasFile, field: "/areas", message: `has no entry for police force area ${code}, which ${lookupFile} uses: add { "pfa": "${code}", "onsName": …, "force": … }` });
  }
  return problems;
}

/** The council areas of the lookup CSV, A to Z, each with its force; with every problem in either file. */
export function councilAreas(csv: string, forceAreas: ForceArea[], forceIds: Set<string>): { areas: CouncilArea[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const [header, ...rows] = parseCsv(csv);
  const column = (name: string) => header?.indexOf(name) ?? -1;
  const [code, name, pfa] = [column("ltla24_code"), column("ltla24_name"), column("pfa24_code")];
  if (code < 0 || name < 0 || pfa < 0) return { areas: [], problems: [{ file: lookupFile, field: "line 1", message: "needs the columns ltla24_code, ltla24_name and pfa24_code" }] };
  const forceOf = new Map(forceAreas.map((a) => [a.pfa, a.force]));
  const seen = new Set<string>();
  const areas: CouncilArea[] = [];
  rows.forEach((row, i) => {
    const line = `line ${i + 2}`;
    if (!areaCode.test(row[code] ?? "") || !areaCode.test(row[pfa] ?? "") || !row[name]) {
      problems.push({ file: lookupFile, field: line, message: "needs a council area code, its name and a police force area code" });
      return;
    }
    if (seen.has(row[code])) {
      problems.push({ file: lookupFile, field: line, message: `council area ${row[code]} is given twice: each belongs to one force area` });
      return;
    }
    seen.add(row[code]);
    const force = forceOf.get(row[pfa]);
    if (force) areas.push({ code: row[code], name: row[name], force });
  });
  problems.push(...forceAreaProblems(forceAreas, new Set(rows.map((r) => r[pfa]).filter((c) => c && areaCode.test(c))), forceIds));
  areas.sort((a, b) => a.name.localeCompare(b.name, "en"));
  return { areas, problems };
}

/** The force covering a council area, by its ONS code; undefined for a code that is not one. */
export function forceForArea(areas: readonly CouncilArea[], code: string): string | undefined {
  return areas.find((a) => a.code === code)?.force;
}
