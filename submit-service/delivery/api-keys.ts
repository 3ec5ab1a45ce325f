import { createHash, randomBytes, randomUUID } from "node:crypto";

/** Keys are stored only as their SHA-256: a copy of the database cannot be used to read reports. */
export function hashKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

/** A new key for one force: shown once, then only its hash is kept. */
export function newApiKey(forceId: string): { id: string; key: string; keyHash: string } {
  const key = `fck_${forceId}_${randomBytes(24).toString("base64url")}`;
  return { id: randomUUID(), key, keyHash: hashKey(key) };
}
