import type { Context, MiddlewareHandler } from "hono";

/**
 * Per-client limits on posts: a fixed one-minute window per key (the client's address). Over the limit the
 * answer is 429 with Retry-After, before any work is done. Hono has no rate limiter of its own.
 */
export function rateLimit(options: { perMinute: number; key: (c: Context) => string; clock: () => Date }): MiddlewareHandler {
  const windows = new Map<string, { start: number; count: number }>();
  return async (c, next) => {
    const now = options.clock().getTime();
    const key = options.key(c);
    let window = windows.get(key);
    if (!window || now - window.start >= 60_000) {
      if (windows.size > 100_000) windows.clear(); // bounded memory under a flood of addresses
      window = { start: now, count: 0 };
      windows.set(key, window);
    }
    window.count++;
    if (window.count > options.perMinute) {
      c.header("Retry-After", String(Math.ceil((window.start + 60_000 - now) / 1000)));
      return c.text("Too many requests from your connection. Please wait a minute and try again.", 429);
    }
    await next();
  };
}
