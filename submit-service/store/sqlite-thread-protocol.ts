/** What the threaded SQLite store and its writer thread say to each other (sqlite-threaded.ts, sqlite-writer.ts). */
import { IdempotencyConflict, StoreUnavailable } from "./store.ts";
import type { SqliteStore } from "./sqlite.ts";

/** The store's methods the writer thread runs, by name, with their arguments (structured-cloned: plain data only). */
export type WriterMethod = { [K in keyof SqliteStore]: SqliteStore[K] extends (...args: never[]) => Promise<unknown> ? K : never }[keyof SqliteStore];

export interface WriterCall {
  id: number;
  method: WriterMethod;
  args: unknown[];
}

/** An error as it crosses between threads: its class is named, so the store's own errors arrive as themselves. */
export interface SealedError {
  name: string;
  message: string;
  code?: string;
  reason?: string;
  retryAfterSeconds?: number;
  reference?: string;
}

export type WriterReply =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: SealedError }
  | { health: string | null }
  | { ready: true }
  | { failed: SealedError };

export function sealError(error: unknown): SealedError {
  if (error instanceof StoreUnavailable) return { name: error.name, message: error.message, reason: error.reason, retryAfterSeconds: error.retryAfterSeconds };
  if (error instanceof IdempotencyConflict) return { name: error.name, message: error.message, reference: error.reference };
  if (error instanceof Error) {
    const { code } = error as { code?: unknown };
    return { name: error.name, message: error.message, ...(code === undefined ? {} : { code: String(code) }) };
  }
  return { name: "Error", message: String(error) };
}

export function openError(sealed: SealedError): Error {
  if (sealed.name === "StoreUnavailable") return new StoreUnavailable(sealed.reason ?? sealed.message, sealed.retryAfterSeconds);
  if (sealed.name === "IdempotencyConflict") return new IdempotencyConflict(sealed.reference ?? "");
  const error = new Error(sealed.message) as Error & { code?: string };
  error.name = sealed.name;
  if (sealed.code !== undefined) error.code = sealed.code;
  return error;
}
