import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { ServiceDefinition } from "../../lib/services/types.ts";
import { verify } from "../../submit-service/delivery/signature.ts";
import { answerEveryStep, completeReport, referencePattern, Visitor } from "../helpers/journey.ts";
import { startNginx, type RunningNginx } from "../helpers/nginx.ts";
import { freshSchema, type Schema } from "../helpers/postgres.ts";
import { Receiver } from "../helpers/receiver.ts";
import { ended, freePort, killAllServers, refusalToStart, reportLoad, serverTestEnv, startServer, type ServerProcess } from "../helpers/server-process.ts";

/**
 * The production topology on loopback: real nginx (deploy/nginx-config.ts) in front of two service instances,
 * each submit-service/server.ts as an operator starts it, sharing one PostgreSQL database, delivering to a
 * force's back office. One instance is then killed with SIGKILL while clients are posting through nginx.
 */

const siteDir = inject("siteDir");
const crime: ServiceDefinition = JSON.parse(readFileSync("content/services/report-crime/service.json", "utf8"));
const apiReport = readFileSync("tests/fixtures/api/report-crime.json", "utf8");
const secret = "kent back office shared secret for the topology test";
/** What the worker claims at once: the most a killed instance can hold un-acknowledged by the receiver. */
const claimBatch = 20;

let work: string;
let schema: Schema;
let receiver: Receiver;
let nginx: RunningNginx;
const instances: ServerProcess[] = [];
let env: Record<string, string>;

beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), "front-counter-topology-"));
  schema = await freshSchema("topology");
  receiver = new Receiver();
  await receiver.start();
  const deliveryConfig = path.join(work, "delivery.json");
  writeFileSync(deliveryConfig, JSON.stringify({ kent: { url: receiver.url, secret } }));
  env = {
    SITE_DIR: siteDir,
    DATA_DIR: path.join(work, "data"),
    DATABASE_URL: schema.url,
    DATABASE_POOL_SIZE: "8",
    TRUST_PROXY: "true",
    DELIVERY_CONFIG: deliveryConfig,
    // A short lease (twice this), so a delivery the killed instance held is sent again within the test.
    DELIVERY_TIMEOUT_SECONDS: "2",
  };
  const ports = [await freePort(), await freePort()];
  // Both at once: the first to take the migration lock makes the tables, the other finds them made.
  instances.push(...(await Promise.all(ports.map((port) => startServer(port, env)))));
  // Every client here is one loopback address: the edge limit on posts is raised out of the way of the load.
  nginx = await startNginx({ siteDir, upstreams: ports.map((port) => `127.0.0.1:${port}`), postsPerSecond: 100_000 });
}, 120_000);

afterAll(async () => {
  await nginx?.close();
  for (const instance of instances) {
    instance.child.kill("SIGTERM");
    await ended(instance, 15_000);
  }
  killAllServers();
  await receiver?.stop();
  await schema?.drop();
  if (work) rmSync(work, { recursive: true, force: true });
});

const stored = async (reference: string) => (await schema.query<{ force_id: string; service_id: string }>("SELECT force_id, service_id FROM reports WHERE reference = $1", [reference]))[0];

describe("two instances on one PostgreSQL behind nginx", () => {
  it("refuses to start an instance on PostgreSQL without the secrets every instance must share", async () => {
    const { COOKIE_SECRET: _c, ANSWERS_KEY: _a, ...withoutSecrets } = { ...process.env, ...serverTestEnv, ...env };
    const failure = await refusalToStart(withoutSecrets);
    expect(failure).toContain("Cannot start: COOKIE_SECRET must be set when DATABASE_URL is (every instance needs the same one)");
    expect(failure).toContain("Cannot start: ANSWERS_KEY must be set when DATABASE_URL is");
    expect(failure).not.toMatch(/\n\s+at /);
  });

  it("refuses to start when the database does not answer, saying which and why, without the password", async () => {
    const nowhere = `postgres://front_counter:not-this-password@127.0.0.1:${await freePort()}/test`;
    const failure = await refusalToStart({ ...process.env, ...serverTestEnv, ...env, DATABASE_URL: nowhere, PORT: String(await freePort()) });
    expect(failure).toMatch(/^Cannot start: the store at postgres:\/\/front_counter@127\.0\.0\.1:\d+\/test cannot be opened: .*ECONNREFUSED/m);
    expect(failure).not.toContain("not-this-password");
    expect(failure).not.toMatch(/\n\s+at /);
  });

  it("takes a whole report without JavaScript through nginx and stores it in PostgreSQL", async () => {
    const reference = await completeReport(new Visitor(nginx.url), "kent", crime);
    expect(reference).toMatch(/^KNT-/);
    expect(await stored(reference)).toEqual({ force_id: "kent", service_id: "report-crime" });
  });

  it("keeps a draft started on one instance for the other, and gives one reference when both are sent it at once", async () => {
    const visitor = new Visitor(nginx.url);
    const start = "/kent/report/report-crime/";
    const typed = await answerEveryStep(visitor, start, crime);
    // The same browser (same cookie) reaches each instance directly: both show the answers from the one database.
    for (const instance of instances) {
      const check = await visitor.get(`${instance.url}${start}check-answers/`);
      expect(check.status).toBe(200);
      expect(await check.text()).toContain(typed);
    }
    // A double submit that nginx happened to send to both instances at the same moment.
    const sent = await Promise.all(instances.map((instance) => visitor.post(`${instance.url}${start}check-answers/`, {}, { origin: instance.url })));
    expect(sent.map((response) => response.status)).toEqual([303, 303]);
    const shown = await Promise.all(
      instances.map(async (instance) => referencePattern.exec(await (await visitor.get(`${instance.url}${start}confirmation/`)).text())?.[1]),
    );
    expect(shown[0]).toMatch(/^KNT-/);
    expect(shown[1]).toBe(shown[0]);
    const rows = await schema.query<{ n: string }>("SELECT COUNT(*) AS n FROM reports WHERE reference = $1", [shown[0]]);
    expect(rows[0].n).toBe("1");
  });

  it("loses no acknowledged report and delivers each exactly once when an instance is killed mid-load", async () => {
    const load = reportLoad(`${nginx.url}/api/v1/forces/kent/reports`, apiReport, 16);
    const { acknowledged, refused } = load;
    const waitFor = async (done: () => boolean, ms: number) => {
      const deadline = Date.now() + ms;
      while (!done() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
    };

    // Load through nginx until both instances have taken a good share, then one of them dies.
    await waitFor(() => acknowledged.length >= 200, 30_000);
    const victim = instances[0];
    const inFlightAtKill = load.inFlight;
    victim.child.kill("SIGKILL");
    await ended(victim, 10_000);
    const acknowledgedAtKill = acknowledged.length;
    // nginx carries on with the survivor.
    await waitFor(() => acknowledged.length >= acknowledgedAtKill + 200, 30_000);
    await load.stop();
    const { cutOff } = load;

    // Every report the database holds (acknowledged, or committed just as its answer was cut off) has one
    // delivery; wait until the survivor has sent them all, including those the dead instance had leased.
    const pending = async () => Number((await schema.query<{ n: string }>("SELECT COUNT(*) AS n FROM deliveries WHERE status <> 'delivered'"))[0].n);
    const deadline = Date.now() + 60_000;
    while ((await pending()) > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 250));

    const reports = await schema.query<{ reference: string; delivery_id: string | null; status: string | null }>(
      "SELECT r.reference, d.id AS delivery_id, d.status FROM reports r LEFT JOIN deliveries d ON d.reference = r.reference WHERE r.service_id = 'report-crime' AND r.idempotency_key IS NULL AND r.draft_id IS NULL",
    );
    const byReference = new Map(reports.map((row) => [row.reference, row]));
    const received = receiver.accepted().filter((r) => reports.some((row) => row.delivery_id === r.deliveryId));
    const receipts = new Map<string, number[]>();
    for (const r of received) receipts.set(r.deliveryId, [...(receipts.get(r.deliveryId) ?? []), r.at]);
    const resent = [...receipts].filter(([, times]) => times.length > 1);
    console.info(
      `topology: ${acknowledged.length} acknowledged (${acknowledgedAtKill} before the kill), ${inFlightAtKill} in flight at the kill, ` +
        `${refused.length} refused (${[...new Set(refused)].join(", ") || "none"}), ${cutOff} cut off, ${reports.length} stored, ` +
        `${receipts.size} delivered, ${resent.length} sent again after the kill`,
    );

    expect(victim.child.signalCode).toBe("SIGKILL");
    expect(inFlightAtKill).toBeGreaterThan(0);
    expect(acknowledged.length - acknowledgedAtKill, "the survivor took reports after the kill").toBeGreaterThanOrEqual(200);
    // Only requests cut off by the kill may fail, and nginx answers them 503 (try again), never 201.
    expect(refused.filter((status) => status !== 503)).toEqual([]);
    expect(refused.length + cutOff).toBeLessThanOrEqual(inFlightAtKill);

    // Stored: every acknowledged reference, once.
    expect(new Set(acknowledged).size).toBe(acknowledged.length);
    expect(acknowledged.filter((reference) => !byReference.has(reference)), "acknowledged but not stored").toEqual([]);

    // Delivered exactly once: each stored report has one delivery, marked delivered, and the back office
    // accepted each delivery id; the only ids it saw twice were already on their way when the instance died
    // (their sender never heard the answer), sent again by the survivor with the same id to de-duplicate on.
    expect(reports.filter((row) => row.delivery_id === null || row.status !== "delivered"), "undelivered").toEqual([]);
    // And each is in kent's pull API: numbered 1, 2, 3 … with none left out, including any the dead instance
    // committed but had not yet numbered.
    const [places] = await schema.query<{ reports: string; unnumbered: string; highest: number }>(
      "SELECT COUNT(*) AS reports, COUNT(*) FILTER (WHERE seq IS NULL) AS unnumbered, MAX(seq) AS highest FROM reports WHERE force_id = 'kent'",
    );
    expect(places.unnumbered).toBe("0");
    expect(places.highest).toBe(Number(places.reports));
    expect(new Set(reports.map((row) => row.delivery_id)).size).toBe(reports.length);
    expect(reports.filter((row) => !receipts.has(row.delivery_id!)), "never received").toEqual([]);
    // Only the dead instance's last claimed batch can be sent twice. (When the back office heard the first copy
    // says nothing: on a busy machine it can hear a request the instance sent just before it died after the kill.)
    expect(resent.length).toBeLessThanOrEqual(claimBatch);
    for (const r of received) expect(verify(secret, r.timestamp, r.body, r.signature, Math.floor(r.at / 1000))).toBe(true);
  }, 150_000);
});
