import { createHash } from "node:crypto";

/** A short content hash for an asset's file name, so the file can be cached for a year and never go stale. */
export function fingerprint(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 10);
}
