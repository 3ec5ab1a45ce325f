/**
 * The service's settings, read once from the environment (and, for a one-machine install, from keys kept
 * beside the data). Every problem is reported together; nothing starts with a bad setting.
 */
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { AppConfig } from "./app.ts";
import { readDeliveryEndpoints, readForceInboxes, type DeliveryEndpoint } from "./delivery/endpoints.ts";
import { readEmailSettings, type EmailSettings } from "./email/settings.ts";
import { defaultStaticCacheBytes } from "./http/static-files.ts";
import { keyProblem } from "./store/cipher.ts";
import { postcodeDirectoryName } from "../lib/geography/postcodes.ts";
import type { ScannerAddress } from "./uploads/scanner.ts";

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export interface Settings {
  answersKey: string;
  port: number;
  host: string;
  siteDir: string;
  sqlitePath: string;
  /**
   * SQLITE_WRITES: where the SQLite store commits. "event-loop" (the default): on the service's one thread, each
   * group commit's fsync pausing it. "thread": on a writer thread of its own, so requests are read and checked
   * meanwhile (submit-service/store/sqlite-threaded.ts). Either way a write is answered only once on disk.
   */
  sqliteWrites: "event-loop" | "thread";
  /** Set: PostgreSQL, shared by every instance. Unset: SQLite at sqlitePath, one instance. */
  databaseUrl: string | undefined;
  databasePoolSize: number;
  app: AppConfig;
  /** Where each force's reports are delivered, by force id; forces without one use the pull API. */
  endpoints: Map<string, DeliveryEndpoint>;
  deliveryHorizonHours: number;
  /** How long a force's endpoint has to answer; a delivery is leased for twice this. */
  deliveryTimeoutSeconds: number;
  reportRetentionDays: number;
  /** How long a client may take to send a request's headers, its whole request, and how long an idle connection is kept. */
  timeouts: { headersSeconds: number; requestSeconds: number; uploadSeconds: number; keepAliveSeconds: number };
  /** Email (EMAIL_PROVIDER): receipts and force inboxes; undefined, nothing is emailed. */
  email: EmailSettings | undefined;
  /** The forces that take reports by email (DELIVERY_CONFIG's `email`), by force id. */
  inboxes: Map<string, string>;
  /** Evidence upload: where ClamAV's daemon listens, and where a file waits (0700, under DATA_DIR) while it is checked. */
  uploads: { scanner: ScannerAddress; tempDir: string };
  /** An operator's postcode directory (npm run geography:import-postcodes writes it): DATA_DIR/postcode-forces.txt, read if there. */
  postcodeDirectory: string;
}

/** CLAMD_ADDRESS: a local socket's path (Debian's clamav-daemon: /run/clamav/clamd.ctl) or host:port. */
function scannerAddress(raw: string | undefined, problems: string[]): ScannerAddress {
  const value = raw || "/run/clamav/clamd.ctl";
  if (value.startsWith("/")) return { socket: value };
  const colon = value.lastIndexOf(":");
  const port = Number(value.slice(colon + 1));
  if (colon <= 0 || !Number.isInteger(port) || port < 1 || port > 65535) {
    problems.push(`CLAMD_ADDRESS must be the path of clamd's socket (like /run/clamav/clamd.ctl) or host:port (like 127.0.0.1:3310) (it is "${value}")`);
    return { socket: "/run/clamav/clamd.ctl" };
  }
  return { host: value.slice(0, colon), port };
}

/**
 * Written beside the data when the service makes a new SQLite store: its presence (or the answers key's) with
 * the store missing means an earlier store was lost, and the service will not quietly start an empty one.
 */
export const storeMarker = "front-counter-store";


function sqliteWrites(raw: string | undefined, problems: string[]): Settings["sqliteWrites"] {
  if (raw === undefined || raw === "" || raw === "event-loop") return "event-loop";
  if (raw === "thread") return "thread";
  problems.push(`SQLITE_WRITES must be event-loop or thread (it is "${raw}")`);
  return "event-loop";
}

function whole(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number, problems: string[]): number {
  const raw = env[name];
  const value = raw === undefined || raw === "" ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) problems.push(`${name} must be a whole number from ${min} to ${max} (it is "${raw}")`);
  return value;
}

/** Reads the environment once; every problem is reported together and the service does not start. */
export function readSettings(env: NodeJS.ProcessEnv, options: { needsSite: boolean } = { needsSite: true }): { settings: Settings; problems: string[] } {
  const problems: string[] = [];
  const dataDir = path.resolve(projectRoot, env.DATA_DIR ?? "data");
  const siteDir = path.resolve(projectRoot, env.SITE_DIR ?? "_site");
  if (options.needsSite && !existsSync(path.join(siteDir, "index.html"))) problems.push(`SITE_DIR ${siteDir} holds no built site: run npm run build first`);

  const databaseUrl = env.DATABASE_URL || undefined;
  const oneMachine = databaseUrl === undefined;
  if (!oneMachine) {
    if (!/^postgres(ql)?:\/\/./.test(databaseUrl)) problems.push("DATABASE_URL must be a PostgreSQL URL, like postgres://user@host:5432/database");
    // Instances sharing one database must share their secrets: none can be made up by one of them.
    for (const name of ["COOKIE_SECRET", "ANSWERS_KEY"]) if (!env[name]) problems.push(`${name} must be set when DATABASE_URL is (every instance needs the same one)`);
  }

  // An empty setting is an unset one (as DATABASE_URL): a secret is never the empty string.
  let cookieSecret = env.COOKIE_SECRET || undefined;
  if (cookieSecret !== undefined && cookieSecret.length < 32) problems.push("COOKIE_SECRET must be at least 32 characters");
  if (cookieSecret === undefined && !problems.length) {
    // One machine, no configuration: keep a generated secret beside the data, so drafts survive a restart.
    const file = path.join(dataDir, "cookie-secret");
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
    cookieSecret = readFileSync(file, "utf8").trim();
  }
  const sqlitePath = path.resolve(projectRoot, env.SQLITE_PATH ?? path.join(dataDir, "front-counter.sqlite"));
  let answersKey = env.ANSWERS_KEY || undefined;
  const keyFile = path.join(dataDir, "answers-key");
  const markerFile = path.join(dataDir, storeMarker);
  if (env.ALLOW_NEW_STORE !== undefined && env.ALLOW_NEW_STORE !== "true" && env.ALLOW_NEW_STORE !== "false") problems.push(`ALLOW_NEW_STORE must be true or false (it is "${env.ALLOW_NEW_STORE}")`);
  let lostStore = false;
  if (oneMachine && !existsSync(sqlitePath)) {
    const signs = [keyFile, markerFile].filter((file) => existsSync(file));
    if (signs.length && env.ALLOW_NEW_STORE !== "true") {
      lostStore = true;
      problems.push(
        `the store ${sqlitePath} is missing, but ${signs.join(" and ")} show${signs.length === 1 ? "s" : ""} that one was kept here: restore it from its backup ` +
          "(every report in it would otherwise be lost to the forces), or, to start again with an empty store, set ALLOW_NEW_STORE=true once",
      );
    }
  }
  if (answersKey === undefined && oneMachine && existsSync(keyFile)) answersKey = readFileSync(keyFile, "utf8").trim();
  // A new store on one machine gets its key, kept apart from the database file (a copy of the file alone reveals
  // nothing); written below only if the service is to start, so a refused start leaves no sign of a store.
  const newKey = answersKey === undefined && oneMachine && !existsSync(sqlitePath) && !lostStore ? randomBytes(32).toString("base64") : undefined;
  answersKey ??= newKey;
  const keyMessage = keyProblem("ANSWERS_KEY", answersKey);
  // (A missing key with DATABASE_URL is reported above.)
  if (keyMessage && !lostStore && (oneMachine || answersKey !== undefined)) {
    problems.push(`${keyMessage}${answersKey === undefined ? ` (the store ${sqlitePath} exists, so its key must be given)` : ""}`);
  }
  const settings: Settings = {
    answersKey: answersKey ?? "",
    port: whole(env, "PORT", 8080, 1, 65535, problems),
    host: env.HOST ?? "0.0.0.0",
    siteDir,
    sqlitePath,
    databaseUrl,
    sqliteWrites: sqliteWrites(env.SQLITE_WRITES, problems),
    databasePoolSize: whole(env, "DATABASE_POOL_SIZE", 10, 1, 1000, problems),
    endpoints: readDeliveryEndpoints(env.DELIVERY_CONFIG, problems),
    deliveryHorizonHours: whole(env, "DELIVERY_HORIZON_HOURS", 72, 1, 24 * 90, problems),
    deliveryTimeoutSeconds: whole(env, "DELIVERY_TIMEOUT_SECONDS", 10, 1, 300, problems),
    reportRetentionDays: whole(env, "REPORT_RETENTION_DAYS", 31, 1, 3650, problems),
    email: readEmailSettings(env, problems, (name, fallback, min, max) => whole(env, name, fallback, min, max, problems)),
    inboxes: readForceInboxes(env.DELIVERY_CONFIG, problems),
    uploads: { scanner: scannerAddress(env.CLAMD_ADDRESS, problems), tempDir: path.join(dataDir, "uploading") },
    postcodeDirectory: path.join(dataDir, postcodeDirectoryName),
    timeouts: {
      headersSeconds: whole(env, "HEADERS_TIMEOUT_SECONDS", 10, 1, 600, problems),
      requestSeconds: whole(env, "REQUEST_TIMEOUT_SECONDS", 30, 1, 3600, problems),
      uploadSeconds: whole(env, "UPLOAD_TIMEOUT_SECONDS", 3600, 30, 4 * 3600, problems),
      keepAliveSeconds: whole(env, "KEEP_ALIVE_TIMEOUT_SECONDS", 75, 1, 3600, problems),
    },
    app: {
      cookieSecret: cookieSecret ?? "",
      draftHours: whole(env, "DRAFT_HOURS", 24, 1, 24 * 30, problems),
      sensitiveDraftMinutes: whole(env, "SENSITIVE_DRAFT_MINUTES", 30, 1, 24 * 60, problems),
      returnLinkDays: whole(env, "RETURN_LINK_DAYS", 7, 2, 28, problems),
      rateLimitPerMinute: whole(env, "RATE_LIMIT_PER_MINUTE", 120, 1, 1_000_000, problems),
      authFailuresPerMinute: whole(env, "AUTH_FAILURES_PER_MINUTE", 10, 1, 1_000_000, problems),
      maxPendingWrites: whole(env, "MAX_PENDING_WRITES", 2000, 1, 1_000_000, problems),
      bodyLimitBytes: whole(env, "BODY_LIMIT_BYTES", 64 * 1024, 1024, 10 * 1024 * 1024, problems),
      trustProxy: env.TRUST_PROXY === "true",
      staticCacheBytes: whole(env, "STATIC_CACHE_BYTES", defaultStaticCacheBytes, 0, 16 * 1024 ** 3, problems),
      allowedOrigins: env.ALLOWED_ORIGINS ? env.ALLOWED_ORIGINS.split(",").map((o) => o.trim()) : undefined,
    },
  };
  if (settings.inboxes.size && !settings.email) problems.push(`DELIVERY_CONFIG gives ${[...settings.inboxes.keys()].join(", ")} an email inbox, but EMAIL_PROVIDER is not set: their reports could not be sent`);
  if (settings.timeouts.headersSeconds > settings.timeouts.requestSeconds) problems.push("HEADERS_TIMEOUT_SECONDS must not be more than REQUEST_TIMEOUT_SECONDS (the headers are part of the request)");
  if (settings.timeouts.uploadSeconds < settings.timeouts.requestSeconds) problems.push("UPLOAD_TIMEOUT_SECONDS must not be less than REQUEST_TIMEOUT_SECONDS (an upload is a request that may take longer)");
  if (oneMachine && !problems.length) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    if (newKey) writeFileSync(keyFile, newKey, { mode: 0o600 });
    if (!existsSync(markerFile)) {
      writeFileSync(markerFile, `A Front Counter store is kept at ${sqlitePath}. If it goes missing, the service will not start an empty one unless ALLOW_NEW_STORE=true.\n`, { mode: 0o600 });
    }
  }
  // What is in the data folder is the service's alone: the folder 0700, every file in it 0600.
  if (existsSync(dataDir)) for (const [file, mode] of [[dataDir, 0o700], [keyFile, 0o600], [markerFile, 0o600], [path.join(dataDir, "cookie-secret"), 0o600]] as const) if (existsSync(file)) chmodSync(file, mode);
  return { settings, problems };
}

