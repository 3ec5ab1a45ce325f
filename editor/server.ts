/**
 * npm run edit [-- --root <folder>] [--port N] [--preview-port N] [--proxy-port N]
 *
 * Decap CMS at http://localhost:8088/admin/ (--port or PORT), its configuration generated now from the
 * project's JSON Schemas (editor/config.ts). Beside it run decap-server, Decap's local backend, which writes each
 * saved entry into the working tree (--proxy-port or DECAP_SERVER_PORT, 8082), and the live preview `npm run dev`
 * (--preview-port, 8081). Everything is served from this machine: Decap's own files from node_modules.
 * This server answers /admin/, /api/v1 (handed to decap-server, so the editor has one origin),
 * /__editor/ (the preview of unsaved pages) and hands every other address to the preview.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { serve } from "@hono/node-server";
import * as esbuild from "esbuild";
import { Hono } from "hono";
import { loadForces } from "../lib/forces/load.ts";
import { editorConfig, pageFiles } from "./config.ts";
import { renderEntry, renderedAssets, type RenderRequest } from "./render.ts";

const project = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({ options: { root: { type: "string" }, port: { type: "string" }, "preview-port": { type: "string" }, "proxy-port": { type: "string" } }, allowPositionals: true });
const root = path.resolve(values.root ?? project);

function portOf(option: string, given: string | undefined, fallback: number): number {
  const port = Number(given ?? fallback);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`Cannot start: ${option} must be a port number, not "${given}"`);
    process.exit(1);
  }
  return port;
}
const port = portOf("--port (or PORT)", values.port ?? process.env.PORT, 8088);
const previewPort = portOf("--preview-port", values["preview-port"], 8081);
const proxyPort = portOf("--proxy-port (or DECAP_SERVER_PORT)", values["proxy-port"] ?? process.env.DECAP_SERVER_PORT, 8082);
for (const [name, other] of [["--preview-port", previewPort], ["--proxy-port", proxyPort]] as const) {
  if (other === port && port !== 0) {
    console.error(`Cannot start: ${name} and --port are both ${port}; give each its own port`);
    process.exit(1);
  }
}
if (previewPort === proxyPort) {
  console.error(`Cannot start: --preview-port and --proxy-port are both ${proxyPort}; give each its own port`);
  process.exit(1);
}

const children: ChildProcess[] = [];
function run(name: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, args, { cwd: project, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  const prefix = (chunk: Buffer) => chunk.toString().split("\n").filter(Boolean).map((line) => `[${name}] ${line}`).join("\n");
  child.stdout!.on("data", (chunk: Buffer) => console.log(prefix(chunk)));
  child.stderr!.on("data", (chunk: Buffer) => console.error(prefix(chunk)));
  child.once("exit", (code, signal) => {
    if (!stopping) {
      console.error(`${name} stopped (${signal ?? `exit ${code}`}); the editor cannot work without it.`);
      stop(1);
    }
  });
  children.push(child);
  return child;
}

// decap-server in its file-system mode: it writes what Decap saves straight into the working tree, and
// commits nothing (committing and review are the git backends' work, docs/editing-content.md).
run("decap-server", [path.join(project, "node_modules/decap-server/dist/index.js")], { MODE: "fs", GIT_REPO_DIRECTORY: root, PORT: String(proxyPort), BIND_HOST: "127.0.0.1", LOG_LEVEL: "warn" });
run("preview", ["--import", "tsx", path.join(project, "preview/server.ts"), "--root", root, "--port", String(previewPort)], { PORT: "" });

const decapDist = path.join(project, "node_modules/decap-cms/dist");
const editorScript = (
  await esbuild.build({ entryPoints: [path.join(project, "editor/browser/admin.ts")], bundle: true, format: "iife", target: "es2020", write: false, minify: true, logLevel: "silent" })
).outputFiles[0].text;

const adminPage = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Front Counter — content editor</title>
  <script>window.CMS_MANUAL_INIT = true;</script>
</head>
<body>
  <script src="/admin/decap/decap-cms.js"></script>
  <script src="/admin/editor.js"></script>
</body>
</html>
`;

const previewOrigin = `http://127.0.0.1:${previewPort}`;
const proxyOrigin = `http://127.0.0.1:${proxyPort}`;
const rendered = new Map<string, string>();
let renders = 0;

const app = new Hono();
app.get("/admin", (c) => c.redirect("/admin/"));
app.get("/admin/", (c) => c.html(adminPage, 200, { "Cache-Control": "no-store" }));
app.get("/admin/editor.js", (c) => c.body(editorScript, 200, { "Content-Type": "text/javascript", "Cache-Control": "no-store" }));
// Made afresh each time the editor opens, so a page or service added since appears.
app.get("/admin/config.json", (c) => c.json(editorConfig(root, { proxyUrl: `${new URL(c.req.url).origin}/api/v1` }), 200, { "Cache-Control": "no-store" }));
app.get("/admin/decap/:file", (c) => {
  const file = c.req.param("file");
  // Decap's bundle and the chunks it loads beside itself: plain file names only.
  if (!/^[A-Za-z0-9][A-Za-z0-9.-]*\.(js|css|wasm|map)$/.test(file) || !existsSync(path.join(decapDist, file))) return c.text("Not found", 404);
  const type = file.endsWith(".css") ? "text/css" : file.endsWith(".wasm") ? "application/wasm" : file.endsWith(".map") ? "application/json" : "text/javascript";
  return c.body(readFileSync(path.join(decapDist, file)), 200, { "Content-Type": type, "Cache-Control": "max-age=3600" });
});
app.post("/api/v1", async (c) =>
  fetch(`${proxyOrigin}/api/v1`, { method: "POST", headers: { "content-type": "application/json" }, body: await c.req.raw.text() }),
);
app.get("/__editor/forces", (c) => c.json(loadForces(root).forces.map((f) => ({ id: f.id, name: f.name, languages: f.languages, theme: f.theme }))));
app.get("/__editor/pages", (c) => c.json([...pageFiles(root, "content/pages"), ...pageFiles(root, "content/outcomes"), ...pageFiles(root, "forces")]));
app.post("/__editor/render", async (c) => {
  let request: RenderRequest;
  try {
    request = (await c.req.json()) as RenderRequest;
    if (typeof request?.file !== "string" || typeof request.data !== "object" || request.data === null) throw new Error("needs file and data");
  } catch {
    return c.json({ ok: false, problems: ["The preview needs { file, data, force, lang } as JSON"] }, 400);
  }
  const result = await renderEntry(root, request).catch((error: Error) => ({ ok: false as const, status: 500, problems: [error.message] }));
  if (!result.ok) return c.json(result, result.status as 400);
  const id = String(++renders);
  rendered.set(id, result.html);
  // The preview pane asks for each version once; a few are kept for a slow frame.
  rendered.delete(String(renders - 20));
  return c.json({ ok: true, url: result.url, page: `/__editor/page/${id}` });
});
app.get("/__editor/page/:id", (c) => {
  const html = rendered.get(c.req.param("id"));
  return html === undefined ? c.text("This preview has been replaced by a newer one", 404) : c.html(html, 200, { "Cache-Control": "no-store" });
});
// Anything else is the preview's: the saved site, with its reload-on-save; assets of an unsaved render first.
app.all("*", async (c) => {
  const url = new URL(c.req.url);
  const asset = c.req.method === "GET" ? renderedAssets.get(url.pathname) : undefined;
  if (asset !== undefined) return c.body(asset, 200, { "Content-Type": url.pathname.endsWith(".css") ? "text/css" : url.pathname.endsWith(".svg") ? "image/svg+xml" : "text/javascript" });
  const headers = new Headers(c.req.raw.headers);
  headers.delete("host");
  const body = ["GET", "HEAD"].includes(c.req.method) ? undefined : await c.req.raw.arrayBuffer();
  return fetch(`${previewOrigin}${url.pathname}${url.search}`, { method: c.req.method, headers, body, redirect: "manual" }).catch(
    () => new Response("The preview is still starting: try again in a moment.", { status: 503, headers: { "Retry-After": "1" } }),
  );
});

let stopping = false;
function stop(code: number) {
  stopping = true;
  for (const child of children) child.kill("SIGTERM");
  server.close();
  process.exit(code);
}
const server = serve({ fetch: app.fetch, port, hostname: "127.0.0.1" }, (info) =>
  console.log(`Editor on http://localhost:${info.port}/admin/ — saves go to ${root}; the site as saved is on http://localhost:${info.port}/ (the preview, port ${previewPort}).`),
);
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => stop(0));
