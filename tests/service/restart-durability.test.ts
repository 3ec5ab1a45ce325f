import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { aesGcmCipher } from "../../submit-service/store/cipher.ts";
import { openSqliteStore } from "../../submit-service/store/sqlite.ts";
import { ended, freePort, killAllServers, reportLoad, startServer } from "../helpers/server-process.ts";
import { testAnswersKey } from "../helpers/service.ts";

/**
 * Restart durability: the real server, as a child process, is killed with SIGKILL while twenty clients are
 * posting reports, then started again on the same SQLite file. A 201 is a promise: every reference a client
 * was given must be in the store after the restart. Requests cut off by the kill were never acknowledged,
 * so they may be lost (or kept); nothing acknowledged may be.
 */

const siteDir = inject("siteDir");
const payload = readFileSync("tests/fixtures/api/report-crime.json", "utf8");
const workers = 20;
const minimumLoadMs = 1_500;
const minimumAcknowledged = 50;
const loadDeadlineMs = 20_000;

// The same kill, with SQLite committing on the event loop (the default) and on its writer thread (SQLITE_WRITES=thread).
describe.each(["event-loop", "thread"])("SQLite writes on the %s", (writes) => {
  let dir: string;
  let dbFile: string;
  let origin: string;

  /** The service on `port` over the SQLite file of this test. */
  const startServerOn = (port: number) => startServer(port, { SITE_DIR: siteDir, DATA_DIR: dir, SQLITE_PATH: dbFile, SQLITE_WRITES: writes });

  const post = (headers: Record<string, string> = {}) =>
    fetch(`${origin}/api/v1/forces/kent/reports`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: payload,
      signal: AbortSignal.timeout(10_000),
    });

  /** What the clients saw, and what the store held afterwards. */
  const seen = {
    acknowledged: [] as string[],
    refused: [] as number[],
    cutOff: 0,
    inFlightAtKill: 0,
    loadMs: 0,
    killExit: undefined as NodeJS.Signals | null | undefined,
    idempotencyKey: `restart-durability-${randomUUID()}`,
    keyedStatus: undefined as number | undefined,
    keyedReference: undefined as string | undefined,
    storedAfterRestart: 0,
    retry: undefined as { status: number; reference?: string; replayed: string | null } | undefined,
    stopCode: undefined as number | null | undefined,
    storedAtEnd: 0,
    rowsWithKey: 0,
    listening: "",
    found: new Map<string, { forceId: string; serviceId: string } | undefined>(),
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "front-counter-durability-"));
    dbFile = path.join(dir, "store.sqlite");
    const port = await freePort();
    origin = `http://127.0.0.1:${port}`;

    // 1. The service is running and twenty clients post reports as fast as it answers them.
    const first = await startServerOn(port);
    seen.listening = first.output();
    const started = Date.now();
    const load = reportLoad(`${origin}/api/v1/forces/kent/reports`, payload, workers);

    // One client sends its report with an Idempotency-Key while the others are posting.
    try {
      const keyed = await post({ "Idempotency-Key": seen.idempotencyKey });
      seen.keyedStatus = keyed.status;
      if (keyed.status === 201) seen.keyedReference = ((await keyed.json()) as { reference: string }).reference;
    } catch {
      seen.keyedStatus = 0;
    }

    // 2. Mid-load, the machine loses the process: SIGKILL, no chance to finish anything.
    while (Date.now() - started < loadDeadlineMs && (Date.now() - started < minimumLoadMs || load.acknowledged.length < minimumAcknowledged)) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    seen.inFlightAtKill = load.inFlight;
    seen.loadMs = Date.now() - started;
    const finished = load.stop(); // no new requests; those in flight meet the kill
    first.child.kill("SIGKILL");
    await ended(first, 10_000);
    seen.killExit = first.child.signalCode;
    await finished;
    Object.assign(seen, { acknowledged: load.acknowledged, refused: load.refused, cutOff: load.cutOff });

    // 3. The service is started again on the same file and the client with the key tries again.
    const second = await startServerOn(port);
    try {
      const reader = new Database(dbFile, { readonly: true, fileMustExist: true });
      seen.storedAfterRestart = (reader.prepare("SELECT COUNT(*) AS n FROM reports").get() as { n: number }).n;
      reader.close();

      const retry = await post({ "Idempotency-Key": seen.idempotencyKey });
      seen.retry = {
        status: retry.status,
        reference: retry.status === 201 ? ((await retry.json()) as { reference: string }).reference : undefined,
        replayed: retry.headers.get("idempotent-replayed"),
      };
    } finally {
      // 4. It is stopped properly (SIGTERM) and the force reads its store.
      second.child.kill("SIGTERM");
      seen.stopCode = await ended(second, 15_000);
    }

    const store = openSqliteStore(dbFile, aesGcmCipher(testAnswersKey));
    try {
      for (const reference of seen.acknowledged) {
        const report = await store.getReport(reference);
        seen.found.set(reference, report && { forceId: report.forceId, serviceId: report.serviceId });
      }
      seen.storedAtEnd = await store.countReports();
    } finally {
      await store.close();
    }
    const reader = new Database(dbFile, { readonly: true, fileMustExist: true });
    seen.rowsWithKey = (reader.prepare("SELECT COUNT(*) AS n FROM reports WHERE idempotency_key = ?").get(seen.idempotencyKey) as { n: number }).n;
    reader.close();

    console.info(
      `restart durability (SQLite writes on the ${writes}): ${seen.acknowledged.length} acknowledged in ${seen.loadMs} ms, ${seen.inFlightAtKill} in flight at the kill, ` +
        `${seen.cutOff} cut off, ${seen.storedAfterRestart} stored after the restart, ${seen.storedAtEnd} at the end`,
    );
  }, 90_000);

  afterAll(() => {
    killAllServers();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  describe("restart durability", () => {
    it("a report acknowledged is a report kept: the server is killed mid-load and every reference it gave is there after a restart", () => {
      expect(seen.listening, "the server said where its SQLite writes are made").toContain(`"writes":"${writes}"`);
      expect(seen.killExit, "the server died of SIGKILL").toBe("SIGKILL");
      expect(seen.inFlightAtKill, "requests were still in flight when it died").toBeGreaterThan(0);
      expect(seen.refused, "every answer before the kill was 201").toEqual([]);
      expect(seen.acknowledged.length).toBeGreaterThan(0);
      expect(new Set(seen.acknowledged).size, "no reference was given twice").toBe(seen.acknowledged.length);

      const missing = seen.acknowledged.filter((reference) => !seen.found.get(reference));
      expect(missing, "acknowledged references missing after the restart").toEqual([]);
      for (const reference of seen.acknowledged) {
        expect(reference).toMatch(/^KNT-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
        expect(seen.found.get(reference)).toEqual({ forceId: "kent", serviceId: "report-crime" });
      }
      // Reports cut off after their commit may be kept too; acknowledged ones (and the keyed one) must be.
      expect(seen.storedAtEnd).toBeGreaterThanOrEqual(seen.acknowledged.length + 1);
      expect(seen.stopCode, "the restarted server stopped cleanly on SIGTERM").toBe(0);
    });

    it("a client that retries with its Idempotency-Key after the restart gets the same reference and no second report", () => {
      expect(seen.keyedStatus, "the keyed report was acknowledged before the kill").toBe(201);
      expect(seen.keyedReference).toMatch(/^KNT-/);
      expect(seen.retry).toEqual({ status: 201, reference: seen.keyedReference, replayed: "true" });
      expect(seen.rowsWithKey, "one report holds the key").toBe(1);
      expect(seen.storedAtEnd, "the retry added no report").toBe(seen.storedAfterRestart);
    });
  });
});
