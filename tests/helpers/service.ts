import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { serve } from "@hono/node-server";
import type { Hono } from "hono";
import { templateScriptHashes } from "../../lib/render/csp.ts";
import { createApp, type AppConfig } from "../../submit-service/app.ts";
import { prepareSite, type ServiceSite } from "../../submit-service/site.ts";
import { aesGcmCipher } from "../../submit-service/store/cipher.ts";
import { openSqliteStore } from "../../submit-service/store/sqlite.ts";
import type { Store } from "../../submit-service/store/store.ts";
import type { Scanner } from "../../submit-service/uploads/scanner.ts";
import type { EmailOutbox } from "../../submit-service/email/outbox.ts";

let prepared: Promise<ServiceSite> | undefined;
/** The real content, prepared once per test file, as server.ts prepares it. */
export const serviceSite = () => (prepared ??= prepareSite(process.cwd()));

/** A fixed test key for answers at rest (32 bytes, base64): never a real one. */
export const testAnswersKey = Buffer.alloc(32, 7).toString("base64");

export const testConfig: AppConfig = {
  cookieSecret: "a test secret that is long enough to sign cookies",
  draftHours: 24,
  rateLimitPerMinute: 100_000,
  maxPendingWrites: 10_000,
  bodyLimitBytes: 64 * 1024,
  trustProxy: false,
};

export interface TestService {
  app: Hono;
  store: Store;
  dbFile: string;
  /** Moves the service's clock, for expiry. */
  now: { value: Date };
  close(): Promise<void>;
}

/**
 * The app as server.ts builds it, with a SQLite file in a temporary folder and a clock the test controls; taking
 * files when given a virus scanner (tests/setup/clamd.ts), as a service with CLAMD_ADDRESS set does.
 */
export async function testService(siteDir: string, config: Partial<AppConfig> = {}, scanner?: Scanner, email?: EmailOutbox): Promise<TestService> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "front-counter-store-"));
  const dbFile = path.join(dir, "store.sqlite");
  const store = openSqliteStore(dbFile, aesGcmCipher(testAnswersKey));
  const now = { value: new Date("2026-11-27T12:00:00Z") };
  const app = createApp({
    siteDir,
    site: await serviceSite(),
    store,
    clock: () => now.value,
    logger: { info() {}, error() {} },
    config: { ...testConfig, ...config },
    scriptHashes: templateScriptHashes(process.cwd()),
    ...(scanner && { uploads: { scanner, tempDir: path.join(dir, "uploading") } }),
    email,
  });
  return {
    app,
    store,
    dbFile,
    now,
    async close() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The app listening on a free loopback port, for real browsers and real HTTP clients. */
export async function listen(app: Hono): Promise<{ url: string; close: () => Promise<void> }> {
  const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" });
  await new Promise((resolve) => server.once("listening", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}

/** A test service listening on loopback, for real browsers: the app, its store and its address, closed together. */
export async function servedApp(siteDir: string, scanner?: Scanner, email?: EmailOutbox): Promise<{ service: TestService; url: string; close: () => Promise<void> }> {
  const service = await testService(siteDir, {}, scanner, email);
  const server = await listen(service.app);
  return {
    service,
    url: server.url,
    async close() {
      await server.close();
      await service.close();
    },
  };
}
