/**
 * Find your force's data and pure code: ONS's council areas mapped to our forces (as npm run check reads them),
 * the point-in-polygon test the browser runs on the real boundaries, and the operator's postcode import.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { councilAreas, forceForArea, lookupFile, type ForceArea } from "../../lib/geography/areas.ts";
import { loadGeography } from "../../lib/geography/load.ts";
import { forceAt } from "../../lib/geography/point-in-polygon.ts";
import { compactPostcode, importPostcodes, PostcodeDirectory } from "../../lib/geography/postcodes.ts";
import { loadForces } from "../../lib/forces/load.ts";

const root = process.cwd();
const forceIds = new Set(loadForces(root).forces.map((f) => f.id));
const { geography, problems } = loadGeography(root, forceIds);
const mapping = (JSON.parse(readFileSync("content/geography/force-areas.json", "utf8")) as { areas: ForceArea[] }).areas;
const csv = readFileSync(lookupFile, "utf8");
const named = (name: string) => geography.areas.find((a) => a.name === name)!;

describe("council areas", () => {
  it("maps every one of ONS's 318 council areas to one of our forces, and every force area to exactly one force", () => {
    expect(problems).toEqual([]);
    expect(geography.areas).toHaveLength(318);
    expect(new Set(geography.areas.map((a) => a.force)).size).toBe(43);
    for (const area of geography.areas) expect(forceIds.has(area.force), area.name).toBe(true);
    expect(forceIds.has("btp") && geography.areas.some((a) => a.force === "btp")).toBe(false);
  });

  it("knows Ashford is Kent's, Cardiff South Wales's, Westmorland and Furness Cumbria's and the City of London its own", () => {
    expect(named("Ashford").force).toBe("kent");
    expect(named("Cardiff").force).toBe("south-wales");
    expect(named("Westmorland and Furness").force).toBe("cumbria");
    expect(named("City of London").force).toBe("city-of-london");
    expect(forceForArea(geography.areas, named("Ashford").code)).toBe("kent");
    expect(forceForArea(geography.areas, "E99999999")).toBeUndefined();
  });

  it("names the file and field when a force area maps to no force, to two, or to a force that does not exist", () => {
    const kent = mapping.findIndex((a) => a.force === "kent");
    const broken = mapping.map((a, i) => (i === kent ? { ...a, force: "kent-police" } : a)).filter((a) => a.onsName !== "Gwent");
    broken.push({ ...mapping[0] });
    const found = councilAreas(csv, broken, forceIds).problems.map((p) => `${p.file}: ${p.field} — ${p.message}`);
    expect(found).toEqual(
      expect.arrayContaining([
        `content/geography/force-areas.json: /areas/${kent}/force — names force "kent-police", but there is no forces/kent-police.json`,
        `content/geography/force-areas.json: /areas/${broken.length - 1}/pfa — area E23000001 is given twice (also at /areas/0): each area maps to exactly one force`,
        expect.stringMatching(/^content\/geography\/force-areas\.json: \/areas — has no entry for police force area W15000002, which content\/geography\/lad24_to_pfa24\.csv uses/),
      ]),
    );
  });
});

describe("the force boundaries (point in polygon)", () => {
  it.each([
    ["Newport", 51.5842, -2.9977, "gwent"],
    ["Canterbury", 51.2802, 1.0789, "kent"],
    ["Cardiff", 51.4816, -3.1791, "south-wales"],
    ["Kendal", 54.3281, -2.7463, "cumbria"],
    ["Westminster", 51.4995, -0.1248, "metropolitan"],
  ])("puts %s in its force's area", (_place, latitude, longitude, force) => {
    expect(forceAt(geography.boundaries, longitude, latitude)).toBe(force);
  });

  it("puts the open sea and Edinburgh in no force's area", () => {
    expect(forceAt(geography.boundaries, -8, 50)).toBeUndefined();
    expect(forceAt(geography.boundaries, -3.1883, 55.9533)).toBeUndefined();
  });
});

describe("an operator's postcode directory", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "front-counter-postcodes-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const fixture = "tests/fixtures/postcodes/nspl-sample.csv";
  const run = (...args: string[]) => spawnSync(process.execPath, ["--import", "tsx", "lib/cli/import-postcodes.ts", ...args], { encoding: "utf8" });

  it("reads postcodes written any way", () => {
    expect(compactPostcode(" tn23 3zz ")).toBe("TN233ZZ");
    expect(compactPostcode("LA94ZZ")).toBe("LA94ZZ");
    expect(compactPostcode("not a postcode")).toBeUndefined();
  });

  it("refuses a file with a row that is not a postcode, naming its line, and writes nothing", () => {
    const result = run(fixture, "--out", path.join(dir, "refused.txt"));
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`${fixture}: line 7, column pcds — "NOTAPOSTCODE" is not a postcode`);
    expect(result.stderr).toContain("Nothing was written");
  });

  it("imports the NSPL's rows for England and Wales with npm run geography:import-postcodes, and the directory finds each force", () => {
    const good = path.join(dir, "good.csv");
    execFileSync("sh", ["-c", `grep -v NOTAPOSTCODE ${fixture} > ${good}`]);
    const out = path.join(dir, "postcode-forces.txt");
    const result = run(good, "--out", out);
    expect(result.stderr).toBe("");
    expect(result.stdout).toContain("Wrote 4 postcodes in England and Wales");
    expect(result.stdout).toContain("1 rows outside England and Wales left out");
    const directory = new PostcodeDirectory(readFileSync(out, "utf8"));
    expect(directory.size).toBe(4);
    expect(directory.forceFor("tn23 3zz")).toBe("kent");
    expect(directory.forceFor("CF10 1ZZ")).toBe("south-wales");
    expect(directory.forceFor("NP201ZZ")).toBe("gwent");
    expect(directory.forceFor("LA9 4ZZ")).toBe("cumbria");
    expect(directory.forceFor("EH1 1ZZ")).toBeUndefined();
    expect(directory.forceFor("AB1 2CD")).toBeUndefined();
  });

  it("says which columns it needs when the file is not the NSPL", async () => {
    const result = await importPostcodes(["postcode,force", "TN23 3ZZ,kent"], new Map(), "mine.csv");
    expect(result.problems).toEqual(["mine.csv: line 1 — needs the columns pcds (the postcode) and pfa (the police force area code), as in ONS's NSPL; it has postcode, force"]);
  });
});
