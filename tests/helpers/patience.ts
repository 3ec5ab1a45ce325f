/**
 * How the tests wait. They wait on real signals (a server's /readyz answering 200, nginx's pid file, a page's
 * load event, an element appearing), never on a budget sized for an idle machine: on a busy one they simply
 * wait longer. This ceiling is the last resort, for something that is stuck rather than slow; it is long
 * enough that no amount of sharing the machine reaches it, and short enough that CI still ends.
 */
export const stuckAfterMs = 8 * 60_000;

/** How often a test looks again for a signal it cannot be told about (a port starting to answer). */
export const pollMs = 50;

export const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Waits until `ready()` gives a value, looking again every `pollMs`, and fails with `what`'s description
 * (and whatever `diagnosis()` adds) if `gone()` says it never can, or if it is still not ready after
 * `stuckAfterMs`.
 */
export async function waitUntil<T>(
  what: string,
  ready: () => Promise<T | undefined>,
  { gone = () => false, diagnosis = () => "" }: { gone?: () => boolean; diagnosis?: () => string } = {},
): Promise<T> {
  const stuckAt = Date.now() + stuckAfterMs;
  for (;;) {
    if (gone()) throw new Error(`${what}: it ended before it was ready\n${diagnosis()}`);
    const value = await ready();
    if (value !== undefined) return value;
    if (Date.now() > stuckAt) throw new Error(`${what}: still not ready after ${stuckAfterMs / 60_000} minutes, so stuck\n${diagnosis()}`);
    await pause(pollMs);
  }
}
