/**
 * The only file with side effects: reads and checks the environment once, opens the store, prepares the
 * sites, serves, purges expired drafts, and on SIGTERM finishes in-flight commits before it exits.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "@hono/node-server";
import { templateScriptHashes } from "../lib/render/csp.ts";
import { createApp, type AppConfig } from "./app.ts";
import { jsonLogger } from "./logger.ts";
import { prepareSite } from "./site.ts";
import { aesGcmCipher, keyProblem } from "./store/cipher.ts";
import { openSqliteStore } from "./store/sqlite.ts";

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

interface Settings {
  answersKey: string;
  port: number;
  host: string;
  siteDir: string;
  sqlitePath: string;
  app: AppConfig;
}

function whole(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number, problems: string[]): number {
  const raw = env[name];
  const value = raw === undefined || raw === "" ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) problems.push(`${name} must be a whole number from ${min} to ${max} (it is "${raw}")`);
  return value;
}

/** Reads the environment once; every problem is reported together and the service does not start. */
function readSettings(env: NodeJS.ProcessEnv): { settings: Settings; problems: string[] } {
  const problems: string[] = [];
  const dataDir = path.resolve(projectRoot, env.DATA_DIR ?? "data");
  const siteDir = path.resolve(projectRoot, env.SITE_DIR ?? "_site");
  if (!existsSync(path.join(siteDir, "index.html"))) problems.push(`SITE_DIR ${siteDir} holds no built site: run npm run build first`);

  let cookieSecret = env.COOKIE_SECRET;
  if (cookieSecret !== undefined && cookieSecret.length < 32) problems.push("COOKIE_SECRET must be at least 32 characters");
  if (cookieSecret === undefined && !problems.length) {
    // One machine, no configuration: keep a generated secret beside the data, so drafts survive a restart.
    const file = path.join(dataDir, "cookie-secret");
    mkdirSync(dataDir, { recursive: true });
    if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
    cookieSecret = readFileSync(file, "utf8").trim();
  }
  const sqlitePath = path.resolve(projectRoot, env.SQLITE_PATH ?? path.join(dataDir, "front-counter.sqlite"));
  let answersKey = env.ANSWERS_KEY;
  const keyFile = path.join(dataDir, "answers-key");
  if (answersKey === undefined && existsSync(keyFile)) answersKey = readFileSync(keyFile, "utf8").trim();
  if (answersKey === undefined && !existsSync(sqlitePath)) {
    // A new store on one machine: make its key, kept apart from the database file (a copy of the file alone reveals nothing).
    mkdirSync(dataDir, { recursive: true });
    answersKey = randomBytes(32).toString("base64");
    writeFileSync(keyFile, answersKey, { mode: 0o600 });
  }
  const keyMessage = keyProblem("ANSWERS_KEY", answersKey);
  if (keyMessage) problems.push(`${keyMessage}${answersKey === undefined ? ` (the store ${sqlitePath} exists, so its key must be given)` : ""}`);
  const settings: Settings = {
    answersKey: answersKey ?? "",
    port: whole(env, "PORT", 8080, 1, 65535, problems),
    host: env.HOST ?? "0.0.0.0",
    siteDir,
    sqlitePath,
    app: {
      cookieSecret: cookieSecret ?? "",
      draftHours: whole(env, "DRAFT_HOURS", 24, 1, 24 * 30, problems),
      rateLimitPerMinute: whole(env, "RATE_LIMIT_PER_MINUTE", 120, 1, 1_000_000, problems),
      maxPendingWrites: whole(env, "MAX_PENDING_WRITES", 2000, 1, 1_000_000, problems),
      bodyLimitBytes: whole(env, "BODY_LIMIT_BYTES", 64 * 1024, 1024, 10 * 1024 * 1024, problems),
      trustProxy: env.TRUST_PROXY === "true",
      allowedOrigins: env.ALLOWED_ORIGINS ? env.ALLOWED_ORIGINS.split(",").map((o) => o.trim()) : undefined,
    },
  };
  return { settings, problems };
}

const { settings, problems } = readSettings(process.env);
if (problems.length) {
  for (const problem of problems) console.error(`Cannot start: ${problem}`);
  process.exit(1);
}

const logger = jsonLogger();
const store = openSqliteStore(settings.sqlitePath, aesGcmCipher(settings.answersKey));
const site = await prepareSite(projectRoot);
const clock = () => new Date();
const app = createApp({ siteDir: settings.siteDir, site, store, clock, logger, config: settings.app, scriptHashes: templateScriptHashes(projectRoot) });

const server = serve({ fetch: app.fetch, port: settings.port, hostname: settings.host }, (info) => {
  logger.info("listening", { url: `http://localhost:${info.port}`, store: settings.sqlitePath });
});

const purge = setInterval(async () => {
  const purged = await store.purgeDrafts(clock().toISOString());
  if (purged) logger.info("expired drafts purged", { count: purged });
}, 15 * 60_000);
purge.unref();

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    logger.info("shutting down", { signal });
    clearInterval(purge);
    // Stop taking connections, let in-flight requests finish, then commit what is queued and close the store.
    server.close(async () => {
      await store.close();
      logger.info("stopped");
      process.exit(0);
    });
    (server as { closeIdleConnections?: () => void }).closeIdleConnections?.();
    setTimeout(() => process.exit(1), 10_000).unref();
  });
}
