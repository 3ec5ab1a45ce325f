/**
 * The writer thread of the threaded SQLite store (sqlite-threaded.ts): it owns the connection every write goes
 * through, so the group commit and its fsync happen here while the service's event loop goes on parsing and
 * checking. Calls arrive as messages ({ id, method, args }) and are answered when committed; what arrives while a
 * commit is under way shares the next one.
 */
import { parentPort, workerData } from "node:worker_threads";
import { aesGcmCipher } from "./cipher.ts";
import { openSqliteStore, type SqliteStore } from "./sqlite.ts";
import { sealError, type WriterCall, type WriterReply } from "./sqlite-thread-protocol.ts";

const port = parentPort!;
const { file, answersKey } = workerData as { file: string; answersKey: string };

let store: SqliteStore;
try {
  store = openSqliteStore(file, aesGcmCipher(answersKey), { onHealthChange: (problem) => port.postMessage({ health: problem ?? null } satisfies WriterReply) });
  port.postMessage({ ready: true } satisfies WriterReply);
} catch (error) {
  // The service ends this thread once it has read why.
  port.postMessage({ failed: sealError(error) } satisfies WriterReply);
}

port.on("message", (call: WriterCall) => {
  const method = store[call.method] as (...args: unknown[]) => Promise<unknown>;
  method.apply(store, call.args).then(
    (value) => port.postMessage({ id: call.id, ok: true, value } satisfies WriterReply),
    (error: unknown) => port.postMessage({ id: call.id, ok: false, error: sealError(error) } satisfies WriterReply),
  );
});
