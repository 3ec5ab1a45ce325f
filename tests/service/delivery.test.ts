import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { validatePayload } from "../../lib/delivery/validate-payload.ts";
import { newApiKey } from "../../submit-service/delivery/api-keys.ts";
import { verify } from "../../submit-service/delivery/signature.ts";
import { payloadBuilder, type PayloadBuilder } from "../../submit-service/delivery/payloads.ts";
import { deliveryWorker } from "../../submit-service/delivery/worker.ts";
import { Receiver } from "../helpers/receiver.ts";
import { refusalToStart } from "../helpers/server-process.ts";
import { serviceSite, testService, type TestService } from "../helpers/service.ts";

const siteDir = inject("siteDir");
const valid = JSON.parse(readFileSync("tests/fixtures/api/report-crime.json", "utf8"));
const secret = "kent back office shared secret, 32+ characters";

let service: TestService;
/** The payload builder a worker shares with its service, as server.ts makes them. */
let payloads: PayloadBuilder;
let kent: Receiver;
let essex: Receiver;
beforeAll(async () => {
  service = await testService(siteDir);
  payloads = payloadBuilder({ store: service.store, site: await serviceSite(), clock: () => service.now.value, logger: { info() {}, error() {} } });
  kent = new Receiver();
  essex = new Receiver();
  await kent.start();
  await essex.start();
}, 60_000);
afterAll(async () => {
  await kent?.stop();
  await essex?.stop();
  await service?.close();
});
afterEach(() => {
  kent.received = [];
  essex.received = [];
  kent.answers = [];
});

const worker = (options: { horizonMs?: number; timeoutMs?: number } = {}) =>
  deliveryWorker({
    store: service.store,
    payloads,
    endpoints: new Map([
      ["kent", { url: kent.url, secret }],
      ["essex", { url: essex.url, secret: "essex back office shared secret, 32+ chars" }],
    ]),
    clock: () => service.now.value,
    logger: { info() {}, error() {} },
    validate: validatePayload,
    horizonMs: options.horizonMs ?? 72 * 3_600_000,
    timeoutMs: options.timeoutMs ?? 2_000,
    baseDelayMs: 1_000,
    random: () => 1,
  });

async function submit(force = "kent", answers: Record<string, unknown> = {}): Promise<string> {
  const response = await service.app.request(`/api/v1/forces/${force}/reports`, {
    method: "POST",
    body: JSON.stringify({ ...valid, answers: { ...valid.answers, ...answers } }),
    headers: { "content-type": "application/json" },
  });
  expect(response.status).toBe(201);
  return (await response.json()).reference;
}

const later = (ms: number) => (service.now.value = new Date(service.now.value.getTime() + ms));

describe("delivery to a force's back office", () => {
  it("posts the report, signed over timestamp and body, with a delivery id, in the published data model", async () => {
    const reference = await submit();
    expect(await worker().runOnce()).toBeGreaterThanOrEqual(1);
    const delivery = kent.received.find((r) => r.body.includes(reference))!;
    expect(delivery).toBeDefined();
    expect(verify(secret, delivery.timestamp, delivery.body, delivery.signature, Math.floor(service.now.value.getTime() / 1000))).toBe(true);
    expect(verify("a wrong secret that is long enough to be one", delivery.timestamp, delivery.body, delivery.signature, Math.floor(service.now.value.getTime() / 1000))).toBe(false);
    expect(validatePayload(JSON.parse(delivery.body))).toEqual([]);
    expect(delivery.deliveryId).toMatch(/^[0-9a-f-]{36}$/);
    expect((await service.store.getDeliveryFor("kent", reference))!.status).toBe("delivered");
  });

  it("never delivers a report to any force but its own", async () => {
    const kentReference = await submit("kent");
    const essexReference = await submit("essex");
    await worker().runOnce();
    expect(kent.received.some((r) => r.body.includes(essexReference))).toBe(false);
    expect(essex.received.some((r) => r.body.includes(kentReference))).toBe(false);
    expect(essex.received.some((r) => r.body.includes(essexReference))).toBe(true);
  });

  it("retries after 500s and a timeout with growing waits, then delivers once, even across a restart", async () => {
    const reference = await submit();
    kent.answers = [500, "hang", 200];
    const first = worker({ timeoutMs: 300 });
    await first.runOnce();
    let delivery = (await service.store.getDeliveryFor("kent", reference))!;
    expect(delivery).toMatchObject({ status: "pending", attempts: 1, lastError: "HTTP 500" });
    expect(Date.parse(delivery.nextAttemptAt) - service.now.value.getTime()).toBe(1_000);
    expect(await first.runOnce()).toBe(0); // not due yet

    later(1_000);
    await first.runOnce();
    delivery = (await service.store.getDeliveryFor("kent", reference))!;
    expect(delivery).toMatchObject({ status: "pending", attempts: 2, lastError: "no answer within 300 ms" });
    expect(Date.parse(delivery.nextAttemptAt) - service.now.value.getTime()).toBe(2_000);

    // The service restarts: a new worker, the same store. Nothing is lost and nothing sent twice.
    await first.stop();
    later(2_000);
    await worker().runOnce();
    const sent = kent.received.filter((r) => r.body.includes(reference));
    expect(sent.map((r) => r.answered)).toEqual([500, 0, 200]);
    expect(new Set(sent.map((r) => r.deliveryId)).size).toBe(1);
    expect(kent.accepted().filter((r) => r.body.includes(reference))).toHaveLength(1);
    expect((await service.store.getDeliveryFor("kent", reference))!.status).toBe("delivered");
    later(3_600_000);
    await worker().runOnce();
    expect(kent.received.filter((r) => r.body.includes(reference))).toHaveLength(3);
  });

  it("dead-letters a delivery after the horizon, which force staff list and replay", async () => {
    const reference = await submit();
    kent.answers = [503, 503];
    const impatient = worker({ horizonMs: 1_500 });
    await impatient.runOnce();
    later(2_000);
    await impatient.runOnce();
    const dead = (await service.store.getDeliveryFor("kent", reference))!;
    expect(dead.status).toBe("dead");

    const { key, ...stored } = newApiKey("kent");
    await service.store.addApiKey({ id: stored.id, forceId: "kent", keyHash: stored.keyHash, createdAt: service.now.value.toISOString() });
    const auth = { authorization: `Bearer ${key}` };
    const listed = await (await service.app.request("/api/v1/forces/kent/deliveries?status=dead", { headers: auth })).json();
    expect(listed.data.map((d: { reference: string }) => d.reference)).toContain(reference);
    const replay = await service.app.request(`/api/v1/forces/kent/deliveries/${dead.id}/replay`, { method: "POST", headers: auth });
    expect(replay.status).toBe(200);
    await impatient.runOnce();
    expect((await service.store.getDeliveryFor("kent", reference))!.status).toBe("delivered");
    expect((await service.store.auditTrail(reference)).map((e) => e.action)).toContain("replay");
  });
});

describe("the pull API, for forces without a webhook", () => {
  const keys: Record<string, string> = {};
  beforeAll(async () => {
    for (const force of ["kent", "essex"]) {
      const { key, id, keyHash } = newApiKey(force);
      await service.store.addApiKey({ id, forceId: force, keyHash, createdAt: service.now.value.toISOString() });
      keys[force] = key;
    }
  });
  const call = (url: string, key?: string, method = "GET") => service.app.request(url, { method, headers: key ? { authorization: `Bearer ${key}` } : {} });

  it("lists a force's reports after a cursor, reads one in any case and without hyphens, and acknowledges it — each audited", async () => {
    const reference = await submit();
    const first = await (await call("/api/v1/forces/kent/reports?after=0&limit=100", keys.kent)).json();
    const listed = first.data.find((r: { reference: string }) => r.reference === reference);
    expect(listed.payload.data.type).toBeDefined();
    expect(first.next).toBeGreaterThanOrEqual(listed.cursor);
    const after = await (await call(`/api/v1/forces/kent/reports?after=${listed.cursor}`, keys.kent)).json();
    expect(after.data.map((r: { reference: string }) => r.reference)).not.toContain(reference);

    const read = await call(`/api/v1/forces/kent/reports/${reference.toLowerCase().replaceAll("-", "")}`, keys.kent);
    expect(read.status).toBe(200);
    expect(read.headers.get("cache-control")).toBe("no-store");
    const ack = await call(`/api/v1/forces/kent/reports/${reference}/acknowledge`, keys.kent, "POST");
    expect((await ack.json()).acknowledgedAt).toBe(service.now.value.toISOString());
    const trail = await service.store.auditTrail(reference);
    expect(trail.map((e) => e.action)).toEqual(expect.arrayContaining(["export", "read", "acknowledge"]));
    expect(trail.every((e) => e.forceId === "kent" && e.actor.length > 0 && e.route.includes("/api/v1/forces/kent/"))).toBe(true);
  });

  it("never lets one force's key reach another force's reports, on every route", async () => {
    const essexReference = await submit("essex");
    const essexDelivery = (await service.store.getDeliveryFor("essex", essexReference))!;
    const table: [string, string, string, number][] = [
      ["GET", "/api/v1/forces/essex/reports", keys.kent, 403],
      ["GET", `/api/v1/forces/essex/reports/${essexReference}`, keys.kent, 403],
      ["POST", `/api/v1/forces/essex/reports/${essexReference}/acknowledge`, keys.kent, 403],
      ["GET", "/api/v1/forces/essex/deliveries?status=dead", keys.kent, 403],
      ["POST", `/api/v1/forces/essex/deliveries/${essexDelivery.id}/replay`, keys.kent, 403],
      ["GET", `/api/v1/forces/kent/reports/${essexReference}`, keys.kent, 404],
      ["POST", `/api/v1/forces/kent/reports/${essexReference}/acknowledge`, keys.kent, 404],
      ["POST", `/api/v1/forces/kent/deliveries/${essexDelivery.id}/replay`, keys.kent, 404],
      ["GET", "/api/v1/forces/kent/reports", "", 401],
      ["GET", "/api/v1/forces/kent/reports", "fck_kent_not-a-real-key", 401],
    ];
    for (const [method, url, key, status] of table) {
      const response = await call(url, key || undefined, method);
      expect(response.status, `${method} ${url}`).toBe(status);
      expect(await response.text()).not.toContain(essexReference.slice(4));
    }
    const kentList = await (await call("/api/v1/forces/kent/reports?limit=100", keys.kent)).json();
    expect(kentList.data.every((r: { reference: string }) => r.reference.startsWith("KNT-"))).toBe(true);
    expect((await service.store.getReport(essexReference))!.acknowledgedAt).toBeNull();
    // Nothing was read, exported or acknowledged: the trail holds only the refused attempts.
    expect(new Set((await service.store.auditTrail(essexReference)).map((e) => e.action))).toEqual(new Set(["forbidden"]));
  });

  it("purges acknowledged reports after the retention period and audits the deletion", async () => {
    const reference = await submit();
    await call(`/api/v1/forces/kent/reports/${reference}/acknowledge`, keys.kent, "POST");
    later(32 * 86_400_000);
    const purged = await service.store.purgeReports(new Date(service.now.value.getTime() - 31 * 86_400_000).toISOString(), service.now.value.toISOString());
    expect(purged).toBeGreaterThanOrEqual(1);
    expect(await service.store.getReport(reference)).toBeUndefined();
    expect(await service.store.getDeliveryFor("kent", reference)).toBeUndefined();
    expect((await service.store.auditTrail(reference)).at(-1)).toMatchObject({ action: "delete", actor: "retention" });
  });
});

describe("data protection at rest", () => {
  it("keeps answers encrypted: the raw database files never contain a known answer", async () => {
    const marker = "Distinctive green tandem bicycle 4471";
    const reference = await submit("kent", { "stolen-items": [{ "item-description": marker }] });
    expect(JSON.stringify((await service.store.getReport(reference))!.answers)).toContain(marker);
    const folder = path.dirname(service.dbFile);
    const files = readdirSync(folder).filter((f) => f.startsWith(path.basename(service.dbFile)));
    expect(files.length).toBeGreaterThanOrEqual(1);
    for (const file of files) {
      const raw = readFileSync(path.join(folder, file));
      expect(raw.includes(Buffer.from(marker)), file).toBe(false);
      expect(raw.includes(Buffer.from("Sam Jones")), file).toBe(false);
    }
  });

  it("refuses to start with a missing or malformed key, saying what to do", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "front-counter-keys-"));
    const start = (env: Record<string, string>) => refusalToStart({ ...process.env, SITE_DIR: siteDir, DATA_DIR: dir, ...env });
    try {
      expect(await start({ ANSWERS_KEY: "not-a-key" })).toContain("Cannot start: ANSWERS_KEY is malformed: it must be exactly 32 bytes written in base64");
      // A store that exists, with no key given for it and none kept beside it.
      const existing = path.join(dir, "existing.sqlite");
      writeFileSync(existing, "");
      const missing = await start({ SQLITE_PATH: existing });
      expect(missing).toContain("Cannot start: ANSWERS_KEY is missing");
      expect(missing).not.toMatch(/\n\s+at /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("npm run keys", () => {
  it("prints a new key for a force once, stores only its hash, and refuses an unknown force", async () => {
    const run = promisify(execFile);
    const dir = mkdtempSync(path.join(os.tmpdir(), "front-counter-cli-"));
    const env = { ...process.env, DATA_DIR: dir, ANSWERS_KEY: Buffer.alloc(32, 9).toString("base64") };
    try {
      const { stdout } = await run(process.execPath, ["--import", "tsx", "submit-service/cli/keys.ts", "create", "kent"], { env });
      const key = /^(fck_kent_\S+)$/m.exec(stdout)![1];
      const { aesGcmCipher } = await import("../../submit-service/store/cipher.ts");
      const { openSqliteStore } = await import("../../submit-service/store/sqlite.ts");
      const { hashKey } = await import("../../submit-service/delivery/api-keys.ts");
      const store = openSqliteStore(path.join(dir, "front-counter.sqlite"), aesGcmCipher(env.ANSWERS_KEY));
      expect(await store.findApiKey(hashKey(key))).toMatchObject({ forceId: "kent" });
      await store.close();
      const raw = readdirSync(dir).filter((f) => f.startsWith("front-counter.sqlite")).map((f) => readFileSync(path.join(dir, f)));
      expect(raw.some((bytes) => bytes.includes(Buffer.from(key)))).toBe(false);
      const refused = await run(process.execPath, ["--import", "tsx", "submit-service/cli/keys.ts", "create", "atlantis"], { env }).catch((error) => error);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('There is no force "atlantis"');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("payloads built after the acknowledgement", () => {
  /** A report stored with its delivery marked "payload to build", as a run that stopped between the commit and the build leaves it. */
  async function leftUnbuilt(): Promise<{ reference: string; id: string }> {
    const { seq: _seq, acknowledgedAt: _ack, reference: _ref, draftId: _draft, idempotencyKey: _key, ...report } = (await service.store.getReport(await submit()))!;
    const { reference } = await service.store.submit({ ...report, forceCode: "KNT" }, () => ({ id: randomUUID() }));
    const delivery = (await service.store.getDeliveryFor("kent", reference))!;
    expect(delivery.payload).toBe("");
    return { reference, id: delivery.id };
  }

  it("builds a payload a stopped run left, from the stored report, on the next start's sweep, and only once", async () => {
    const { reference, id } = await leftUnbuilt();
    expect(await payloads.sweep(0)).toBeGreaterThanOrEqual(1);
    const payload = JSON.parse((await service.store.getDeliveryFor("kent", reference))!.payload);
    expect(validatePayload(payload)).toEqual([]);
    expect(payload.meta).toMatchObject({ deliveryId: id, reference });
    expect(await service.store.unbuiltDeliveries(service.now.value.toISOString(), 100)).toEqual([]);
  });

  it("sends a payload it finds missing once built, the same one the pull API gives", async () => {
    const { reference, id } = await leftUnbuilt();
    await worker().runOnce();
    const sent = kent.received.find((r) => r.deliveryId === id)!;
    expect(JSON.parse(sent.body).meta.deliveryId).toBe(id);
    const { key, id: keyId, keyHash } = newApiKey("kent");
    await service.store.addApiKey({ id: keyId, forceId: "kent", keyHash, createdAt: service.now.value.toISOString() });
    const read = await (await service.app.request(`/api/v1/forces/kent/reports/${reference}`, { headers: { authorization: `Bearer ${key}` } })).json();
    expect(read.payload).toEqual(JSON.parse(sent.body));
  });

  it("gives a force reading its reports a payload not built yet, built then and kept", async () => {
    const { reference } = await leftUnbuilt();
    const { key, id: keyId, keyHash } = newApiKey("kent");
    await service.store.addApiKey({ id: keyId, forceId: "kent", keyHash, createdAt: service.now.value.toISOString() });
    const read = await (await service.app.request(`/api/v1/forces/kent/reports/${reference}`, { headers: { authorization: `Bearer ${key}` } })).json();
    expect(validatePayload(read.payload)).toEqual([]);
    expect(JSON.parse((await service.store.getDeliveryFor("kent", reference))!.payload)).toEqual(read.payload);
  });

  it("keeps a report whose payload cannot be built after all in the pull API, and dead-letters its delivery for staff", async () => {
    // Its service is gone from the site since it was stored (a redeploy between the commit and the build).
    const { seq: _seq, acknowledgedAt: _ack, reference: _ref, draftId: _draft, idempotencyKey: _key, ...report } = (await service.store.getReport(await submit()))!;
    const { reference } = await service.store.submit({ ...report, serviceId: "a-service-since-removed", forceCode: "KNT" }, () => ({ id: randomUUID() }));
    const { key, id: keyId, keyHash } = newApiKey("kent");
    await service.store.addApiKey({ id: keyId, forceId: "kent", keyHash, createdAt: service.now.value.toISOString() });
    const listed = await (await service.app.request("/api/v1/forces/kent/reports?limit=100", { headers: { authorization: `Bearer ${key}` } })).json();
    expect(listed.data.find((r: { reference: string }) => r.reference === reference).payload).toBeNull();
    expect(listed.data.filter((r: { payload: unknown }) => r.payload === null)).toHaveLength(1);
    await worker().runOnce();
    const dead = (await service.store.getDeliveryFor("kent", reference))!;
    expect(dead.status).toBe("dead");
    expect(dead.lastError).toBe('payload could not be built: no payload can be built for this report: the site has no service "a-service-since-removed" for kent');
  });
});
