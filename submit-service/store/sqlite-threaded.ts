import { Worker } from "node:worker_threads";
import { newReference } from "../reference.ts";
import { aesGcmCipher } from "./cipher.ts";
import { forDelivery } from "./rows.ts";
import { openSqliteStore, type SqliteOptions } from "./sqlite.ts";
import { openError, type WriterCall, type WriterMethod, type WriterReply } from "./sqlite-thread-protocol.ts";
import { StoreUnavailable, type Store } from "./store.ts";

/**
 * Where each of the store's calls runs. "writer": on the writer thread, which owns the connection that commits
 * (its fsync no longer stops the event loop). "here": on this thread's own connection: the reads (WAL lets them
 * go on beside a commit, and they see every write that has resolved), and the two writes that take what cannot
 * cross to a thread (a function that builds emails, a stream of a file's chunks), which SQLite serialises with
 * the writer's.
 */
const where: Record<Exclude<keyof Store, "submit" | "pendingWrites" | "close">, "writer" | "here"> = {
  getDraft: "here",
  saveDraft: "writer",
  deleteDraft: "writer",
  getReport: "here",
  listReports: "here",
  acknowledge: "writer",
  purgeReports: "writer",
  recordStatus: "writer",
  statusEvents: "here",
  setStatusEmails: "writer",
  wantsStatusEmails: "here",
  claimDeliveries: "writer",
  setDeliveryPayload: "writer",
  unbuiltDeliveries: "here",
  markDelivered: "writer",
  markFailed: "writer",
  listDeliveries: "here",
  getDeliveryFor: "here",
  replayDelivery: "writer",
  saveReturnLink: "writer",
  returnLink: "here",
  failReturnConfirmation: "writer",
  takeReturnLink: "writer",
  forgetReturnLinks: "writer",
  remindReturnLinks: "here",
  queueEmail: "writer",
  claimEmails: "writer",
  markEmailSent: "writer",
  markEmailFailed: "writer",
  emailsFor: "here",
  listEmails: "here",
  addApiKey: "writer",
  findApiKey: "here",
  audit: "writer",
  auditTrail: "here",
  auditOf: "here",
  countReports: "here",
  putFile: "here",
  deleteFile: "writer",
  fileRecords: "here",
  readFile: "here",
  countFiles: "here",
  purgeDrafts: "writer",
  ping: "writer",
};

/** A fresh reference is someone else's about once in 32⁷ (34 billion); after this many in a row something is wrong. */
const mostReferenceTries = 8;

/**
 * The embedded SQLite store with its writes on a thread of their own (SQLITE_WRITES=thread): the same file, the
 * same contract (tests/store/contract.test.ts) and the same durability as openSqliteStore — a write resolves
 * only once committed with synchronous=FULL — but the commit and its fsync, the encryption of what is written
 * and SQLite's statement work run on the writer thread, so the event loop keeps accepting and checking requests
 * meanwhile. A report's reference, delivery row and emails are made here, where the site's definitions are, and
 * sent to the writer ready to keep.
 */
export async function openThreadedSqliteStore(file: string, answersKey: string, options: SqliteOptions = {}): Promise<Store> {
  // Opened first: it makes the file (0600) and applies the migrations before the writer opens it.
  const problems = { here: undefined as string | undefined, writer: undefined as string | undefined };
  let told: string | undefined;
  const tell = (source: keyof typeof problems, problem: string | undefined) => {
    problems[source] = problem;
    const now = problems.writer ?? problems.here;
    if (now !== told) {
      told = now;
      options.onHealthChange?.(now);
    }
  };
  const local = openSqliteStore(file, aesGcmCipher(answersKey), { onHealthChange: (problem) => tell("here", problem) });

  // The entry registers the TypeScript loader itself, whoever started this process (npm start, vitest, a bench).
  const worker = new Worker(new URL("./sqlite-writer-thread.mjs", import.meta.url), { workerData: { file, answersKey }, execArgv: [] });
  const waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: unknown) => void }>();
  let nextId = 1;
  let stopped: StoreUnavailable | undefined;

  await new Promise<void>((resolve, reject) => {
    const early = (error: Error) => reject(error);
    const gone = (code: number) => reject(new Error(`the store's writer thread ended (exit code ${code}) before it opened ${file}`));
    worker.once("error", early);
    worker.once("exit", gone);
    worker.once("message", (reply: WriterReply) => {
      worker.off("error", early);
      worker.off("exit", gone);
      if ("failed" in reply) reject(openError(reply.failed));
      else resolve();
    });
  }).catch(async (error: unknown) => {
    await worker.terminate();
    await local.close();
    throw error;
  });

  const stop = (why: string) => {
    stopped ??= new StoreUnavailable(`the store's writer thread stopped (${why}): nothing more can be kept until the service restarts`, 60);
    tell("writer", stopped.reason);
    for (const { reject } of waiting.values()) reject(stopped);
    waiting.clear();
  };
  worker.on("message", (reply: WriterReply) => {
    if ("health" in reply) return tell("writer", reply.health ?? undefined);
    if (!("id" in reply)) return;
    const call = waiting.get(reply.id);
    if (!call) return;
    waiting.delete(reply.id);
    if (reply.ok) call.resolve(reply.value);
    else call.reject(openError(reply.error));
  });
  worker.on("error", (error) => stop(error.message));
  worker.on("exit", (code) => stop(`exit code ${code}`));

  const call = <T>(method: WriterMethod, args: unknown[]): Promise<T> => {
    if (stopped) return Promise.reject(stopped);
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      worker.postMessage({ id, method, args } satisfies WriterCall);
    });
  };

  const store = {} as Record<string, unknown>;
  for (const [method, place] of Object.entries(where) as [keyof typeof where, "writer" | "here"][]) {
    store[method] = place === "here" ? (local[method] as (...args: unknown[]) => unknown).bind(local) : (...args: unknown[]) => call(method, args);
  }
  const threaded = store as unknown as Store;
  threaded.submit = async (report, delivery, emails) => {
    for (let tries = 0; tries < mostReferenceTries; tries++) {
      const reference = newReference(report.forceCode);
      const shaped = forDelivery(report, reference);
      // Built here, before anything is sent: a builder that throws refuses the report, and nothing of it is kept.
      const built = delivery?.(shaped);
      const queued = emails?.(shaped) ?? [];
      const kept = await call<{ reference: string; created: boolean } | "taken">("submitAs", [report, reference, built, queued]);
      if (kept !== "taken") return kept;
    }
    throw new Error(`no free reference for force ${report.forceCode} in ${mostReferenceTries} tries`);
  };
  threaded.pendingWrites = () => waiting.size + local.pendingWrites();
  threaded.close = async () => {
    if (!stopped) {
      await call("close", []).catch(() => undefined);
      worker.removeAllListeners("exit");
      await worker.terminate();
    }
    await local.close();
  };
  return threaded;
}
