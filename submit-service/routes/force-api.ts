import { Hono, type Context } from "hono";
import { bearerAuth } from "hono/bearer-auth";
import type { AppDeps } from "../app.ts";
import { hashKey } from "../delivery/api-keys.ts";
import { parseReference } from "../reference.ts";
import type { AuditAction } from "../store/store.ts";
import { problem } from "./api.ts";

type ApiKey = { id: string; forceId: string };

/**
 * The force's own API: pull reports, read one, acknowledge it, list and replay dead deliveries. Every call needs
 * a bearer key scoped to one force; a key never reaches another force's reports. Every read, export,
 * acknowledgement and replay is written to the audit trail.
 */
export function forceApiRoutes(deps: AppDeps): Hono {
  const { store, clock } = deps;
  const app = new Hono();
  // The key a request was made with, once verified.
  const keys = new WeakMap<Request, ApiKey>();
  const keyOf = (c: Context) => keys.get(c.req.raw)!;

  const authenticate = bearerAuth({
    verifyToken: async (token, c) => {
      const key = await store.findApiKey(hashKey(token));
      if (key) keys.set(c.req.raw, key);
      return Boolean(key);
    },
    noAuthenticationHeader: { message: "Send your force's API key as Authorization: Bearer <key>" },
    invalidToken: { message: "This API key is not valid" },
    invalidAuthenticationHeader: { message: "Send your force's API key as Authorization: Bearer <key>" },
  });

  app.use("/forces/:force/*", async (c, next) => {
    // Sending a report is open to the public; everything else here is the force's.
    if (c.req.method === "POST" && /^\/api\/v1\/forces\/[^/]+\/reports\/?$/.test(c.req.path)) return next();
    return authenticate(c, async () => {
      if (keyOf(c).forceId !== c.req.param("force")) {
        c.res = problem(c, 403, "This key is for another force");
        return;
      }
      c.header("Cache-Control", "no-store");
      await next();
    });
  });

  const audit = (c: Context, action: AuditAction, reference: string | null) =>
    store.audit({ at: clock().toISOString(), actor: keyOf(c).id, action, forceId: c.req.param("force")!, reference, route: `${c.req.method} ${c.req.path}` });

  const payloadOf = async (forceId: string, reference: string) => {
    const delivery = await store.getDeliveryFor(forceId, reference);
    return delivery ? JSON.parse(delivery.payload) : undefined;
  };

  app.get("/forces/:force/reports", async (c) => {
    const force = c.req.param("force");
    const after = Number(c.req.query("after") ?? 0);
    const limit = Math.min(100, Math.max(1, Number(c.req.query("limit") ?? 50)));
    if (!Number.isInteger(after) || after < 0) return problem(c, 422, "after must be a cursor from an earlier page (a whole number)");
    const reports = await store.listReports(force, after, limit);
    const data = [];
    for (const report of reports) {
      data.push({ reference: report.reference, cursor: report.seq, submittedAt: report.submittedAt, priority: report.priority, serviceId: report.serviceId, acknowledgedAt: report.acknowledgedAt, payload: await payloadOf(force, report.reference) });
      await audit(c, "export", report.reference);
    }
    return c.json({ data, next: reports.length ? reports[reports.length - 1].seq : after });
  });

  app.get("/forces/:force/reports/:reference", async (c) => {
    const force = c.req.param("force");
    const reference = parseReference(c.req.param("reference"));
    const report = reference ? await store.getReport(reference) : undefined;
    if (!report || report.forceId !== force) return problem(c, 404, "No such report for this force");
    await audit(c, "read", report.reference);
    return c.json({ reference: report.reference, cursor: report.seq, acknowledgedAt: report.acknowledgedAt, payload: await payloadOf(force, report.reference) });
  });

  app.post("/forces/:force/reports/:reference/acknowledge", async (c) => {
    const force = c.req.param("force");
    const reference = parseReference(c.req.param("reference"));
    const at = clock().toISOString();
    if (!reference || !(await store.acknowledge(force, reference, at))) return problem(c, 404, "No such report for this force");
    await audit(c, "acknowledge", reference);
    return c.json({ reference, acknowledgedAt: (await store.getReport(reference))!.acknowledgedAt });
  });

  app.get("/forces/:force/deliveries", async (c) => {
    const status = c.req.query("status") ?? "dead";
    if (status !== "dead" && status !== "pending" && status !== "delivered") return problem(c, 422, 'status must be "dead", "pending" or "delivered"');
    const deliveries = await store.listDeliveries(c.req.param("force"), status);
    for (const delivery of deliveries) await audit(c, "list", delivery.reference);
    return c.json({ data: deliveries.map(({ payload: _payload, ...rest }) => rest) });
  });

  app.post("/forces/:force/deliveries/:id/replay", async (c) => {
    const force = c.req.param("force");
    const deliveries = await store.listDeliveries(force, "dead");
    const delivery = deliveries.find((d) => d.id === c.req.param("id"));
    if (!delivery || !(await store.replayDelivery(force, delivery.id, clock().toISOString()))) return problem(c, 404, "No dead delivery with that id for this force");
    await audit(c, "replay", delivery.reference);
    return c.json({ id: delivery.id, status: "pending" });
  });

  return app;
}
