import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, rmdirSync, rmSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { brotliCompress, constants, gzip } from "node:zlib";

const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);
const compressible = /\.(html|css|js|svg|json)$/;

/** A file of the built site, by its path below the site folder ("kent/index.html", "assets/govuk.ab12.js"). */
export interface SiteFile {
  path: string;
  content: string;
}

export function contentHash(content: string): string {
  return createHash("sha1").update(content).digest("base64url");
}

export function pageFile(url: string): string {
  return url.endsWith("/") ? `${url.replace(/^\//, "")}index.html` : url.replace(/^\//, "");
}

export function assetFile(url: string): string {
  return url.replace(/^\//, "");
}

/** What changed on disk. */
export interface WriteReport {
  written: string[];
  removed: string[];
  unchanged: number;
  /** The content hash of every file now in the site, for the next build to compare with. */
  hashes: Record<string, string>;
}

/**
 * Writes the files whose content differs from the last build's (by hash), with a .br and a .gz beside each
 * text file, and removes the files the last build wrote that are no longer part of the site, with theirs.
 * Fingerprinted assets, fetched by every visitor and cached for a year, get brotli's best; pages, of which
 * there are thousands, a quick setting. Compression runs on libuv's thread pool, several files at once.
 */
export async function writeSiteFiles(siteDir: string, files: SiteFile[], previous: Record<string, string> = {}, progress: (done: number, total: number) => void = () => {}): Promise<WriteReport> {
  const hashes: Record<string, string> = {};
  const changed: SiteFile[] = [];
  for (const file of files) {
    const hash = contentHash(file.content);
    hashes[file.path] = hash;
    if (previous[file.path] !== hash || !existsSync(path.join(siteDir, file.path))) changed.push(file);
  }
  const removed = Object.keys(previous).filter((file) => !(file in hashes));
  for (const file of removed) {
    for (const suffix of ["", ".br", ".gz"]) rmSync(path.join(siteDir, file + suffix), { force: true });
    removeEmptyParents(siteDir, path.dirname(path.join(siteDir, file)));
  }

  const directories = new Set(changed.map((file) => path.dirname(path.join(siteDir, file.path))));
  for (const directory of directories) mkdirSync(directory, { recursive: true });
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < changed.length) {
      const file = changed[next++];
      const full = path.join(siteDir, file.path);
      const content = Buffer.from(file.content);
      const writes = [writeFile(full, content)];
      if (compressible.test(file.path)) {
        const quality = /\.(css|js|svg)$/.test(file.path) ? 11 : 5;
        const [br, gz] = await Promise.all([brotli(content, { params: { [constants.BROTLI_PARAM_QUALITY]: quality } }), gzipped(content, { level: 9 })]);
        writes.push(writeFile(`${full}.br`, br), writeFile(`${full}.gz`, gz));
      }
      await Promise.all(writes);
      if (++done % 250 === 0) progress(done, changed.length);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  progress(done, changed.length);
  return { written: changed.map((f) => f.path), removed, unchanged: files.length - changed.length, hashes };
}

/** A page taken away leaves no empty folder behind (a folder with an index.html is a URL that answers). */
function removeEmptyParents(siteDir: string, directory: string) {
  let current = directory;
  while (current.startsWith(siteDir + path.sep) && existsSync(current) && readdirSync(current).length === 0) {
    rmdirSync(current);
    current = path.dirname(current);
  }
}
