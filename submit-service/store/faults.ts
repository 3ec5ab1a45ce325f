import { rmSync, writeFileSync, type Stats } from "node:fs";
import path from "node:path";

/** A file's identity: the same path naming another file (replaced) or none (deleted) has another, or none. */
export const fileIdentity = (stats: Stats): string => `${stats.dev}:${stats.ino}`;

/** SQLite's result codes that mean the disk, not the request, is at fault: the same write may work later. */
const diskCodes = ["SQLITE_FULL", "SQLITE_IOERR", "SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_BUSY", "SQLITE_LOCKED"];

/**
 * Why the store at `file` could not keep a write, in an operator's words, or undefined when `error` is not a
 * storage fault (a bug or a constraint, which stays an error).
 */
export function storageFault(error: unknown, file: string): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== "string" || !diskCodes.some((known) => code === known || code.startsWith(`${known}_`))) return undefined;
  if (code === "SQLITE_FULL") return `the disk holding ${file} is full: free some space and the service resumes by itself`;
  if (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED")) return `the database file ${file} is locked by another process (${code})`;
  if (readOnly(path.dirname(file))) return `the disk holding ${file} is read-only (${code}): make it writable and the service resumes by itself`;
  return `the database file ${file} cannot be written (${code}): check its disk`;
}

/**
 * Whether the folder's filesystem refuses writes as read-only. Tried with a real write: a filesystem turned
 * read-only by an error (ext4's errors=remount-ro) still passes access(W_OK).
 */
function readOnly(dir: string): boolean {
  const probe = path.join(dir, `.front-counter-write-check-${process.pid}`);
  try {
    writeFileSync(probe, "", { mode: 0o600 });
    rmSync(probe, { force: true });
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EROFS";
  }
}
