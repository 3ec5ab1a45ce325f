import { createHash } from "node:crypto";

/** An Idempotency-Key header as the service accepts it: 1 to 200 printable ASCII characters. */
export function isIdempotencyKey(key: string): boolean {
  if (key.length < 1 || key.length > 200) return false;
  for (let i = 0; i < key.length; i++) {
    const code = key.charCodeAt(i);
    if (code < 0x21 || code > 0x7e) return false;
  }
  return true;
}

/** JSON with every object's keys in order, so the same content written in another order is the same text. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.keys(value).sort().map((key) => [key, canonical((value as Record<string, unknown>)[key])]));
  }
  return value;
}

/**
 * What a keyed request asked for, as a hash (draft-ietf-httpapi-idempotency-key-header's fingerprint): the same
 * report sent again has the same one, whatever the order or spacing of its JSON. Called on answers already
 * checked against the service's schemas, so their depth is the definition's, not the client's.
 */
export function requestFingerprint(request: unknown): string {
  return `sha256:${createHash("sha256").update(JSON.stringify(canonical(request))).digest("base64url")}`;
}
