/**
 * npm run geography:import-postcodes -- <nspl.csv> [--out <file>]
 * Turns an operator's copy of ONS's postcode directory (NSPL, CSV, with the columns pcds and pfa) into the file
 * the service answers "find your force" by postcode from: DATA_DIR/postcode-forces.txt unless --out says
 * otherwise. The service reads it when it starts; without it a postcode leads to the council list.
 */
import { createReadStream, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { forceAreasFile, type ForceArea } from "../geography/areas.ts";
import { importPostcodes, postcodeDirectoryName } from "../geography/postcodes.ts";

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const { values, positionals } = parseArgs({ allowPositionals: true, options: { out: { type: "string" }, root: { type: "string", default: projectRoot } } });
const input = positionals[0];
if (!input || positionals.length > 1) {
  console.error("Give the postcode file: npm run geography:import-postcodes -- <nspl.csv> [--out <file>]");
  process.exit(2);
}
if (!existsSync(input)) {
  console.error(`${input}: there is no such file`);
  process.exit(2);
}
const out = path.resolve(values.out ?? path.join(process.env.DATA_DIR ?? path.join(projectRoot, "data"), postcodeDirectoryName));
const areas = (JSON.parse(readFileSync(path.join(values.root!, forceAreasFile), "utf8")) as { areas: ForceArea[] }).areas;
const result = await importPostcodes(createInterface({ input: createReadStream(input, "utf8"), crlfDelay: Infinity }), new Map(areas.map((a) => [a.pfa, a.force])), input);
for (const problem of result.problems) console.error(problem);
if (result.problems.length || !result.postcodes) {
  console.error(result.postcodes ? "Nothing was written: fix the file and import it again." : "Nothing was written: the file has no postcode in England or Wales.");
  process.exit(1);
}
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(`${out}.partial`, result.text);
renameSync(`${out}.partial`, out);
console.log(`Wrote ${result.postcodes} postcodes in England and Wales to ${out} (${result.outside} rows outside England and Wales left out). Restart the service to use it.`);
