/**
 * npm run dev [-- --port N] (or PORT): every force's site for editors, rendered when a page is asked for, from
 * the content as it is on disk now. A save re-reads the content and tells open pages to reload; a content or
 * template error is shown in the browser (file, line, what is wrong) until it is fixed. The submission service
 * runs too, against a throwaway SQLite store in a temporary folder, so a journey can be walked to a reference.
 */
import { mkdtempSync, rmSync, watch } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { streamSSE } from "hono/streaming";
import { previewMap } from "../lib/cli/map.ts";
import { templateScriptHashes } from "../lib/render/csp.ts";
import { createEnvironment } from "../lib/render/environment.ts";
import { findContentError, formatProblem } from "../lib/schema/problems.ts";
import { readSite } from "../lib/site/load.ts";
import { planAssets, planSite } from "../lib/site/plan.ts";
import { renderView } from "../lib/site/render.ts";
import { forceSitemaps } from "../lib/site/sitemap.ts";
import { createApp } from "../submit-service/app.ts";
import { serviceSite } from "../submit-service/site.ts";
import { aesGcmCipher } from "../submit-service/store/cipher.ts";
import { openSqliteStore } from "../submit-service/store/sqlite.ts";
import { errorPage, withReload, reloadScript } from "./pages.ts";

const { values } = parseArgs({ options: { port: { type: "string" }, root: { type: "string" } }, allowPositionals: true });
const root = path.resolve(values.root ?? path.join(path.dirname(fileURLToPath(import.meta.url)), ".."));
const port = Number(values.port ?? process.env.PORT ?? 8081);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`Cannot start: --port (or PORT) must be a port number, not "${values.port ?? process.env.PORT}"`);
  process.exit(1);
}

const scratch = mkdtempSync(path.join(os.tmpdir(), "front-counter-preview-"));
const store = openSqliteStore(path.join(scratch, "reports.sqlite"), aesGcmCipher(Buffer.alloc(32, 1).toString("base64")));
const config = { cookieSecret: "the preview's own secret, for a throwaway store only", draftHours: 24, rateLimitPerMinute: 10_000, maxPendingWrites: 10_000, bodyLimitBytes: 65_536, trustProxy: false };
const scriptHashes = templateScriptHashes(root);

type State =
  | { ok: true; pages: Map<string, () => string>; assets: Map<string, string>; service: Hono }
  | { ok: false; problems: string[] };

let state: State = { ok: false, problems: ["Reading content…"] };
let version = 0;

/** Re-reads everything; pages are rendered when asked for. */
async function load(): Promise<void> {
  try {
    const { site, problems } = readSite(root);
    if (problems.length) {
      state = { ok: false, problems: problems.map(formatProblem) };
      return;
    }
    const env = createEnvironment(root, () => site.locales);
    const assets = await planAssets(site);
    const plan = await planSite(site, env, assets);
    const pages = new Map<string, () => string>([["/", () => renderView(env, plan.national)]]);
    for (const view of plan.views) pages.set(view.url, () => renderView(env, view));
    const service = createApp({ siteDir: scratch, site: serviceSite(site, assets.names), store, clock: () => new Date(), logger: { info() {}, error() {} }, config, scriptHashes });
    state = { ok: true, pages, assets: new Map(assets.files.map((f) => [f.url, f.content])), service };
    for (const sitemap of forceSitemaps(site.forces, pages.keys(), `http://localhost:${port}`)) state.assets.set(sitemap.url, sitemap.xml);
  } catch (error) {
    const contentError = findContentError(error);
    state = { ok: false, problems: contentError ? contentError.problems.map(formatProblem) : [(error as Error).message] };
  }
}

const listeners = new Set<() => void>();
const app = new Hono();
app.get("/__preview/reload.js", (c) => c.body(reloadScript, 200, { "Content-Type": "text/javascript", "Cache-Control": "no-store" }));
app.get("/__preview/events", (c) =>
  streamSSE(c, async (stream) => {
    let wake = () => {};
    const listener = () => wake();
    listeners.add(listener);
    stream.onAbort(() => {
      listeners.delete(listener);
      wake();
    });
    await stream.writeSSE({ event: "version", data: String(version) });
    while (!stream.aborted) {
      await new Promise<void>((resolve) => (wake = resolve));
      await stream.writeSSE({ event: "version", data: String(version) });
    }
  }),
);
// A service's map (lib/services/map.ts), drawn from its definition on disk now, even while the content has a problem.
app.get("/__preview/map/:service", (c) => {
  const { status, html } = previewMap(root, c.req.param("service"));
  return c.html(withReload(html), status, { "Cache-Control": "no-store" });
});
app.all("*", async (c) => {
  const current = state;
  if (!current.ok) return c.html(errorPage(current.problems), 500, { "Cache-Control": "no-store" });
  const url = new URL(c.req.url);
  const inProgress = /(^|;\s*)fc_draft=/.test(c.req.header("cookie") ?? "") && url.pathname.includes("/report/");
  if (c.req.method === "GET" && !inProgress) {
    const asset = current.assets.get(url.pathname);
    if (asset !== undefined) return c.body(asset, 200, { "Content-Type": contentType(url.pathname), "Cache-Control": "no-store" });
    const page = current.pages.get(url.pathname);
    if (page) {
      try {
        return c.html(withReload(page()), 200, { "Cache-Control": "no-store" });
      } catch (error) {
        return c.html(errorPage([(error as Error).message]), 500, { "Cache-Control": "no-store" });
      }
    }
  }
  const response = await current.service.fetch(c.req.raw);
  if (!(response.headers.get("content-type") ?? "").startsWith("text/html")) return response;
  const headers = new Headers(response.headers);
  headers.delete("content-length");
  // The service's strict CSP allows scripts from this origin only: the reload script is one.
  return new Response(withReload(await response.text()), { status: response.status, headers });
});

function contentType(file: string): string {
  if (file.endsWith(".css")) return "text/css";
  if (file.endsWith(".js")) return "text/javascript";
  if (file.endsWith(".svg")) return "image/svg+xml";
  if (file.endsWith(".xml")) return "application/xml";
  return "application/octet-stream";
}

let timer: NodeJS.Timeout | undefined;
let loading = Promise.resolve();
for (const folder of ["content", "forces", "themes"]) {
  watch(path.join(root, folder), { recursive: true }, () => {
    clearTimeout(timer);
    // Editors' tools write a file in several steps; wait until they settle.
    timer = setTimeout(() => {
      loading = loading.then(async () => {
        await load();
        version++;
        for (const listener of listeners) listener();
        console.log(state.ok ? `Reloaded (${new Date().toLocaleTimeString("en-GB")}).` : `Content problem:\n  ${state.problems.join("\n  ")}`);
      });
    }, 30);
  });
}

await load();
if (!state.ok) console.log(`Content problem:\n  ${state.problems.join("\n  ")}`);
const server = serve({ fetch: app.fetch, port, hostname: "127.0.0.1" }, (info) => console.log(`Preview on http://localhost:${info.port}/ — pages follow your edits; reports go to a throwaway store.`));
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    server.close();
    void store.close().finally(() => {
      rmSync(scratch, { recursive: true, force: true });
      process.exit(0);
    });
  });
}
