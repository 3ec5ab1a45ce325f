/**
 * npm run bench:build — the full build of every force's site, measured:
 * pages built, wall seconds, ms per page, seconds spent compiling all themes' CSS, and peak memory.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "../lib/cli/build.ts";
import { readSite } from "../lib/site/load.ts";
import { compileSharedStylesheet, themeStylesheet } from "../lib/themes/css.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const out = mkdtempSync(path.join(os.tmpdir(), "front-counter-bench-"));

let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);

const cssStarted = performance.now();
const { site } = readSite(root);
compileSharedStylesheet(root);
for (const theme of site.themes.values()) themeStylesheet(theme.colours);
const cssSeconds = (performance.now() - cssStarted) / 1000;

const started = performance.now();
const { pages } = await build(path.join(out, "_site"), root);
const wallSeconds = (performance.now() - started) / 1000;
clearInterval(sampler);
peakRss = Math.max(peakRss, process.memoryUsage().rss);
rmSync(out, { recursive: true, force: true });

console.log(`forces            ${site.forces.length}`);
console.log(`themes            ${site.themes.size}`);
console.log(`pages built       ${pages}`);
console.log(`wall seconds      ${wallSeconds.toFixed(2)}`);
console.log(`ms per page       ${((wallSeconds * 1000) / pages).toFixed(2)}`);
console.log(`all themes' CSS   ${cssSeconds.toFixed(2)} s (one shared compile + ${site.themes.size} custom-property overrides)`);
console.log(`peak memory       ${(peakRss / 1024 / 1024).toFixed(0)} MB`);
