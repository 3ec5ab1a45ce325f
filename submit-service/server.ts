/**
 * The only file with side effects: reads and checks the environment once, then serves the app.
 * npm start runs this after building the sites if they are out of date.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "@hono/node-server";
import { templateScriptHashes } from "../lib/render/csp.ts";
import { createApp } from "./app.ts";
import { jsonLogger } from "./logger.ts";

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

function readConfig(env: NodeJS.ProcessEnv) {
  const problems: string[] = [];
  const port = Number(env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 1 || port > 65535) problems.push(`PORT must be a whole number from 1 to 65535 (it is "${env.PORT}")`);
  const siteDir = path.resolve(projectRoot, env.SITE_DIR ?? "_site");
  if (!existsSync(path.join(siteDir, "index.html"))) problems.push(`SITE_DIR ${siteDir} holds no built site: run npm run build first`);
  return { port, siteDir, problems };
}

const config = readConfig(process.env);
if (config.problems.length) {
  for (const problem of config.problems) console.error(`Cannot start: ${problem}`);
  process.exit(1);
}

const logger = jsonLogger();
const app = createApp({ siteDir: config.siteDir, logger, scriptHashes: templateScriptHashes(projectRoot) });
const server = serve({ fetch: app.fetch, port: config.port, hostname: process.env.HOST ?? "0.0.0.0" }, (info) => {
  logger.info("listening", { url: `http://localhost:${info.port}` });
});

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    logger.info("shutting down", { signal });
    server.close(() => process.exit(0));
  });
}
