import type { Context } from "hono";
import { getConnInfo } from "@hono/node-server/conninfo";

/** The client's address, for per-client limits: behind a trusted proxy, the one it forwarded. */
export const clientAddress =
  (config: { trustProxy: boolean }) =>
  (c: Context): string => {
    const forwarded = config.trustProxy ? c.req.header("x-forwarded-for")?.split(",")[0].trim() : undefined;
    if (forwarded) return forwarded;
    // Requests made in-process (app.request) have no socket.
    return (c.env as { incoming?: unknown } | undefined)?.incoming ? getConnInfo(c).remote.address ?? "unknown" : "in-process";
  };
