import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { codeRoot } from "./bundle.ts";

/**
 * Sass and esbuild outputs kept between builds, keyed by a hash of everything they are made from, so a build
 * after an edit to a page does not recompile the stylesheet or rebundle the browser code. A stale entry is
 * never used: a changed input is a different key. Lives under node_modules/.cache, where tools keep caches.
 */
const cacheDir = path.join(codeRoot, "node_modules", ".cache", "front-counter");

export function cacheKey(...parts: string[]): string {
  const hash = createHash("sha256");
  for (const part of parts) hash.update(part).update("\0");
  return hash.digest("hex").slice(0, 32);
}

export async function cached<T>(kind: string, key: string, compute: () => T | Promise<T>): Promise<T> {
  const file = path.join(cacheDir, `${kind}-${key}.json`);
  const found = readCached<T>(file);
  if (found !== undefined) return found;
  const value = await compute();
  writeCached(file, value);
  return value;
}

/** The same for work that cannot wait (schema validators); `use` may refuse a cached value by throwing. */
export function cachedSync<T, U>(kind: string, key: string, compute: () => T, use: (value: T) => U): U {
  const file = path.join(cacheDir, `${kind}-${key}.json`);
  const found = readCached<T>(file);
  if (found !== undefined) {
    try {
      return use(found);
    } catch {
      // Made by other code, or torn: make it afresh.
    }
  }
  const value = compute();
  writeCached(file, value);
  return use(value);
}

function readCached<T>(file: string): T | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, "utf8")) as T;
  } catch {
    // A torn or foreign file: compute afresh and overwrite it.
    return undefined;
  }
}

function writeCached(file: string, value: unknown) {
  mkdirSync(cacheDir, { recursive: true });
  const partial = `${file}.${process.pid}`;
  writeFileSync(partial, JSON.stringify(value));
  renameSync(partial, file);
}

/** A hash of every file's content under the given folders (those that exist), for cache keys. */
export function treeHash(root: string, folders: string[], extension: RegExp): string {
  const hash = createHash("sha256");
  const visit = (relative: string) => {
    const full = path.join(root, relative);
    if (!existsSync(full)) return;
    for (const entry of readdirSync(full, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const child = path.join(relative, entry.name);
      if (entry.isDirectory()) visit(child);
      else if (extension.test(entry.name)) hash.update(child).update("\0").update(readFileSync(path.join(root, child))).update("\0");
    }
  };
  for (const folder of folders) visit(folder);
  return hash.digest("hex");
}

/** The installed version of a package, as part of a cache key. */
export function packageVersion(name: string): string {
  return (JSON.parse(readFileSync(path.join(codeRoot, "node_modules", name, "package.json"), "utf8")) as { version: string }).version;
}
