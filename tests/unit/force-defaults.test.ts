import { readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { deepMerge, loadForces } from "../../lib/forces/load.ts";
import { copyContent } from "../helpers/content-root.ts";

const roots: string[] = [];
afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));
const files = readdirSync("forces").filter((f) => f.endsWith(".json") && !["force.schema.json", "_defaults.json"].includes(f));
const readJson = (file: string) => JSON.parse(readFileSync(file, "utf8")) as Record<string, any>;

describe("force records inherit the national defaults", () => {
  const { forces, problems } = loadForces(".");
  const byId = new Map(forces.map((f) => [f.id, f]));

  it("gives every force the national contact numbers, English, and a theme named after it, unless it says otherwise", () => {
    expect(problems).toEqual([]);
    expect(forces).toHaveLength(files.length);
    expect(byId.get("kent")).toMatchObject({ languages: ["en"], theme: "kent", contact: { emergency: "999", nonEmergency: "101", textphone: "18000", emergencySms: "999" } });
    // British Transport Police give their own non-emergency number and add their text number; the other defaults stay under them.
    expect(byId.get("btp")!.contact).toEqual({ emergency: "999", nonEmergency: "0800 40 50 40", textphone: "18000", emergencySms: "999", text: "61016" });
    expect(byId.get("gwent")!.languages).toEqual(["en", "cy"]);
  });

  it("keeps no copy of a default in a force's own file", () => {
    const defaults = readJson("forces/_defaults.json");
    const copies = files.flatMap((file) => {
      const own = readJson(`forces/${file}`);
      return [
        ...Object.entries(own.contact ?? {}).filter(([key, value]) => defaults.contact[key] === value).map(([key]) => `${file} contact.${key}`),
        ...(JSON.stringify(own.languages) === JSON.stringify(defaults.languages) ? [`${file} languages`] : []),
        ...(own.theme === own.id ? [`${file} theme`] : []),
      ];
    });
    expect(copies).toEqual([]);
  });

  it("merges objects member by member and replaces lists", () => {
    expect(deepMerge({ a: { x: 1, y: 2 }, list: ["en"] }, { a: { y: 3 }, list: ["en", "cy"] })).toEqual({ a: { x: 1, y: 3 }, list: ["en", "cy"] });
  });

  it("names the force file whose own field is wrong, and the defaults file when it holds what only a force may say", () => {
    const root = copyContent();
    roots.push(root);
    const kent = readJson(path.join(root, "forces/kent.json"));
    writeFileSync(path.join(root, "forces/kent.json"), JSON.stringify({ ...kent, contact: { nonEmergency: "call us" } }));
    const defaults = readJson(path.join(root, "forces/_defaults.json"));
    writeFileSync(path.join(root, "forces/_defaults.json"), JSON.stringify({ ...defaults, code: "ABC" }));
    const found = loadForces(root).problems;
    expect(found).toContainEqual({ file: "forces/kent.json", field: "/contact/nonEmergency", message: "must be the non-emergency number: digits and spaces, like 101" });
    expect(found).toContainEqual({ file: "forces/_defaults.json", field: "/code", message: "is a force's own: set it in each force's file, not in the national defaults" });
  });
});
