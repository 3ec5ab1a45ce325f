import { Hono, type Context, type MiddlewareHandler } from "hono";
import { bearerAuth } from "hono/bearer-auth";
import type { AppDeps } from "../app.ts";
import { hashKey } from "../delivery/api-keys.ts";
import { clientAddress } from "../http/client-address.ts";
import { isJsonContentType } from "../http/media-type.ts";
import { problem } from "../http/problem.ts";
import { readStatusChange, statusChanged, timeline } from "../journey/track-status.ts";
import { statusEmail } from "../email/status-change.ts";
import { windowCounter } from "../http/rate-limit.ts";
import { parseReference } from "../reference.ts";
import { StoreUnavailable, type AuditAction } from "../store/store.ts";
import { isFileId } from "../../lib/answer-types/file.checks.ts";

type ApiKey = { id: string; forceId: string };

/** Routes are written to the audit trail as asked, but never longer than this (a path is the client's to choose). */
const routeLength = 300;

/**
 * The force's own API: pull reports, read one, acknowledge it, list and replay dead deliveries. Every route
 * carries its own guard (so what this app answers does not depend on where, or after what, it is mounted): a
 * bearer key scoped to one force, which never reaches another force's reports. Every read, export,
 * acknowledgement and replay is written to the audit trail, and so is every failed sign-in (without the key)
 * and every attempt on another force's reports; a client that fails too often is refused for a while (429).
 */
export function forceApiRoutes(deps: AppDeps): Hono {
  const { store, clock } = deps;
  const app = new Hono();
  // The key a request was made with, once verified.
  const keys = new WeakMap<Request, ApiKey>();
  const keyOf = (c: Context) => keys.get(c.req.raw)!;
  const client = clientAddress(deps.config);
  const failures = windowCounter({ perMinute: deps.config.authFailuresPerMinute ?? 10, clock });

  const record = (c: Context, action: AuditAction, actor: string, reference: string | null) =>
    store.audit({ at: clock().toISOString(), actor, action, forceId: (c.req.param("force") ?? "").slice(0, 100), reference, route: `${c.req.method} ${c.req.path}`.slice(0, routeLength) });
  /** The reference a refused request named, if it named one, for the audit trail. */
  const named = (c: Context) => parseReference(c.req.param("reference") ?? "") ?? null;

  /** A failed attempt: counted against the client, audited (never with the key), and answered. */
  const refused = async (c: Context, action: AuditAction, actor: string, answer: Response) => {
    failures.add(client(c));
    await record(c, action, actor, named(c));
    return answer;
  };
  const authenticate = bearerAuth({
    verifyToken: async (token, c) => {
      const key = await store.findApiKey(hashKey(token));
      if (key) keys.set(c.req.raw, key);
      return Boolean(key);
    },
    noAuthenticationHeader: { message: (c) => refused(c, "authentication-failed", `client ${client(c)}: no key`, problem(c, 401, "Send your force's API key as Authorization: Bearer <key>")) },
    invalidToken: { message: (c) => refused(c, "authentication-failed", `client ${client(c)}: unknown key`, problem(c, 401, "This API key is not valid")) },
    invalidAuthenticationHeader: {
      message: (c) => refused(c, "authentication-failed", `client ${client(c)}: malformed header`, problem(c, 400, "Send your force's API key as Authorization: Bearer <key>")),
    },
  });

  /** The guard on every route here: not too many failures from this client, a valid key, and the key's own force. */
  const staff: MiddlewareHandler = async (c, next) => {
    const wait = failures.blockedFor(client(c));
    if (wait !== undefined) {
      c.header("Retry-After", String(wait));
      return problem(c, 429, "Too many failed attempts: wait and try again");
    }
    return authenticate(c, async () => {
      if (keyOf(c).forceId !== c.req.param("force")) {
        c.res = await refused(c, "forbidden", keyOf(c).id, problem(c, 403, "This key is for another force"));
        return;
      }
      c.header("Cache-Control", "no-store");
      await next();
    });
  };

  const audit = (c: Context, action: AuditAction, reference: string | null) => record(c, action, keyOf(c).id, reference);

  const payloadOf = async (forceId: string, reference: string) => {
    const delivery = await store.getDeliveryFor(forceId, reference);
    if (!delivery) return undefined;
    // A payload not built yet (just stored, or left by a restart) is built now, from the stored report, and kept.
    try {
      return JSON.parse(await deps.payloads!.ensure(delivery));
    } catch (error) {
      if (error instanceof StoreUnavailable) throw error;
      // One report whose payload cannot be built (its service gone from the site since) must not stop a force
      // pulling the others: it is listed with no payload, and the fault logged for the operator.
      deps.logger.error("delivery payload not built", { force: forceId, reference, error: (error as Error).message });
      return null;
    }
  };

  /** A whole-number query parameter within bounds, its default when absent, or undefined when it is not one. */
  const whole = (c: Context, name: string, fallback: number, min: number, max: number): number | undefined => {
    const raw = c.req.query(name);
    if (raw === undefined) return fallback;
    if (!/^\d{1,9}$/.test(raw)) return undefined;
    const value = Number(raw);
    return value >= min && value <= max ? value : undefined;
  };

  app.get("/forces/:force/reports", staff, async (c) => {
    const force = c.req.param("force");
    const after = whole(c, "after", 0, 0, Number.MAX_SAFE_INTEGER);
    const limit = whole(c, "limit", 50, 1, 100);
    const errors = [
      ...(after === undefined ? [{ field: "after", message: "must be a cursor from an earlier page (a whole number)" }] : []),
      ...(limit === undefined ? [{ field: "limit", message: "must be a whole number from 1 to 100" }] : []),
    ];
    if (after === undefined || limit === undefined) return problem(c, 422, "The query is not valid", { errors });
    const reports = await store.listReports(force, after, limit);
    const data = [];
    for (const report of reports) {
      data.push({ reference: report.reference, cursor: report.seq, submittedAt: report.submittedAt, priority: report.priority, serviceId: report.serviceId, acknowledgedAt: report.acknowledgedAt, payload: await payloadOf(force, report.reference) });
      await audit(c, "export", report.reference);
    }
    return c.json({ data, next: reports.length ? reports[reports.length - 1].seq : after });
  });

  app.get("/forces/:force/reports/:reference", staff, async (c) => {
    const force = c.req.param("force");
    const reference = parseReference(c.req.param("reference"));
    const report = reference ? await store.getReport(reference) : undefined;
    if (!report || report.forceId !== force) return problem(c, 404, "No such report for this force");
    await audit(c, "read", report.reference);
    return c.json({ reference: report.reference, cursor: report.seq, acknowledgedAt: report.acknowledgedAt, payload: await payloadOf(force, report.reference) });
  });

  // One file of a report's evidence, streamed as it was uploaded (decrypted chunk by chunk), to that force's key only.
  app.get("/forces/:force/reports/:reference/files/:id", staff, async (c) => {
    const force = c.req.param("force");
    const reference = parseReference(c.req.param("reference"));
    const id = c.req.param("id");
    const file = reference && isFileId(id) ? await store.readFile(force, reference, id) : undefined;
    if (!reference || !file) return problem(c, 404, "No such file on a report of this force");
    await audit(c, "file", reference);
    // Pulled one chunk at a time as the client reads: a 250 MB video is never held in memory.
    const chunks = file.chunks[Symbol.asyncIterator]();
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const next = await chunks.next();
        if (next.done) controller.close();
        else controller.enqueue(next.value);
      },
      async cancel() {
        await chunks.return?.();
      },
    });
    const ascii = file.record.name.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
    return new Response(body, {
      headers: {
        "Content-Type": file.record.type,
        "Content-Length": String(file.record.size),
        "Content-Disposition": `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.record.name)}`,
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "no-store",
        "X-SHA256": file.record.sha256,
      },
    });
  });

  app.post("/forces/:force/reports/:reference/acknowledge", staff, async (c) => {
    const force = c.req.param("force");
    const reference = parseReference(c.req.param("reference"));
    const at = clock().toISOString();
    if (!reference || !(await store.acknowledge(force, reference, at))) return problem(c, 404, "No such report for this force");
    await audit(c, "acknowledge", reference);
    return c.json({ reference, acknowledgedAt: (await store.getReport(reference))!.acknowledgedAt });
  });

  // A status change the person tracking the report sees (docs/integrating.md, "Status events"). Posting the same
  // change again is safe: it is answered 200 with the report's statuses, and nothing is added.
  app.post("/forces/:force/reports/:reference/events", staff, async (c) => {
    const force = c.req.param("force");
    if (!isJsonContentType(c.req.header("content-type"))) return problem(c, 415, "Send JSON", { detail: "Status events must be sent with Content-Type: application/json." });
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return problem(c, 400, "The body is not valid JSON");
    }
    const change = readStatusChange(body);
    if (!change.ok) return problem(c, 422, "The status change is not valid", { errors: change.errors });
    const reference = parseReference(c.req.param("reference"));
    const outcome = reference && (await store.recordStatus(force, reference, { status: change.status, message: change.message, at: clock().toISOString() }));
    if (!reference || !outcome) return problem(c, 404, "No such report for this force");
    await audit(c, "status", reference);
    if (outcome === "conflict") {
      return problem(c, 409, "This report is closed", { detail: "A closed report keeps its status and the words it was closed with. Post the same closing again, or nothing." });
    }
    const report = (await store.getReport(reference))!;
    const address = outcome === "added" ? await statusChanged(deps, report) : undefined;
    if (address && deps.email) await store.queueEmail(statusEmail(deps, report, change.status, address), clock().toISOString());
    const statuses = timeline(report, await store.statusEvents(reference));
    return c.json({ reference, status: statuses.at(-1)!.status, statuses }, outcome === "added" ? 201 : 200);
  });

  app.get("/forces/:force/deliveries", staff, async (c) => {
    const status = c.req.query("status") ?? "dead";
    if (status !== "dead" && status !== "pending" && status !== "delivered") {
      return problem(c, 422, "The query is not valid", { errors: [{ field: "status", message: 'must be "dead", "pending" or "delivered"' }] });
    }
    const deliveries = await store.listDeliveries(c.req.param("force"), status);
    for (const delivery of deliveries) await audit(c, "list", delivery.reference);
    return c.json({ data: deliveries.map(({ payload: _payload, ...rest }) => rest) });
  });

  app.post("/forces/:force/deliveries/:id/replay", staff, async (c) => {
    const force = c.req.param("force");
    const deliveries = await store.listDeliveries(force, "dead");
    const delivery = deliveries.find((d) => d.id === c.req.param("id"));
    if (!delivery || !(await store.replayDelivery(force, delivery.id, clock().toISOString()))) return problem(c, 404, "No dead delivery with that id for this force");
    await audit(c, "replay", delivery.reference);
    return c.json({ id: delivery.id, status: "pending" });
  });

  return app;
}
