import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import os from "node:os";
import path from "node:path";
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from "node:zlib";
import { Hono, type Context } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { staticFiles } from "../../submit-service/http/static-files.ts";
import { listen } from "../helpers/service.ts";

/**
 * The built site as the service serves it from memory (submit-service/http/static-files.ts): a small site in a
 * temporary folder, written as a build writes one (each page with its .br and .gz, the manifest last), with a
 * secret beside it that must never be served.
 */
let dir: string;
let site: string;
let server: { url: string; close: () => Promise<void> };

function writePage(file: string, text: string) {
  mkdirSync(path.dirname(path.join(site, file)), { recursive: true });
  writeFileSync(path.join(site, file), text);
  writeFileSync(path.join(site, `${file}.br`), brotliCompressSync(text));
  writeFileSync(path.join(site, `${file}.gz`), gzipSync(text));
}

function writeManifest(inputs: string) {
  mkdirSync(path.join(site, ".front-counter"), { recursive: true });
  writeFileSync(path.join(site, ".front-counter", "manifest.json"), JSON.stringify({ format: 1, inputs }));
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "front-counter-static-"));
  site = path.join(dir, "site");
  writePage("index.html", "<h1>Find your police force</h1>");
  writePage("kent/index.html", "<h1>Kent Police</h1>");
  writeFileSync(path.join(site, "kent", "logo.png"), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  writeManifest("first");
  writeFileSync(path.join(dir, "secret.txt"), "ANSWERS_KEY=not for the public");
  mkdirSync(path.join(dir, "site-private"));
  writeFileSync(path.join(dir, "site-private", "index.html"), "private");
  symlinkSync(path.join(dir, "secret.txt"), path.join(site, "kent", "leak.txt"));
  const app = new Hono();
  app.use("*", staticFiles({ root: site, maxBytes: 1024 * 1024, recheckMs: 0 }).serve);
  app.notFound((c) => c.text("Page not found", 404));
  server = await listen(app);
});
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

const get = (url: string, headers: Record<string, string> = {}) => fetch(`${server.url}${url}`, { headers });

/** A request line sent exactly as written (fetch would tidy `..` and `%2e` away before it left). */
function rawGet(target: string): Promise<{ status: number; text: string }> {
  const { hostname, port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(`GET ${target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`));
    let answer = "";
    socket.on("data", (chunk) => (answer += chunk.toString("latin1")));
    socket.on("end", () => resolve({ status: Number(answer.split(" ")[1]), text: answer }));
    socket.on("error", reject);
  });
}

describe("the built site, served from memory", () => {
  it("sends the brotli copy to a browser that takes it, gzip to one that takes only gzip, and plain bytes otherwise", async () => {
    // fetch would undo the compression itself: Node's http client shows the bytes as sent.
    const br = await rawBytes("/kent/", "gzip, deflate, br");
    expect(br.status).toBe(200);
    expect(br.headers["content-encoding"]).toBe("br");
    expect(br.headers.vary).toBe("Accept-Encoding");
    expect(br.headers["content-type"]).toContain("text/html");
    expect(brotliDecompressSync(br.body).toString()).toBe("<h1>Kent Police</h1>");

    const gz = await rawBytes("/kent/", "gzip");
    expect(gz.headers["content-encoding"]).toBe("gzip");
    expect(gunzipSync(gz.body).toString()).toBe("<h1>Kent Police</h1>");

    const plain = await rawBytes("/kent/", "br;q=0, gzip;q=0");
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.body.toString()).toBe("<h1>Kent Police</h1>");
  });

  it("answers 304 Not Modified to the ETag it gave, per encoding, and the page again to any other", async () => {
    const first = await get("/kent/", { "accept-encoding": "br" });
    const etag = first.headers.get("etag")!;
    expect(etag).toMatch(/^"[^"]+"$/);
    const again = await get("/kent/", { "accept-encoding": "br", "if-none-match": etag });
    expect(again.status).toBe(304);
    expect(again.headers.get("etag")).toBe(etag);
    expect(await again.text()).toBe("");
    expect((await get("/kent/", { "accept-encoding": "br", "if-none-match": `W/${etag}` })).status).toBe(304);
    // The gzip copy is another representation with its own tag: the brotli one's tag does not stand for it.
    const gzip = await get("/kent/", { "accept-encoding": "gzip", "if-none-match": etag });
    expect(gzip.status).toBe(200);
    expect(gzip.headers.get("etag")).not.toBe(etag);
    expect((await get("/kent/", { "accept-encoding": "br", "if-none-match": '"something-else"' })).status).toBe(200);
  });

  it("answers HEAD with the headers and length of the page, and no body", async () => {
    const head = await fetch(`${server.url}/kent/`, { method: "HEAD", headers: { "accept-encoding": "br" } });
    expect(head.status).toBe(200);
    expect(head.headers.get("content-encoding")).toBe("br");
    expect(Number(head.headers.get("content-length"))).toBe(brotliCompressSync("<h1>Kent Police</h1>").length);
    expect(await head.text()).toBe("");
  });

  it("serves a file with no compressed copies as it is, without Vary", async () => {
    const logo = await get("/kent/logo.png", { "accept-encoding": "br" });
    expect(logo.status).toBe(200);
    expect(logo.headers.get("content-type")).toBe("image/png");
    expect(logo.headers.get("content-encoding")).toBeNull();
    expect(logo.headers.get("vary")).toBeNull();
  });

  it("serves the new page once the site is rebuilt, and the old page's ETag no longer matches", async () => {
    const before = await get("/", { "accept-encoding": "br" });
    const oldTag = before.headers.get("etag")!;
    writePage("index.html", "<h1>Find your police force (updated)</h1>");
    writeManifest("second");
    const after = await get("/", { "accept-encoding": "br", "if-none-match": oldTag });
    expect(after.status).toBe(200);
    expect(after.headers.get("etag")).not.toBe(oldTag);
    expect(await after.text()).toBe("<h1>Find your police force (updated)</h1>");
  });

  it("holds nothing when STATIC_CACHE_BYTES is 0: each file is read as it is asked for, and still sent compressed", async () => {
    const uncached = new Hono();
    uncached.use("*", staticFiles({ root: site, maxBytes: 0 }).serve);
    const page = async () => (await uncached.request("/kent/", { headers: { "accept-encoding": "br" } })).arrayBuffer().then((b) => brotliDecompressSync(Buffer.from(b)).toString());
    expect(await page()).toBe("<h1>Kent Police</h1>");
    writePage("kent/index.html", "<h1>Kent Police: changed on disk</h1>");
    expect(await page()).toBe("<h1>Kent Police: changed on disk</h1>");
    writePage("kent/index.html", "<h1>Kent Police</h1>");
  });

  it.each([
    "/../secret.txt",
    "/kent/../../secret.txt",
    "/%2e%2e/secret.txt",
    "/kent/%2e%2e/%2e%2e/secret.txt",
    "/..%2fsecret.txt",
    "/kent/..%5c..%5csecret.txt",
    "/kent\\..\\..\\secret.txt",
    "/../site-private/",
    "/.front-counter/manifest.json",
    "/%2efront-counter/manifest.json",
    "/kent/leak.txt",
    "//etc/passwd",
    "/kent/%00index.html",
  ])("never serves anything outside the site or in its dot folders: %s is refused", async (target) => {
    const answer = await rawGet(target);
    // 404 from the service; Node's own HTTP parser refuses a backslash in the request line with 400 before that.
    expect(target.includes("\\") ? 400 : 404).toBe(answer.status);
    expect(answer.text).not.toContain("ANSWERS_KEY");
    expect(answer.text).not.toContain("private");
    expect(answer.text).not.toContain('"format"');
  });

  it("answers 404 for a page that is not there", async () => {
    expect((await get("/atlantis/")).status).toBe(404);
  });
});

describe("a page asked for again, answered ahead of the rest of the app", () => {
  // The app in miniature: replay first, then what every answer goes through (here it stamps a header and counts),
  // a journey that answers its own step when a report is in progress, a page the app always makes itself, and the
  // built files last — the order submit-service/app.ts uses.
  let throughApp = 0;
  let live: { url: string; close: () => Promise<void> };
  const personal = (c: Context) => c.req.header("cookie")?.includes("fc_draft=") === true;
  beforeAll(async () => {
    writePage("kent/step/index.html", "<h1>What happened?</h1>");
    writePage("kent/made/index.html", "<h1>Built copy</h1>");
    writeManifest("with a step");
    const built = staticFiles({ root: site, maxBytes: 1024 * 1024, recheckMs: 0, personal });
    const app = new Hono();
    app.use(built.replay);
    app.use(async (c, next) => {
      throughApp++;
      await next();
      c.res.headers.set("X-Frame-Options", "DENY");
    });
    app.get("/kent/step/", (c, next) => (personal(c) ? c.text("<h1>What happened?</h1><p>Your answer: a bike was stolen</p>") : next()));
    app.get("/kent/made/", (c) => c.text(`made at request ${throughApp}`));
    app.use("*", built.serve);
    app.notFound((c) => c.text("Page not found", 404));
    live = await listen(app);
  });
  afterAll(() => live?.close());
  const ask = (url: string, headers: Record<string, string> = {}) => fetch(`${live.url}${url}`, { headers: { "accept-encoding": "br", ...headers } });
  const headersOf = (response: Response) => Object.fromEntries([...response.headers].filter(([name]) => name !== "date"));

  it("answers the same page again with exactly the headers and bytes the whole app sent the first time, without going through it", async () => {
    const first = await ask("/kent/step/");
    const passes = throughApp;
    const second = await ask("/kent/step/");
    expect(throughApp).toBe(passes);
    expect(second.status).toBe(200);
    expect(headersOf(second)).toEqual(headersOf(first));
    expect(second.headers.get("x-frame-options")).toBe("DENY");
    expect(await second.text()).toBe(await first.text());

    const notModified = await ask("/kent/step/", { "if-none-match": first.headers.get("etag")! });
    const again = await ask("/kent/step/", { "if-none-match": first.headers.get("etag")! });
    expect([notModified.status, again.status]).toEqual([304, 304]);
    expect(headersOf(again)).toEqual(headersOf(notModified));
    expect(again.headers.get("x-frame-options")).toBe("DENY");
    expect(throughApp).toBe(passes + 1);
    // Another encoding is another representation, learnt on its own.
    const gzip = await ask("/kent/step/", { "accept-encoding": "gzip" });
    expect(gzip.headers.get("content-encoding")).toBe("gzip");
    expect(gzip.headers.get("etag")).not.toBe(first.headers.get("etag"));
  });

  it("sends someone with a report in progress through the app to their own page, however often the page was asked for", async () => {
    await ask("/kent/step/");
    await ask("/kent/step/");
    const passes = throughApp;
    const mine = await ask("/kent/step/", { cookie: "fc_draft=abc.def" });
    expect(await mine.text()).toContain("Your answer: a bike was stolen");
    expect(throughApp).toBe(passes + 1);
  });

  it("never learns a page the app makes itself, even where a built copy lies under the same path", async () => {
    const one = await (await ask("/kent/made/")).text();
    const two = await (await ask("/kent/made/")).text();
    expect(one).toMatch(/^made at request \d+$/);
    expect(two).not.toBe(one);
  });

  it("sends the new page once the site is rebuilt, not the one it learnt", async () => {
    await ask("/kent/step/");
    await ask("/kent/step/");
    writePage("kent/step/index.html", "<h1>What happened? (rebuilt)</h1>");
    writeManifest("rebuilt step");
    const after = await ask("/kent/step/", { "accept-encoding": "identity" });
    expect(await after.text()).toBe("<h1>What happened? (rebuilt)</h1>");
    expect(after.headers.get("x-frame-options")).toBe("DENY");
  });
});

/** The bytes of an answer as sent, and its headers (Node's http module does not decompress). */
async function rawBytes(url: string, acceptEncoding: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  const { get: httpGet } = await import("node:http");
  return new Promise((resolve, reject) => {
    httpGet(`${server.url}${url}`, { headers: { "accept-encoding": acceptEncoding } }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks) }));
    }).on("error", reject);
  });
}
