import { createHash, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { aesGcmCipher } from "../../submit-service/store/cipher.ts";
import { openPostgresStore } from "../../submit-service/store/postgres.ts";
import { openSqliteStore } from "../../submit-service/store/sqlite.ts";
import { openThreadedSqliteStore } from "../../submit-service/store/sqlite-threaded.ts";
import { IdempotencyConflict, type Draft, type EmailBuilder, type NewReport, type ReturnLink, type Store } from "../../submit-service/store/store.ts";
import { freshSchema } from "../helpers/postgres.ts";
import { testAnswersKey } from "../helpers/service.ts";

/**
 * The store contract: what the service and the forces rely on, held against both adapters. Each test gets an
 * empty store; `another()` opens a second instance on the same data, as a second service process would.
 */
interface Opened {
  store: Store;
  another(): Promise<Store>;
  /** Every stored value of the store's tables, as text: what a copy of the database would show. */
  rawText(): Promise<string>;
  close(): Promise<void>;
}

const cipher = aesGcmCipher(testAnswersKey);
const tables = ["drafts", "reports", "deliveries", "files", "file_chunks", "emails", "return_links", "status_events"];

/** SQLite in a fresh folder, opened by `open` (each call a new connection on the same file, as a second process would). */
function sqliteAdapter(name: string, open: (file: string) => Promise<Store>): { name: string; open: () => Promise<Opened> } {
  return {
    name,
    async open() {
      const dir = mkdtempSync(path.join(os.tmpdir(), "front-counter-contract-"));
      const file = path.join(dir, "store.sqlite");
      const opened: Store[] = [await open(file)];
      return {
        store: opened[0],
        async another() {
          opened.push(await open(file));
          return opened.at(-1)!;
        },
        async rawText() {
          const db = new Database(file, { readonly: true });
          const text = tables.map((table) => JSON.stringify(db.prepare(`SELECT * FROM ${table}`).all())).join("\n");
          db.close();
          return text;
        },
        async close() {
          for (const store of opened) await store.close();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  };
}

const adapters: { name: string; open: () => Promise<Opened> }[] = [
  sqliteAdapter("SQLite", async (file) => openSqliteStore(file, cipher)),
  sqliteAdapter("SQLite, writes on a thread", (file) => openThreadedSqliteStore(file, testAnswersKey)),
  {
    name: "PostgreSQL",
    async open() {
      const schema = await freshSchema("contract");
      const open = () => openPostgresStore(schema.url, cipher, { poolSize: 5 });
      const opened: Store[] = [await open()];
      return {
        store: opened[0],
        async another() {
          opened.push(await open());
          return opened.at(-1)!;
        },
        async rawText() {
          const parts: string[] = [];
          for (const table of tables) parts.push(JSON.stringify(await schema.query(`SELECT * FROM ${table}`)));
          return parts.join("\n");
        },
        async close() {
          for (const store of opened) await store.close();
          await schema.drop();
        },
      };
    },
  },
];

const at = (minutes: number) => new Date(Date.UTC(2026, 10, 27, 12, minutes)).toISOString();

function newReport(over: Partial<NewReport> = {}): NewReport {
  return {
    forceId: "kent",
    forceCode: "KNT",
    serviceId: "report-crime",
    category: "crime",
    lang: "en",
    answers: { "what-happened": "theft", "full-name": "Ada Lovelace", "what-was-stolen": "A green bicycle" },
    path: ["what-happened", "about-you"],
    priority: "standard",
    submittedAt: at(0),
    ...over,
  };
}

function newDraft(over: Partial<Draft> = {}): Draft {
  return {
    id: randomUUID(),
    forceId: "kent",
    serviceId: "report-crime",
    lang: "en",
    answers: { "full-name": "Ada Lovelace" },
    createdAt: at(0),
    updatedAt: at(0),
    expiresAt: at(60),
    reference: null,
    ...over,
  };
}

/** A delivery built from the report, as the service's outbox builds it. */
const withDelivery = (report: { reference: string; forceId: string }) => ({ id: randomUUID(), payload: JSON.stringify({ reference: report.reference, force: report.forceId }) });

/** A receipt built from the report, as the service's email outbox builds it. */
const withReceipt: EmailBuilder = (report) => [
  {
    id: randomUUID(),
    message: { kind: "receipt", to: "ada.receipt@example.com", lang: report.lang, forceId: report.forceId, reference: report.reference, personalisation: { reference: report.reference, force: "Kent Police" } },
  },
];

describe.each(adapters)("the $name store", ({ open }) => {
  let opened: Opened;
  let store: Store;
  beforeEach(async () => {
    opened = await open();
    store = opened.store;
  });
  afterEach(async () => {
    await opened.close();
  });

  describe("drafts", () => {
    it("keeps a draft and gives it back as saved, and a later save replaces its answers", async () => {
      const draft = newDraft();
      await store.saveDraft(draft);
      expect(await store.getDraft(draft.id)).toEqual(draft);
      await store.saveDraft({ ...draft, answers: { "full-name": "Grace Hopper" }, updatedAt: at(5), lang: "cy" });
      expect(await store.getDraft(draft.id)).toMatchObject({ answers: { "full-name": "Grace Hopper" }, updatedAt: at(5), lang: "cy", createdAt: at(0) });
      expect(await store.getDraft("no-such-draft")).toBeUndefined();
    });

    it("keeps a page sent with mistakes on its draft until the next save clears it, and deletes a draft at once", async () => {
      const pending = { step: "when-it-happened", values: { "date-of-crime-day": "31", "date-of-crime-month": "2" }, check: true };
      const draft = newDraft({ pending });
      await store.saveDraft(draft);
      expect((await store.getDraft(draft.id))?.pending).toEqual(pending);
      await store.saveDraft({ ...draft, pending: null, updatedAt: at(5) });
      expect((await store.getDraft(draft.id))?.pending ?? null).toBeNull();
      expect(await store.deleteDraft(draft.id)).toBe(true);
      expect(await store.getDraft(draft.id)).toBeUndefined();
      expect(await store.deleteDraft(draft.id)).toBe(false);
    });

    it("purges only drafts that have expired, and says how many", async () => {
      await store.saveDraft(newDraft({ id: "old", expiresAt: at(10) }));
      await store.saveDraft(newDraft({ id: "live", expiresAt: at(30) }));
      expect(await store.purgeDrafts(at(20))).toBe(1);
      expect(await store.getDraft("old")).toBeUndefined();
      expect(await store.getDraft("live")).toBeDefined();
    });
  });

  describe("reports", () => {
    it("stores a report under a new reference and gives back exactly what was sent", async () => {
      const sent = newReport({ priority: "urgent", lang: "cy" });
      const { reference, created } = await store.submit(sent);
      expect(created).toBe(true);
      expect(reference).toMatch(/^KNT-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
      const { forceCode: _, ...expected } = sent;
      expect(await store.getReport(reference)).toEqual({ ...expected, reference, seq: 1, acknowledgedAt: null, draftId: undefined, idempotencyKey: undefined });
      expect(await store.countReports()).toBe(1);
      expect(await store.getReport("KNT-0000-0000")).toBeUndefined();
    });

    it("gives the same reference when the same draft is sent again, and marks the draft as sent", async () => {
      const draft = newDraft();
      await store.saveDraft(draft);
      const first = await store.submit(newReport({ draftId: draft.id }));
      const again = await store.submit(newReport({ draftId: draft.id }));
      expect(again).toEqual({ reference: first.reference, created: false });
      expect((await store.getDraft(draft.id))?.reference).toBe(first.reference);
      expect(await store.countReports()).toBe(1);
    });

    it("gives the same reference for the same Idempotency-Key from the same force only", async () => {
      const first = await store.submit(newReport({ idempotencyKey: "key-1" }));
      expect(await store.submit(newReport({ idempotencyKey: "key-1" }))).toEqual({ reference: first.reference, created: false });
      const essex = await store.submit(newReport({ idempotencyKey: "key-1", forceId: "essex", forceCode: "ESX" }));
      expect(essex.created).toBe(true);
      expect(await store.countReports()).toBe(2);
    });

    it("refuses the same Idempotency-Key with another request's fingerprint, even from another instance, and keeps the first", async () => {
      const first = await store.submit(newReport({ idempotencyKey: "key-2", requestFingerprint: "sha256:first" }));
      expect(await store.submit(newReport({ idempotencyKey: "key-2", requestFingerprint: "sha256:first" }))).toEqual({ reference: first.reference, created: false });
      const second = await opened.another();
      for (const instance of [store, second]) {
        const refused = instance.submit(newReport({ idempotencyKey: "key-2", requestFingerprint: "sha256:other" }));
        await expect(refused).rejects.toBeInstanceOf(IdempotencyConflict);
      }
      // Sent at once from both instances, with different bodies: one is stored, the other refused.
      const race = await Promise.allSettled([
        store.submit(newReport({ idempotencyKey: "key-3", requestFingerprint: "sha256:a" })),
        second.submit(newReport({ idempotencyKey: "key-3", requestFingerprint: "sha256:b" })),
      ]);
      expect(race.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
      expect(race.find((r) => r.status === "rejected")).toMatchObject({ reason: expect.any(IdempotencyConflict) });
      expect(await store.countReports()).toBe(2);
    });

    it("keeps one report when the same draft is sent to two instances at once, many times over", async () => {
      const second = await opened.another();
      const draft = newDraft();
      await store.saveDraft(draft);
      const results = await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 ? second : store).submit(newReport({ draftId: draft.id }))));
      expect(new Set(results.map((r) => r.reference)).size).toBe(1);
      expect(results.filter((r) => r.created)).toHaveLength(1);
      expect(await store.countReports()).toBe(1);
    });

    it("stores nothing, not even the draft's mark, when the delivery cannot be built", async () => {
      const draft = newDraft();
      await store.saveDraft(draft);
      const failing = () => {
        throw new Error("the payload cannot be built");
      };
      await expect(store.submit(newReport({ draftId: draft.id }), failing)).rejects.toThrow("the payload cannot be built");
      expect(await store.countReports()).toBe(0);
      expect((await store.getDraft(draft.id))?.reference).toBeNull();
      expect(await store.listDeliveries("kent", "pending")).toEqual([]);
      // …and the same draft can still be sent.
      expect((await store.submit(newReport({ draftId: draft.id }), withDelivery)).created).toBe(true);
    });

    it("keeps answers, drafts and payloads unreadable in the database itself", async () => {
      await store.saveDraft(newDraft({ answers: { "full-name": "Draft Person Zebedee" } }));
      await store.submit(newReport(), (report) => ({ id: randomUUID(), payload: JSON.stringify({ name: "Payload Person Quentin", reference: report.reference }) }));
      const raw = await opened.rawText();
      expect(raw).toContain("KNT-"); // the references are there…
      for (const secret of ["Ada Lovelace", "A green bicycle", "Draft Person Zebedee", "Payload Person Quentin"]) expect(raw).not.toContain(secret); // …no answers
    });
  });

  describe("the pull API's sequence", () => {
    it("numbers each force's reports 1, 2, 3 … and lists them after a place, oldest first", async () => {
      const kent = [];
      for (let i = 0; i < 4; i++) kent.push((await store.submit(newReport())).reference);
      const essex = await store.submit(newReport({ forceId: "essex", forceCode: "ESX" }));
      const listed = await store.listReports("kent", 1, 2);
      expect(listed.map((r) => [r.seq, r.reference])).toEqual([
        [2, kent[1]],
        [3, kent[2]],
      ]);
      expect((await store.listReports("essex", 0, 10)).map((r) => [r.seq, r.reference])).toEqual([[1, essex.reference]]);
    });

    it("never hands out a place twice, even after the reports holding the last places are purged", async () => {
      const first = await store.submit(newReport());
      const second = await store.submit(newReport());
      await store.acknowledge("kent", first.reference, at(1));
      await store.acknowledge("kent", second.reference, at(1));
      expect(await store.purgeReports(at(2), at(3))).toBe(2);
      const third = await store.submit(newReport());
      expect((await store.getReport(third.reference))?.seq).toBe(3);
    });

    it("gives reports written by two instances at once every place from 1 with none missing or repeated", async () => {
      const second = await opened.another();
      const results = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? second : store).submit(newReport(), withDelivery)));
      const listed = await store.listReports("kent", 0, 100);
      expect(listed.map((r) => r.seq)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
      expect(new Set(listed.map((r) => r.reference))).toEqual(new Set(results.map((r) => r.reference)));
    });
  });

  describe("acknowledging and retention", () => {
    it("lets only the report's own force acknowledge it, and keeps the first time", async () => {
      const { reference } = await store.submit(newReport());
      expect(await store.acknowledge("essex", reference, at(1))).toBe(false);
      expect(await store.acknowledge("kent", reference, at(2))).toBe(true);
      expect(await store.acknowledge("kent", reference, at(3))).toBe(true);
      expect((await store.getReport(reference))?.acknowledgedAt).toBe(at(2));
    });

    it("purges acknowledged reports past retention with their deliveries, auditing each, and keeps the rest", async () => {
      const old = await store.submit(newReport(), withDelivery);
      const recent = await store.submit(newReport(), withDelivery);
      const unread = await store.submit(newReport(), withDelivery);
      await store.acknowledge("kent", old.reference, at(1));
      await store.acknowledge("kent", recent.reference, at(20));
      expect(await store.purgeReports(at(10), at(30))).toBe(1);
      expect(await store.getReport(old.reference)).toBeUndefined();
      expect(await store.getDeliveryFor("kent", old.reference)).toBeUndefined();
      expect(await store.auditTrail(old.reference)).toEqual([{ at: at(30), actor: "retention", action: "delete", forceId: "kent", reference: old.reference, route: "retention purge" }]);
      expect(await store.getReport(recent.reference)).toBeDefined();
      expect(await store.getReport(unread.reference)).toBeDefined();
    });
  });

  describe("status events (track my report)", () => {
    it("moves a report on through its force's statuses, acknowledging it, and takes each change once", async () => {
      const { reference } = await store.submit(newReport());
      expect(await store.recordStatus("essex", reference, { status: "being-looked-at", message: null, at: at(1) })).toBeUndefined();
      expect(await store.recordStatus("kent", "KNT-0000-0000", { status: "being-looked-at", message: null, at: at(1) })).toBeUndefined();
      expect(await store.statusEvents(reference)).toEqual([]);
      expect(await store.recordStatus("kent", reference, { status: "being-looked-at", message: null, at: at(2) })).toBe("added");
      // Looked at means seen: the report is acknowledged then, so retention's clock starts.
      expect((await store.getReport(reference))?.acknowledgedAt).toBe(at(2));
      expect(await store.recordStatus("kent", reference, { status: "being-looked-at", message: null, at: at(3) })).toBe("unchanged");
      expect(await store.recordStatus("kent", reference, { status: "acknowledged", message: null, at: at(3) })).toBe("unchanged");
      expect(await store.recordStatus("kent", reference, { status: "closed", message: "An officer has spoken to the shop.\nNo further action.", at: at(4) })).toBe("added");
      expect(await store.recordStatus("kent", reference, { status: "closed", message: "An officer has spoken to the shop.\nNo further action.", at: at(5) })).toBe("unchanged");
      expect(await store.recordStatus("kent", reference, { status: "closed", message: "Other words", at: at(5) })).toBe("conflict");
      expect(await store.recordStatus("kent", reference, { status: "being-looked-at", message: null, at: at(5) })).toBe("conflict");
      expect(await store.statusEvents(reference)).toEqual([
        { status: "being-looked-at", message: null, at: at(2) },
        { status: "closed", message: "An officer has spoken to the shop.\nNo further action.", at: at(4) },
      ]);
    });

    it("keeps an acknowledgement as the report's own, records a change made by two instances at once once, and keeps the force's words unreadable at rest", async () => {
      const { reference } = await store.submit(newReport());
      expect(await store.recordStatus("kent", reference, { status: "acknowledged", message: null, at: at(1) })).toBe("added");
      expect(await store.recordStatus("kent", reference, { status: "acknowledged", message: null, at: at(2) })).toBe("unchanged");
      expect((await store.getReport(reference))?.acknowledgedAt).toBe(at(1));
      expect(await store.statusEvents(reference)).toEqual([]);
      const second = await opened.another();
      const outcomes = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? second : store).recordStatus("kent", reference, { status: "closed", message: "Closed: Quentin's bicycle was found", at: at(3) })));
      expect(outcomes.filter((o) => o === "added")).toHaveLength(1);
      expect(outcomes.filter((o) => o === "unchanged")).toHaveLength(7);
      expect(await second.statusEvents(reference)).toEqual([{ status: "closed", message: "Closed: Quentin's bicycle was found", at: at(3) }]);
      expect(await opened.rawText()).not.toContain("Quentin");
    });

    it("remembers whether the person asked to be emailed of a change, and forgets it and the events with the report at retention", async () => {
      const old = await store.submit(newReport());
      const kept = await store.submit(newReport());
      expect(await store.wantsStatusEmails(old.reference)).toBe(false);
      await store.setStatusEmails(old.reference, true, at(1));
      await store.setStatusEmails(old.reference, true, at(2));
      await store.setStatusEmails(kept.reference, true, at(1));
      await store.setStatusEmails(kept.reference, false, at(2));
      expect(await store.wantsStatusEmails(old.reference)).toBe(true);
      expect(await store.wantsStatusEmails(kept.reference)).toBe(false);
      await store.setStatusEmails(kept.reference, true, at(3));
      await store.recordStatus("kent", old.reference, { status: "closed", message: "Done", at: at(4) });
      await store.recordStatus("kent", kept.reference, { status: "being-looked-at", message: null, at: at(20) });
      expect(await store.purgeReports(at(10), at(30))).toBe(1);
      expect(await store.statusEvents(old.reference)).toEqual([]);
      expect(await store.wantsStatusEmails(old.reference)).toBe(false);
      expect(await store.statusEvents(kept.reference)).toEqual([{ status: "being-looked-at", message: null, at: at(20) }]);
      expect(await store.wantsStatusEmails(kept.reference)).toBe(true);
    });
  });

  describe("uploaded files", () => {
    /** A file of `size` bytes, in chunks of at most 100 KB, as the upload reads it from its temporary copy. */
    const bytesOf = (size: number, seed: number) => Buffer.from(Array.from({ length: size }, (_, i) => (i * 31 + seed) % 251));
    async function* chunked(bytes: Buffer) {
      for (let at = 0; at < bytes.length; at += 100_000) yield bytes.subarray(at, at + 100_000);
    }
    const recordOf = (id: string, bytes: Buffer) => ({ id, name: "dashcam.mp4", kind: "video" as const, type: "video/mp4", size: bytes.length, sha256: createHash("sha256").update(bytes).digest("hex") });
    const read = async (file: { chunks: AsyncIterable<Buffer> } | undefined) => {
      const parts: Buffer[] = [];
      for await (const chunk of file!.chunks) parts.push(chunk);
      return Buffer.concat(parts);
    };

    it("keeps a draft's file byte for byte, encrypted at rest, and gives it to the report's own force once sent", async () => {
      const draft = newDraft();
      await store.saveDraft(draft);
      const bytes = bytesOf(250_000, 1);
      const record = recordOf("f-AAAAAAAAAAAAAAAAAAAAAA", bytes);
      await store.putFile({ record, draftId: draft.id, forceId: "kent", createdAt: at(1) }, chunked(bytes));
      expect(await store.fileRecords({ draftId: draft.id })).toEqual([record]);
      expect(await opened.rawText()).not.toContain("dashcam");
      const { reference } = await store.submit(newReport({ draftId: draft.id, fileIds: [record.id] }));
      expect(await store.fileRecords({ reference })).toEqual([record]);
      const file = await store.readFile("kent", reference, record.id);
      expect(file?.record).toEqual(record);
      expect((await read(file)).equals(bytes)).toBe(true);
      expect(await store.readFile("essex", reference, record.id)).toBeUndefined();
      expect(await store.readFile("kent", "KNT-NOT-THIS", record.id)).toBeUndefined();
      // Sent, it is the report's: deleting or purging the draft leaves it.
      await store.deleteDraft(draft.id);
      expect(await store.fileRecords({ reference })).toEqual([record]);
    });

    it("forgets a file removed, a draft's files when it is deleted or expires, and a report's at retention", async () => {
      const left = newDraft();
      const expiring = newDraft({ expiresAt: at(10) });
      const sent = newDraft();
      for (const draft of [left, expiring, sent]) await store.saveDraft(draft);
      const bytes = bytesOf(1000, 2);
      const put = (id: string, draftId: string) => store.putFile({ record: recordOf(id, bytes), draftId, forceId: "kent", createdAt: at(1) }, chunked(bytes));
      await put("f-removedAAAAAAAAAAAAAAA", left.id);
      await put("f-leftAAAAAAAAAAAAAAAAAA", left.id);
      await put("f-expiringAAAAAAAAAAAAAA", expiring.id);
      await put("f-sentAAAAAAAAAAAAAAAAAA", sent.id);
      expect(await store.deleteFile(left.id, "f-removedAAAAAAAAAAAAAAA")).toBe(true);
      expect(await store.deleteFile(sent.id, "f-leftAAAAAAAAAAAAAAAAAA")).toBe(false);
      expect((await store.fileRecords({ draftId: left.id })).map((f) => f.id)).toEqual(["f-leftAAAAAAAAAAAAAAAAAA"]);
      await store.deleteDraft(left.id);
      expect(await store.purgeDrafts(at(20))).toBe(1);
      const { reference } = await store.submit(newReport({ draftId: sent.id, fileIds: ["f-sentAAAAAAAAAAAAAAAAAA"] }));
      expect(await store.countFiles()).toEqual({ files: 1, chunks: 1 });
      await store.acknowledge("kent", reference, at(21));
      expect(await store.purgeReports(at(30), at(31))).toBe(1);
      expect(await store.countFiles()).toEqual({ files: 0, chunks: 0 });
    });

    it("keeps nothing of a file whose bytes stop coming part-way", async () => {
      const draft = newDraft();
      await store.saveDraft(draft);
      async function* broken() {
        yield Buffer.alloc(1000, 1);
        throw new Error("the connection dropped");
      }
      await expect(store.putFile({ record: recordOf("f-brokenAAAAAAAAAAAAAAAA", Buffer.alloc(2000)), draftId: draft.id, forceId: "kent", createdAt: at(1) }, broken())).rejects.toThrow("the connection dropped");
      expect(await store.fileRecords({ draftId: draft.id })).toEqual([]);
      expect(await store.countFiles()).toEqual({ files: 0, chunks: 0 });
    });
  });

  describe("the outbox", () => {
    it("writes the delivery with the report, built from the report's own reference", async () => {
      const { reference } = await store.submit(newReport(), withDelivery);
      const delivery = await store.getDeliveryFor("kent", reference);
      expect(delivery).toMatchObject({ reference, forceId: "kent", status: "pending", attempts: 0, nextAttemptAt: at(0), lastError: null, deliveredAt: null });
      expect(JSON.parse(delivery!.payload)).toEqual({ reference, force: "kent" });
      expect(await store.getDeliveryFor("essex", reference)).toBeUndefined();
    });

    it("stores a delivery whose payload is still to be built, and keeps the payload built after the commit once", async () => {
      const toBuild = () => ({ id: randomUUID() });
      const { reference } = await store.submit(newReport(), toBuild);
      const waiting = (await store.getDeliveryFor("kent", reference))!;
      expect(waiting).toMatchObject({ reference, status: "pending", attempts: 0, payload: "" });
      expect((await store.unbuiltDeliveries(at(0), 10)).map((d) => d.id)).toEqual([waiting.id]);
      expect(await store.unbuiltDeliveries(new Date(Date.parse(at(0)) - 1).toISOString(), 10)).toEqual([]); // not yet that old
      const payload = JSON.stringify({ reference, name: "Built Later Person Ysolde" });
      expect(await store.setDeliveryPayload(waiting.id, payload)).toBe(true);
      // Built twice (a second builder raced the first): the first is kept, never replaced.
      expect(await store.setDeliveryPayload(waiting.id, JSON.stringify({ reference, other: true }))).toBe(false);
      expect((await store.getDeliveryFor("kent", reference))!.payload).toBe(payload);
      expect(await store.unbuiltDeliveries(at(0), 10)).toEqual([]);
      expect(await store.setDeliveryPayload(randomUUID(), payload)).toBe(false);
      expect(await opened.rawText()).not.toContain("Ysolde");
    });

    it("lets one of two instances building the same payload at once keep it, and lists no dead delivery to build", async () => {
      const second = await opened.another();
      const { reference } = await store.submit(newReport(), () => ({ id: randomUUID() }));
      const { id } = (await store.getDeliveryFor("kent", reference))!;
      const kept = await Promise.all([store, second, store, second].map((s, i) => s.setDeliveryPayload(id, JSON.stringify({ reference, builder: i }))));
      expect(kept.filter(Boolean)).toHaveLength(1);
      expect(JSON.parse((await second.getDeliveryFor("kent", reference))!.payload)).toEqual({ reference, builder: kept.indexOf(true) });
      const dead = await store.submit(newReport(), () => ({ id: randomUUID() }));
      const deadId = (await store.getDeliveryFor("kent", dead.reference))!.id;
      await store.markFailed(deadId, { attempts: 1, nextAttemptAt: at(1), error: "payload could not be built", dead: true });
      expect(await store.unbuiltDeliveries(at(5), 10)).toEqual([]);
      await store.replayDelivery("kent", deadId, at(2));
      expect((await store.unbuiltDeliveries(at(5), 10)).map((d) => d.id)).toEqual([deadId]);
    });

    it("hands a due delivery to one sender until its lease runs out, and only for the forces asked about", async () => {
      const { reference } = await store.submit(newReport(), withDelivery);
      await store.submit(newReport({ forceId: "essex", forceCode: "ESX" }), withDelivery);
      expect(await store.claimDeliveries(at(0), at(5), 10, ["surrey"])).toEqual([]);
      const claimed = await store.claimDeliveries(at(0), at(5), 10, ["kent"]);
      expect(claimed.map((d) => d.reference)).toEqual([reference]);
      expect(await store.claimDeliveries(at(1), at(6), 10, ["kent"])).toEqual([]);
      // The sender died: once the lease is over, the same delivery (same id) is handed out again.
      expect((await store.claimDeliveries(at(5), at(10), 10, ["kent"])).map((d) => d.id)).toEqual([claimed[0].id]);
    });

    it("never hands the same delivery to two instances claiming at once", async () => {
      const second = await opened.another();
      await Promise.all(Array.from({ length: 60 }, () => store.submit(newReport(), withDelivery)));
      // Eight senders (four per instance) ask at the same moment, each for up to ten.
      const claims = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? second : store).claimDeliveries(at(0), at(5), 10, ["kent"])));
      const ids = claims.flat().map((d) => d.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.length).toBeGreaterThan(0);
      // Whatever was not handed out is still there for the next pass, and nothing is handed out twice in it either.
      const rest = (await store.claimDeliveries(at(1), at(5), 100, ["kent"])).map((d) => d.id);
      expect(new Set([...ids, ...rest]).size).toBe(60);
      expect(ids.length + rest.length).toBe(60);
    });

    it("records delivery, retries and dead letters, and lets only the force's own staff replay a dead one", async () => {
      const first = await store.submit(newReport(), withDelivery);
      const second = await store.submit(newReport(), withDelivery);
      const [a, b] = await store.claimDeliveries(at(0), at(5), 10, ["kent"]);
      await store.markDelivered(a.id, at(1));
      await store.markFailed(b.id, { attempts: 1, nextAttemptAt: at(30), error: "HTTP 500", dead: false });
      expect(await store.getDeliveryFor("kent", a.reference)).toMatchObject({ status: "delivered", attempts: 1, deliveredAt: at(1) });
      expect(await store.getDeliveryFor("kent", b.reference)).toMatchObject({ status: "pending", attempts: 1, nextAttemptAt: at(30), lastError: "HTTP 500" });
      expect(await store.claimDeliveries(at(10), at(15), 10, ["kent"])).toEqual([]); // delivered: never again; failed: not yet due
      await store.markFailed(b.id, { attempts: 2, nextAttemptAt: at(40), error: "no answer", dead: true });
      expect((await store.listDeliveries("kent", "dead")).map((d) => d.id)).toEqual([b.id]);
      expect((await store.listDeliveries("kent", "delivered")).map((d) => d.id)).toEqual([a.id]);
      expect(await store.claimDeliveries(at(50), at(55), 10, ["kent"])).toEqual([]);
      expect(await store.replayDelivery("essex", b.id, at(50))).toBe(false);
      expect(await store.replayDelivery("kent", a.id, at(50))).toBe(false); // not dead
      expect(await store.replayDelivery("kent", b.id, at(50))).toBe(true);
      expect((await store.claimDeliveries(at(50), at(55), 10, ["kent"])).map((d) => [d.id, d.attempts, d.lastError])).toEqual([[b.id, 0, null]]);
      expect([first.reference, second.reference]).toContain(b.reference);
    });
  });

  describe("the email outbox", () => {
    it("writes a report's emails with it, from its own reference, and nothing of either when they cannot be built", async () => {
      const failing = () => {
        throw new Error("the receipt cannot be built");
      };
      await expect(store.submit(newReport(), withDelivery, failing)).rejects.toThrow("the receipt cannot be built");
      expect(await store.countReports()).toBe(0);
      expect(await store.listDeliveries("kent", "pending")).toEqual([]);
      const { reference } = await store.submit(newReport(), withDelivery, withReceipt);
      const [email] = await store.emailsFor(reference);
      expect(email).toMatchObject({ reference, forceId: "kent", kind: "receipt", lang: "en", status: "pending", attempts: 0, nextAttemptAt: at(0), sentAt: null });
      expect(email.message).toEqual({ kind: "receipt", to: "ada.receipt@example.com", lang: "en", forceId: "kent", reference, personalisation: { reference, force: "Kent Police" } });
      // A report found again (the same draft sent twice) gets no second receipt.
      const draft = newDraft();
      await store.saveDraft(draft);
      const first = await store.submit(newReport({ draftId: draft.id }), undefined, withReceipt);
      await store.submit(newReport({ draftId: draft.id }), undefined, withReceipt);
      expect(await store.emailsFor(first.reference)).toHaveLength(1);
    });

    it("keeps the address unreadable in the database, and erases the message once it is sent", async () => {
      const { reference } = await store.submit(newReport(), undefined, withReceipt);
      expect(await opened.rawText()).not.toContain("ada.receipt@example.com");
      const [email] = await store.claimEmails(at(0), at(5), 10);
      await store.markEmailSent(email.id, at(1));
      expect((await store.emailsFor(reference))[0]).toMatchObject({ status: "sent", attempts: 1, sentAt: at(1), message: null, lastError: null });
      expect(await store.claimEmails(at(10), at(15), 10)).toEqual([]);
    });

    it("hands a due email to one sender until its lease runs out, never to two instances at once", async () => {
      const second = await opened.another();
      await Promise.all(Array.from({ length: 30 }, () => store.submit(newReport(), undefined, withReceipt)));
      const claims = await Promise.all(Array.from({ length: 6 }, (_, i) => (i % 2 ? second : store).claimEmails(at(0), at(5), 10)));
      const ids = claims.flat().map((e) => e.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(await store.claimEmails(at(1), at(5), 100)).toHaveLength(30 - ids.length);
      // Leases run out: whatever was not recorded as sent is handed out again.
      expect(await store.claimEmails(at(5), at(10), 100)).toHaveLength(30);
    });

    it("records retries and dead letters", async () => {
      const { reference } = await store.submit(newReport(), undefined, withReceipt);
      const [email] = await store.claimEmails(at(0), at(5), 10);
      await store.markEmailFailed(email.id, { attempts: 1, nextAttemptAt: at(30), error: "Notify answered 500", dead: false });
      expect((await store.emailsFor(reference))[0]).toMatchObject({ status: "pending", attempts: 1, nextAttemptAt: at(30), lastError: "Notify answered 500" });
      expect(await store.claimEmails(at(10), at(15), 10)).toEqual([]);
      const [again] = await store.claimEmails(at(30), at(35), 10);
      expect(again.message?.to).toBe("ada.receipt@example.com");
      await store.markEmailFailed(again.id, { attempts: 2, nextAttemptAt: at(40), error: "Notify answered 400", dead: true });
      expect((await store.listEmails("dead", 10)).map((e) => [e.id, e.attempts, e.lastError])).toEqual([[email.id, 2, "Notify answered 400"]]);
      expect(await store.claimEmails(at(50), at(55), 10)).toEqual([]);
    });

    it("queues an email of no report on its own, and purges emails with their report at retention", async () => {
      await store.queueEmail({ id: "loose-email", message: { kind: "receipt", to: "later@example.com", lang: "cy", forceId: "gwent", reference: null, personalisation: {} } }, at(2));
      expect((await store.claimEmails(at(2), at(5), 10)).map((e) => [e.id, e.reference, e.lang, e.message?.to])).toEqual([["loose-email", null, "cy", "later@example.com"]]);
      const old = await store.submit(newReport(), undefined, withReceipt);
      const kept = await store.submit(newReport(), undefined, withReceipt);
      await store.acknowledge("kent", old.reference, at(1));
      expect(await store.purgeReports(at(10), at(30))).toBe(1);
      expect(await store.emailsFor(old.reference)).toEqual([]);
      expect(await store.emailsFor(kept.reference)).toHaveLength(1);
      expect(await store.listEmails("pending", 10)).toHaveLength(1); // the loose one (created before the cut-off) went too
    });
  });

  describe("links to come back to a saved report", () => {
    const link = (draft: Draft, over: Partial<ReturnLink> = {}): ReturnLink => ({
      tokenHash: createHash("sha256").update(randomUUID()).digest("hex"),
      draftId: draft.id,
      forceId: draft.forceId,
      serviceId: draft.serviceId,
      lang: "en",
      email: "sam.saver@example.com",
      emailCheck: "c".repeat(64),
      failedAttempts: 0,
      createdAt: at(0),
      expiresAt: at(7 * 24 * 60),
      remindAt: at(6 * 24 * 60),
      reminded: false,
      ...over,
    });
    const reminder = (l: ReturnLink) => ({ id: `reminder-${l.tokenHash.slice(0, 8)}`, message: { kind: "return-reminder" as const, to: l.email, lang: l.lang, forceId: l.forceId, reference: null, personalisation: {} } });

    it("keeps a link only for a draft still waiting, keeps the draft as long as the link, and one link a draft", async () => {
      const draft = newDraft();
      await store.saveDraft(draft);
      expect(await store.saveReturnLink(link(newDraft()))).toBe(false);
      const first = link(draft);
      expect(await store.saveReturnLink(first)).toBe(true);
      expect(await store.returnLink(first.tokenHash)).toEqual(first);
      expect((await store.getDraft(draft.id))!.expiresAt).toBe(first.expiresAt);
      const second = link(draft);
      await store.saveReturnLink(second);
      expect(await store.returnLink(first.tokenHash)).toBeUndefined();
      expect(await store.returnLink(second.tokenHash)).toEqual(second);
      expect(await opened.rawText()).not.toContain("sam.saver");
    });

    it("is used once, and deleted at the most wrong confirmations", async () => {
      const draft = newDraft();
      await store.saveDraft(draft);
      const kept = link(draft);
      await store.saveReturnLink(kept);
      for (const expected of [1, 2, 3, 4]) expect(await store.failReturnConfirmation(kept.tokenHash, 5)).toBe(expected);
      expect((await store.returnLink(kept.tokenHash))!.failedAttempts).toBe(4);
      expect(await store.failReturnConfirmation(kept.tokenHash, 5)).toBe(5);
      expect(await store.returnLink(kept.tokenHash)).toBeUndefined();
      const again = link(draft);
      await store.saveReturnLink(again);
      const [one, two] = await Promise.all([store.takeReturnLink(again.tokenHash), (await opened.another()).takeReturnLink(again.tokenHash)]);
      expect([one, two].sort()).toEqual([false, true]);
    });

    it("queues each due reminder once, with the link marked, and none for a draft already sent", async () => {
      const waiting = newDraft();
      const sent = newDraft();
      await store.saveDraft(waiting);
      await store.saveDraft(sent);
      const due = link(waiting);
      await store.saveReturnLink(due);
      await store.saveReturnLink(link(sent));
      await store.submit(newReport({ draftId: sent.id }));
      expect(await store.remindReturnLinks(at(6 * 24 * 60 - 1), reminder, 10)).toBe(0);
      expect(await store.remindReturnLinks(at(6 * 24 * 60), reminder, 10)).toBe(1);
      expect(await store.remindReturnLinks(at(6 * 24 * 60 + 5), reminder, 10)).toBe(0);
      expect((await store.returnLink(due.tokenHash))!.reminded).toBe(true);
      expect((await store.claimEmails(at(6 * 24 * 60), at(6 * 24 * 60 + 5), 10)).map((e) => [e.kind, e.message?.to])).toEqual([["return-reminder", "sam.saver@example.com"]]);
    });

    it("goes with its draft: when the draft is sent, left, or expires", async () => {
      const [sent, left, expiring] = [newDraft(), newDraft(), newDraft()];
      const links = [];
      for (const draft of [sent, left, expiring]) {
        await store.saveDraft(draft);
        links.push(link(draft, draft === expiring ? { expiresAt: at(90) } : {}));
        await store.saveReturnLink(links.at(-1)!);
      }
      await store.submit(newReport({ draftId: sent.id }));
      await store.deleteDraft(left.id);
      await store.purgeDrafts(at(91));
      for (const l of links) expect(await store.returnLink(l.tokenHash)).toBeUndefined();
      expect(await store.getDraft(expiring.id)).toBeUndefined();
    });
  });

  describe("force staff", () => {
    it("finds an API key by its hash, with its force", async () => {
      await store.addApiKey({ id: "key-id-1", forceId: "kent", keyHash: "hash-1", createdAt: at(0) });
      expect(await store.findApiKey("hash-1")).toEqual({ id: "key-id-1", forceId: "kent" });
      expect(await store.findApiKey("hash-2")).toBeUndefined();
    });

    it("lists a force's audit entries of one action, such as failed sign-ins, oldest first", async () => {
      for (const [minute, forceId, action] of [[1, "kent", "authentication-failed"], [2, "essex", "authentication-failed"], [3, "kent", "read"], [4, "kent", "authentication-failed"]] as const) {
        await store.audit({ at: at(minute), actor: `client 192.0.2.${minute}: unknown key`, action, forceId, reference: null, route: "GET /api/v1/forces/kent/reports" });
      }
      expect((await store.auditOf("kent", "authentication-failed", 10)).map((e) => e.at)).toEqual([at(1), at(4)]);
      expect(await store.auditOf("kent", "authentication-failed", 1)).toHaveLength(1);
    });

    it("keeps the audit trail in the order things happened, even within one moment", async () => {
      const { reference } = await store.submit(newReport());
      const actions = ["read", "export", "acknowledge", "read", "replay", "list"] as const;
      for (const action of actions) await store.audit({ at: at(1), actor: "key-id-1", action, forceId: "kent", reference, route: `/api/v1/${action}` });
      expect((await store.auditTrail(reference)).map((e) => e.action)).toEqual(actions);
    });
  });

  it("answers a health check and has no writes waiting when idle", async () => {
    await expect(store.ping()).resolves.toBeUndefined();
    expect(store.pendingWrites()).toBe(0);
  });
});

describe("the PostgreSQL store, after an instance dies between a report's commit and its numbering", () => {
  it("numbers the report in the next pass of any instance, before the reports that came after it", async () => {
    const schema = await freshSchema("numbering");
    const store = await openPostgresStore(schema.url, cipher, { poolSize: 2 });
    try {
      const first = await store.submit(newReport());
      // What the dead instance left: a committed report without a place (written as the store writes it).
      await schema.query(
        `INSERT INTO reports (reference, force_id, service_id, category, lang, answers, path, priority, submitted_at)
         VALUES ('KNT-LEFT-0VER', 'kent', 'report-crime', 'crime', 'en', $1, '[]', 'standard', $2)`,
        [cipher.encrypt("{}"), at(1)],
      );
      const later = await store.submit(newReport({ submittedAt: at(2) }));
      expect((await store.listReports("kent", 0, 10)).map((r) => [r.seq, r.reference])).toEqual([
        [1, first.reference],
        [2, "KNT-LEFT-0VER"],
        [3, later.reference],
      ]);
    } finally {
      await store.close();
      await schema.drop();
    }
  });
});
