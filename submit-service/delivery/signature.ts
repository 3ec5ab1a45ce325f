import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * HMAC-SHA256 over "<timestamp>.<body>", sent as `FrontCounter-Signature: v1=<hex>` with
 * `FrontCounter-Timestamp: <unix seconds>`. Signing the time stops an old delivery being replayed later.
 */
export function sign(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

/** What a force's receiver does: recompute, compare in constant time, and refuse stale timestamps. */
export function verify(secret: string, timestamp: string, body: string, signature: string, nowSeconds: number, toleranceSeconds = 300): boolean {
  const time = Number(timestamp);
  if (!Number.isInteger(time) || Math.abs(nowSeconds - time) > toleranceSeconds) return false;
  const expected = Buffer.from(sign(secret, time, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
