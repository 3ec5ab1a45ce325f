import type { Context, MiddlewareHandler } from "hono";

/**
 * Counts per key (a client's address) in fixed one-minute windows, with bounded memory under a flood of
 * addresses. Hono has no rate limiter of its own.
 */
export function windowCounter(options: { perMinute: number; clock: () => Date; windowSeconds?: number }) {
  /** A minute, unless the window is given longer (then perMinute is the most in each window). */
  const span = (options.windowSeconds ?? 60) * 1000;
  const windows = new Map<string, { start: number; count: number }>();
  const current = (key: string) => {
    const now = options.clock().getTime();
    let window = windows.get(key);
    if (!window || now - window.start >= span) {
      if (windows.size > 100_000) windows.clear();
      window = { start: now, count: 0 };
      windows.set(key, window);
    }
    return { window, now };
  };
  return {
    /** Counts one more for `key`. */
    add(key: string): void {
      current(key).window.count++;
    },
    /** Seconds until `key` may go on, when it is over the limit; undefined when it is not. */
    blockedFor(key: string): number | undefined {
      const { window, now } = current(key);
      return window.count >= options.perMinute ? Math.max(1, Math.ceil((window.start + span - now) / 1000)) : undefined;
    },
  };
}

/**
 * Per-client limits on posts: over the limit the answer is `refuse`'s (a 429) with Retry-After, before any
 * work is done.
 */
export function rateLimit(options: { perMinute: number; key: (c: Context) => string; clock: () => Date; refuse: (c: Context) => Response }): MiddlewareHandler {
  const counter = windowCounter(options);
  return async (c, next) => {
    const key = options.key(c);
    const wait = counter.blockedFor(key);
    if (wait !== undefined) {
      c.header("Retry-After", String(wait));
      return options.refuse(c);
    }
    counter.add(key);
    await next();
  };
}
