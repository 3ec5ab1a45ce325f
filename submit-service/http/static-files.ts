import { createHash } from "node:crypto";
import { readFile, realpath, stat } from "node:fs/promises";
import { statSync } from "node:fs";
import path from "node:path";
import type { Context, MiddlewareHandler } from "hono";
import { getMimeType } from "hono/utils/mime";
import { manifestPath } from "../../lib/site/manifest.ts";
import { requestHeader } from "./request-header.ts";

/** The encodings the build writes beside a file, best first (lib/site/write.ts: a `.br` and a `.gz`). */
const encodings = [
  { name: "br", suffix: ".br" },
  { name: "gzip", suffix: ".gz" },
] as const;
type EncodingName = (typeof encodings)[number]["name"];

/** STATIC_CACHE_BYTES unless set: the pages most asked for (steps, assets) are a small part of a whole build. */
export const defaultStaticCacheBytes = 64 * 1024 * 1024;

/** One way of sending a file: its bytes and the strong ETag of exactly those bytes. */
interface Representation {
  body: Buffer;
  etag: string;
  /**
   * Every header the whole app sent with it last time, by status (200 or 304), to a request with nothing of one
   * person in it: what `replay` answers with, so a page asked for again skips the rest of the app.
   */
  answered: Partial<Record<200 | 304, Readonly<Record<string, string>>>>;
}

/** A built file as it is served: its bytes, and the compressed copies the build wrote beside it. */
interface Entry {
  type: string;
  lastModified: string;
  identity: Representation;
  encoded: Partial<Record<EncodingName, Representation>>;
  /** Every byte held for it (what counts against the cache's bound). */
  bytes: number;
}

export interface StaticFilesOptions {
  /** The built site (SITE_DIR): nothing outside it is ever read. */
  root: string;
  /** Most bytes of files (with their .br and .gz) kept in memory; the least recently asked for go first. */
  maxBytes: number;
  /** How often, at most, the build's manifest is looked at to see whether the site was rebuilt (1 s). */
  recheckMs?: number;
  /** A request answered for one person (a report in progress): never answered by `replay`, nor learnt from. */
  personal?: (c: Context) => boolean;
}

export interface StaticFiles {
  /** Last in the chain: answers a GET or HEAD with the built file its path names, or goes on. */
  serve: MiddlewareHandler;
  /**
   * First in the chain: a GET for a file the whole app has answered from the built site before (to a request
   * that was not `personal`) is answered again at once with the same status rule and exactly the headers the
   * app sent then; anything else goes through the app, and what `serve` answered is learnt on the way out. A
   * path the app answers otherwise (a journey page, track, find-force) is never served by `serve`, so it is
   * never learnt. A rebuild empties the cache, and with it everything learnt.
   */
  replay: MiddlewareHandler;
}

/**
 * The built site served from memory: each file read the first time it is asked for, with its `.br` and `.gz`,
 * kept (up to `maxBytes`, least recently used out first), and answered with a strong ETag per representation
 * and 304 when If-None-Match matches. A build writes its manifest last, so when the manifest changes the cache
 * is emptied and files are read again. A file too big for an eighth of the cache is read each time it is asked for.
 *
 * Only a path made of plain segments is looked up (no `.` or `..`, no dot folders, no backslashes or encoded
 * slashes), and the file it names must lie inside `root` once links are followed: anything else falls through
 * (to the 404 page).
 */
export function staticFiles(options: StaticFilesOptions): StaticFiles {
  const root = path.resolve(options.root);
  const recheckMs = options.recheckMs ?? 1_000;
  const manifest = manifestPath(root);
  const perFileMax = Math.floor(options.maxBytes / 8);
  /** Least recently used first (a Map keeps insertion order; a hit is moved to the end). */
  const cache = new Map<string, Entry>();
  const loading = new Map<string, Promise<Entry | undefined>>();
  let held = 0;
  let generation = 0;
  let realRoot: string | undefined;
  let checkedAt = 0;
  let manifestStamp = stampOf(manifest);

  /** Empties the cache when the build's manifest is not the one seen last (looked at once per `recheckMs`). */
  function revalidate(now: number) {
    if (now - checkedAt < recheckMs) return;
    checkedAt = now;
    const stamp = stampOf(manifest);
    if (stamp === manifestStamp) return;
    manifestStamp = stamp;
    cache.clear();
    loading.clear();
    held = 0;
    generation++;
    realRoot = undefined;
  }

  function keep(key: string, entry: Entry) {
    if (entry.bytes > perFileMax) return;
    cache.set(key, entry);
    held += entry.bytes;
    for (const [oldest, old] of cache) {
      if (held <= options.maxBytes) break;
      cache.delete(oldest);
      held -= old.bytes;
    }
  }

  async function load(key: string, file: string): Promise<Entry | undefined> {
    let info = await stat(file).catch(() => undefined);
    if (info?.isDirectory()) {
      file = path.join(file, "index.html");
      info = await stat(file).catch(() => undefined);
    }
    if (!info?.isFile()) return undefined;
    realRoot ??= await realpath(root);
    const real = await realpath(file).catch(() => undefined);
    if (!real || !real.startsWith(realRoot + path.sep)) return undefined;
    const [body, ...compressed] = await Promise.all([readFile(real), ...encodings.map((e) => readFile(real + e.suffix).catch(() => undefined))]);
    const identity = representation(body, "");
    const entry: Entry = { type: getMimeType(real) ?? "application/octet-stream", lastModified: info.mtime.toUTCString(), identity, encoded: {}, bytes: body.length };
    encodings.forEach((encoding, i) => {
      const bytes = compressed[i];
      if (!bytes) return;
      entry.encoded[encoding.name] = representation(bytes, identity.etag.slice(1, -1) + encoding.suffix);
      entry.bytes += bytes.length;
    });
    return entry;
  }

  /** The entry held for a path, if any, moved to the most recently used end. */
  function cached(key: string): Entry | undefined {
    const hit = cache.get(key);
    if (hit) {
      cache.delete(key);
      cache.set(key, hit);
    }
    return hit;
  }

  async function find(key: string, file: string): Promise<Entry | undefined> {
    const hit = cached(key);
    if (hit) return hit;
    let pending = loading.get(key);
    if (!pending) {
      const startedIn = generation;
      pending = load(key, file).then((entry) => {
        if (entry && startedIn === generation) keep(key, entry);
        return entry;
      });
      pending.finally(() => loading.get(key) === pending && loading.delete(key)).catch(() => undefined);
      loading.set(key, pending);
    }
    return pending;
  }

  /** The representation a request gets of an entry, and whether it is 304 Not Modified. */
  function choose(c: Context, entry: Entry) {
    const encoding = chooseEncoding(requestHeader(c, "accept-encoding"), entry);
    const chosen = (encoding && entry.encoded[encoding]) || entry.identity;
    return { encoding, chosen, status: matches(requestHeader(c, "if-none-match"), chosen.etag) ? (304 as const) : (200 as const) };
  }

  /** What `serve` answered each request with (read by `replay` on the way out). */
  const served = new WeakMap<Request, { chosen: Representation; status: 200 | 304 }>();

  const serve: MiddlewareHandler = async (c, next) => {
    if (c.req.method !== "GET" && c.req.method !== "HEAD") return next();
    const segments = plainSegments(c.req.path);
    if (!segments) return next();
    revalidate(Date.now());
    const entry = await find(segments.join("/"), path.join(root, ...segments));
    if (!entry) return next();

    const { encoding, chosen, status } = choose(c, entry);
    served.set(c.req.raw, { chosen, status });
    const headers: Record<string, string> = { "Content-Type": entry.type, ETag: chosen.etag, "Last-Modified": entry.lastModified };
    if (encoding) headers["Content-Encoding"] = encoding;
    if (entry.encoded.br || entry.encoded.gzip) headers.Vary = "Accept-Encoding";
    if (status === 304) return c.body(null, 304, headers);
    headers["Content-Length"] = String(chosen.body.length);
    return c.req.method === "HEAD" ? c.body(null, 200, headers) : c.body(chosen.body as Uint8Array<ArrayBuffer>, 200, headers);
  };

  const replay: MiddlewareHandler = async (c, next) => {
    if (c.req.method !== "GET" || options.personal?.(c)) return next();
    const segments = plainSegments(c.req.path);
    if (segments) {
      revalidate(Date.now());
      const entry = cached(segments.join("/"));
      if (entry) {
        const { chosen, status } = choose(c, entry);
        const headers = chosen.answered[status];
        if (headers) {
          // Plain headers, so @hono/node-server writes them as they are, without building a Headers object.
          return new Response(status === 304 ? null : (chosen.body as Uint8Array<ArrayBuffer>), { status, headers });
        }
      }
    }
    await next();
    const answer = served.get(c.req.raw);
    if (answer && c.res.status === answer.status && !c.res.headers.has("set-cookie")) answer.chosen.answered[answer.status] = Object.freeze(Object.fromEntries(c.res.headers));
  };

  return { serve, replay };
}

function representation(body: Buffer, tag: string): Representation {
  return { body, etag: `"${tag || createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`, answered: {} };
}

/** The manifest's identity on disk (a rebuild replaces it), or "" when there is none. */
function stampOf(file: string): string {
  try {
    const info = statSync(file);
    return `${info.ino}:${info.size}:${info.mtimeMs}`;
  } catch {
    return "";
  }
}

/** A path's segments when every one is plain (no empty, `.`/`..` or dot-first segment, no backslash, NUL or `%`); else undefined. */
export function plainSegments(urlPath: string): string[] | undefined {
  if (!urlPath.startsWith("/") || /[\\%\0]/.test(urlPath)) return undefined;
  const segments = urlPath.slice(1).split("/");
  if (segments[segments.length - 1] === "") segments.pop();
  return segments.every((s) => s !== "" && !s.startsWith(".")) ? segments : undefined;
}

/** The best encoding the client accepts (by its q-values, br before gzip on a tie) that the file has. */
function chooseEncoding(header: string | undefined, entry: Entry): EncodingName | undefined {
  if (!header || !(entry.encoded.br || entry.encoded.gzip)) return undefined;
  const q = new Map<string, number>();
  for (const part of header.split(",")) {
    const [name, ...params] = part.split(";");
    const weight = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    const value = weight ? Number(weight.slice(2)) : 1;
    q.set(name.trim().toLowerCase(), Number.isFinite(value) ? value : 0);
  }
  let best: EncodingName | undefined;
  let bestQ = 0;
  for (const { name } of encodings) {
    const weight = q.get(name) ?? q.get("*") ?? 0;
    if (entry.encoded[name] && weight > bestQ) [best, bestQ] = [name, weight];
  }
  return best;
}

/** If-None-Match against a strong tag, by the weak comparison RFC 9110 asks for (W/ ignored), or `*`. */
function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === "*") return true;
  return header.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag);
}
