import type { Context } from "hono";

/** The statuses the service answers with a problem, each an error a client can act on. */
export type ProblemStatus = 400 | 401 | 403 | 404 | 405 | 409 | 413 | 415 | 422 | 429 | 500 | 503;

/**
 * RFC 9457 problem details, the one error format under /api: what is wrong, and with which fields.
 * Built without a Context too (for answers made before routing, e.g. by Hono's own middleware).
 */
export function problemResponse(status: ProblemStatus, title: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify({ type: "about:blank", title, status, ...extra }), {
    status,
    headers: { "Content-Type": "application/problem+json", "Cache-Control": "no-store", ...headers },
  });
}

export function problem(c: Context, status: ProblemStatus, title: string, extra: Record<string, unknown> = {}): Response {
  return c.body(JSON.stringify({ type: "about:blank", title, status, ...extra }), status, { "Content-Type": "application/problem+json", "Cache-Control": "no-store" });
}

/** Whether a request is the JSON API's, whose errors are problems rather than pages. */
export const isApi = (c: Context): boolean => c.req.path === "/api" || c.req.path.startsWith("/api/");
