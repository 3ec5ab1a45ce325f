/**
 * Site search: after the pages are written, one Pagefind index per force and language, of that force's own pages
 * in that language that mark what to index (data-pagefind-body: guidance, service start pages, outcomes; not the
 * steps of a form), written to /<force>/pagefind/ and /<force>/cy/pagefind/. A force's search page loads only its
 * own index, so its results are its own pages. Pagefind's binary comes from the npm registry (@pagefind/<platform>).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import zlib, { brotliCompressSync, gzipSync } from "node:zlib";
import path from "node:path";
import type { Force } from "../forces/load.ts";
import type { Language } from "../i18n/language.ts";
import { fileURLToPath } from "node:url";
import { cacheKey, packageVersion } from "./cache.ts";
import { forceBase } from "./plan.ts";

/** Where a force's index for a language is, below the site folder: "kent/pagefind", "gwent/cy/pagefind". */
export function searchBundle(force: Force, lang: Language): string {
  return `${forceBase(force, lang).slice(1)}pagefind`;
}

function precompress(file: string) {
  const content = readFileSync(file);
  writeFileSync(`${file}.br`, brotliCompressSync(content, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }));
  writeFileSync(`${file}.gz`, gzipSync(content, { level: 9 }));
}

/** The files Pagefind writes that the site does not use (its ready-made interfaces): the search page has its own. */
const unused = /^pagefind-(ui|modular-ui|component-ui|highlight)\b/;

export interface SearchIndexReport {
  indexes: number;
  pages: number;
}

/** Which pages each index was made from, kept beside the build's record, so an index is made again only when they change. */
const keysFile = path.join(".front-counter", "search.json");

/**
 * Indexes each force and language whose pages (or this code, or Pagefind) changed since its index was made, or
 * whose index is missing. `hashes`: every file of the built site with its content hash (the build's record).
 */
export async function indexSearch(siteDir: string, forces: Force[], hashes: Record<string, string>, log: (line: string) => void = () => {}): Promise<SearchIndexReport> {
  const pagefind = await import("pagefind");
  const report = { indexes: 0, pages: 0 };
  const files = Object.keys(hashes).sort();
  const keysPath = path.join(siteDir, keysFile);
  const keys = (existsSync(keysPath) ? JSON.parse(readFileSync(keysPath, "utf8")) : {}) as Record<string, string>;
  const codeKey = cacheKey(packageVersion("pagefind"), readFileSync(fileURLToPath(import.meta.url), "utf8"));
  try {
    for (const force of forces) {
      for (const lang of force.languages) {
        const prefix = forceBase(force, lang).slice(1);
        // English pages are below /kent/ but not below /kent/cy/.
        const others = force.languages.filter((l) => l !== lang).map((l) => forceBase(force, l).slice(1)).filter((p) => p.startsWith(prefix));
        const mine = (file: string) => file.startsWith(prefix) && !others.some((other) => file.startsWith(other));
        const name = searchBundle(force, lang);
        const bundle = path.join(siteDir, name);
        const pages = files.filter((file) => file.endsWith("index.html") && mine(file));
        if (!pages.length) continue;
        const key = cacheKey(codeKey, ...pages.map((file) => `${file}:${hashes[file]}`));
        if (keys[name] === key && existsSync(path.join(bundle, "pagefind-entry.json"))) continue;
        const { index, errors } = await pagefind.createIndex({ forceLanguage: lang });
        if (!index) throw new Error(`Pagefind could not start an index for ${force.id} (${lang}): ${errors.join("; ")}`);
        let added = 0;
        for (const file of pages) {
          const content = readFileSync(path.join(siteDir, file), "utf8");
          if (!content.includes("data-pagefind-body")) continue;
          const result = await index.addHTMLFile({ url: `/${file.slice(0, -"index.html".length)}`, content });
          if (result.errors.length) throw new Error(`Pagefind could not index ${file}: ${result.errors.join("; ")}`);
          added++;
        }
        rmSync(bundle, { recursive: true, force: true });
        const written = await index.writeFiles({ outputPath: bundle });
        if (written.errors.length) throw new Error(`Pagefind could not write ${bundle}: ${written.errors.join("; ")}`);
        await index.deleteIndex();
        for (const file of readdirSync(bundle)) {
          if (unused.test(file)) rmSync(path.join(bundle, file), { force: true });
          // Its scripts, like every script of the site, are sent compressed (its index files already are).
          else if (/\.(js|json)$/.test(file)) precompress(path.join(bundle, file));
        }
        keys[name] = key;
        report.indexes++;
        report.pages += added;
      }
      if (report.indexes && report.indexes % 10 === 0) log(`    ${report.indexes} search indexes written`);
    }
  } finally {
    await pagefind.close();
    mkdirSync(path.dirname(keysPath), { recursive: true });
    writeFileSync(keysPath, JSON.stringify(keys));
  }
  return report;
}
