import { readFileSync } from "node:fs";
import http from "node:http";
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { templateScriptHashes } from "../../lib/render/csp.ts";
import { createApp, type AppDeps } from "../../submit-service/app.ts";
import { newApiKey } from "../../submit-service/delivery/api-keys.ts";
import { apiRoutes } from "../../submit-service/routes/api.ts";
import { forceApiRoutes } from "../../submit-service/routes/force-api.ts";
import { listen, serviceSite, testConfig, testService, type TestService } from "../helpers/service.ts";

/**
 * The JSON API's errors, as a client integrating with it sees them: one format (application/problem+json) for
 * every refusal, a reused Idempotency-Key bound to its report, the back office closed to guessing, and a body
 * refused early never breaking the next request on a kept-alive connection.
 */

const siteDir = inject("siteDir");
const valid = JSON.parse(readFileSync("tests/fixtures/api/report-crime.json", "utf8"));
let service: TestService;
const keys: Record<string, string> = {};
beforeAll(async () => {
  service = await testService(siteDir, { authFailuresPerMinute: 5 });
  for (const force of ["kent", "essex"]) {
    const { key, id, keyHash } = newApiKey(force);
    await service.store.addApiKey({ id, forceId: force, keyHash, createdAt: service.now.value.toISOString() });
    keys[force] = key;
  }
}, 60_000);
afterAll(() => service?.close());

const request = (url: string, init: RequestInit = {}, env?: unknown) => service.app.request(url, init, env);
const send = (body: unknown, headers: Record<string, string> = {}) =>
  request("/api/v1/forces/kent/reports", { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json", ...headers } });

/** The response is a problem document with this status; returns the document. */
async function expectProblem(response: Response, status: number): Promise<Record<string, unknown>> {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  const body = await response.json();
  expect(body).toMatchObject({ type: "about:blank", status, title: expect.any(String) });
  return body;
}

/** A request from a client at `address`, as the server would see it behind nginx (TRUST_PROXY is off here, so by env). */
const fromClient = (address: string) => ({ incoming: { socket: { remoteAddress: address, remotePort: 1, remoteFamily: "IPv4" } } });

describe("one error format under /api", () => {
  it("answers an unknown route 404 and a known route asked with the wrong method 405 with Allow", async () => {
    const unknown = await expectProblem(await request("/api/v1/no-such-thing"), 404);
    expect(unknown.title).toBe("No such API route");
    const wrongMethod = await request("/api/v1/forces/kent/reports", { method: "PUT" });
    await expectProblem(wrongMethod, 405);
    expect(wrongMethod.headers.get("allow")?.split(", ").sort()).toEqual(["GET", "HEAD", "POST"]);
    const deleteOne = await request("/api/v1/forces/kent/reports/KNT-0000-0000", { method: "DELETE" });
    await expectProblem(deleteOne, 405);
    expect(deleteOne.headers.get("allow")?.split(", ").sort()).toEqual(["GET", "HEAD"]);
  });

  it("refuses a missing, malformed or unknown bearer key with 401/400 problems that keep the challenge", async () => {
    const none = await request("/api/v1/forces/kent/reports", {}, fromClient("192.0.2.1"));
    expect((await expectProblem(none, 401)).title).toContain("Authorization: Bearer");
    expect(none.headers.get("www-authenticate")).toMatch(/^Bearer/);
    const malformed = await request("/api/v1/forces/kent/reports", { headers: { authorization: "Bearer not!a!token" } }, fromClient("192.0.2.2"));
    await expectProblem(malformed, 400);
    const unknown = await request("/api/v1/forces/kent/reports", { headers: { authorization: "Bearer fck_kent_guess" } }, fromClient("192.0.2.3"));
    expect((await expectProblem(unknown, 401)).title).toBe("This API key is not valid");
  });

  it("answers a bad query parameter 422 naming it, not 500", async () => {
    const auth = { authorization: `Bearer ${keys.kent}` };
    for (const [query, field] of [
      ["limit=abc", "limit"],
      ["limit=0", "limit"],
      ["limit=1e2", "limit"],
      ["after=-1", "after"],
      ["after=1.5", "after"],
    ]) {
      const problem = await expectProblem(await request(`/api/v1/forces/kent/reports?${query}`, { headers: auth }), 422);
      expect([query, problem.errors]).toEqual([query, [{ field, message: expect.any(String) }]]);
    }
    expect((await request("/api/v1/forces/kent/reports?limit=100&after=0", { headers: auth })).status).toBe(200);
  });

  it("takes JSON only as exactly application/json (a charset of utf-8 allowed) and answers anything else 415", async () => {
    for (const type of ["application/json", "application/json; charset=utf-8", "Application/JSON;charset=UTF-8"]) {
      expect([type, (await send(valid, { "content-type": type })).status]).toEqual([type, 201]);
    }
    for (const type of ["application/json-seq", "application/jsonx", "application/json; charset=latin1", "application/json; boundary=x", "text/json", "text/plain", ""]) {
      const response = await request("/api/v1/forces/kent/reports", { method: "POST", body: JSON.stringify(valid), headers: type ? { "content-type": type } : {} });
      expect([type, response.status, response.headers.get("content-type")]).toEqual([type, 415, "application/problem+json"]);
    }
  });

  it("answers a body over the limit 413 and a client over the post limit 429 with Retry-After, both as problems", async () => {
    const huge = await request("/api/v1/forces/kent/reports", { method: "POST", body: "x".repeat(testConfig.bodyLimitBytes + 1), headers: { "content-type": "application/json" } });
    await expectProblem(huge, 413);
    const limited = await testService(siteDir, { rateLimitPerMinute: 2 });
    try {
      const post = () => limited.app.request("/api/v1/forces/kent/reports", { method: "POST", body: JSON.stringify(valid), headers: { "content-type": "application/json" } });
      expect((await post()).status).toBe(201);
      expect((await post()).status).toBe(201);
      const third = await post();
      await expectProblem(third, 429);
      expect(Number(third.headers.get("retry-after"))).toBeGreaterThan(0);
    } finally {
      await limited.close();
    }
  });

  it("answers an unexpected failure 500 as a problem, without its details", async () => {
    const failing: AppDeps = {
      siteDir,
      site: await serviceSite(),
      store: { ...service.store, submit: () => Promise.reject(new Error("SQL internals: table reports")) },
      clock: () => service.now.value,
      logger: { info() {}, error() {} },
      config: testConfig,
      scriptHashes: templateScriptHashes(process.cwd()),
    };
    const response = await createApp(failing).request("/api/v1/forces/kent/reports", { method: "POST", body: JSON.stringify(valid), headers: { "content-type": "application/json" } });
    const problem = await expectProblem(response, 500);
    expect(JSON.stringify(problem)).not.toContain("SQL");
  });
});

describe("Idempotency-Key bound to the report it was first sent with", () => {
  it("gives the stored reference for the same report, in any key order, and 422 naming the conflict for another", async () => {
    const first = await send(valid, { "idempotency-key": "call-centre-991" });
    expect(first.status).toBe(201);
    const { reference } = await first.json();
    // The same report with its keys in another order is the same request.
    const reordered = { answers: Object.fromEntries(Object.entries(valid.answers).reverse()), service: valid.service };
    const again = await send(reordered, { "idempotency-key": "call-centre-991" });
    expect([again.status, (await again.json()).reference, again.headers.get("idempotent-replayed")]).toEqual([201, reference, "true"]);

    const before = await service.store.countReports();
    const other = await send({ ...valid, answers: { ...valid.answers, "what-happened": "Someone else's bike, another day." } }, { "idempotency-key": "call-centre-991" });
    const problem = await expectProblem(other, 422);
    expect(problem.title).toBe("This Idempotency-Key was already used for a different report");
    expect(problem.errors).toEqual([{ field: "Idempotency-Key", message: "was used before with a different body" }]);
    expect(JSON.stringify(problem)).not.toContain(reference);
    expect(await service.store.countReports()).toBe(before);
  });
});

describe("the back office cannot be guessed at", () => {
  it("limits a client's failed sign-ins with 429 and Retry-After, audits each without the key, and leaves other clients alone", async () => {
    const guess = (n: number, address: string) => request("/api/v1/forces/kent/reports", { headers: { authorization: `Bearer fck_kent_guess-number-${n}` } }, fromClient(address));
    const statuses = [];
    for (let n = 0; n < 7; n++) statuses.push((await guess(n, "198.51.100.7")).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
    const blocked = await request("/api/v1/forces/kent/reports", { headers: { authorization: `Bearer ${keys.kent}` } }, fromClient("198.51.100.7"));
    await expectProblem(blocked, 429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
    // Another client, with the right key, is not held up by the guesser.
    expect((await request("/api/v1/forces/kent/reports", { headers: { authorization: `Bearer ${keys.kent}` } }, fromClient("198.51.100.8"))).status).toBe(200);

    const failed = await service.store.auditOf("kent", "authentication-failed", 100);
    const guesser = failed.filter((entry) => entry.actor.includes("198.51.100.7"));
    expect(guesser).toHaveLength(5);
    expect(guesser[0]).toMatchObject({ forceId: "kent", reference: null, route: "GET /api/v1/forces/kent/reports", actor: "client 198.51.100.7: unknown key" });
    expect(JSON.stringify(failed)).not.toContain("guess-number");
  });

  it("audits an attempt with one force's key on another force's report, naming the key and the report", async () => {
    const { reference } = await (await request("/api/v1/forces/essex/reports", { method: "POST", body: JSON.stringify(valid), headers: { "content-type": "application/json" } })).json();
    const attempt = await request(`/api/v1/forces/essex/reports/${reference}`, { headers: { authorization: `Bearer ${keys.kent}` } }, fromClient("203.0.113.4"));
    await expectProblem(attempt, 403);
    const trail = await service.store.auditTrail(reference);
    expect(trail).toHaveLength(1);
    expect(trail[0]).toMatchObject({ action: "forbidden", forceId: "essex", reference, route: `GET /api/v1/forces/essex/reports/${reference}` });
    expect(trail[0].actor).not.toContain(keys.kent);
  });
});

describe("the force API's guard does not depend on where it is mounted", () => {
  it("lets the public post a report and keeps staff routes closed, mounted before the public API under another prefix", async () => {
    const deps: AppDeps = { siteDir, site: await serviceSite(), store: service.store, clock: () => service.now.value, logger: { info() {}, error() {} }, config: testConfig, scriptHashes: [] };
    const app = new Hono().route("/v2", forceApiRoutes(deps)).route("/v2", apiRoutes(deps));
    const posted = await app.request("/v2/forces/kent/reports", { method: "POST", body: JSON.stringify(valid), headers: { "content-type": "application/json" } });
    expect(posted.status).toBe(201);
    expect((await app.request("/v2/forces/kent/reports")).status).toBe(401);
    expect((await app.request("/v2/forces/kent/reports", { headers: { authorization: `Bearer ${keys.kent}` } })).status).toBe(200);
  });
});

describe("a body refused early on a kept-alive connection", () => {
  it("closes that connection, so every next request on the client's pool is answered", async () => {
    const server = await listen(service.app);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const post = (body: string, type = "application/json") =>
      new Promise<{ status: number; connection?: string } | { error: string }>((resolve) => {
        const req = http.request(`${server.url}/api/v1/forces/kent/reports`, { method: "POST", agent, headers: { "content-type": type, "content-length": Buffer.byteLength(body) } }, (res) => {
          res.resume();
          res.on("end", () => resolve({ status: res.statusCode!, connection: res.headers.connection }));
        });
        req.on("error", (error) => resolve({ error: (error as NodeJS.ErrnoException).code ?? error.message }));
        req.end(body);
      });
    try {
      const refused = [];
      const next = [];
      for (let i = 0; i < 10; i++) {
        refused.push(await post("x".repeat(1024 * 1024))); // 413, sent whole
        next.push(await post(JSON.stringify(valid)));
        refused.push(await post(JSON.stringify(valid), "text/plain")); // 415
        next.push(await post(JSON.stringify(valid)));
      }
      // The refused ones are told the connection ends (or, for 1 MB, may see it end while still sending)…
      for (const answer of refused) if ("status" in answer) expect(answer).toMatchObject({ connection: "close" });
      expect(refused.filter((answer) => "status" in answer && answer.status === 415)).toHaveLength(10);
      // …and not one request after them is broken.
      expect(next.map((answer) => ("status" in answer ? answer.status : answer.error))).toEqual(Array(20).fill(201));
    } finally {
      agent.destroy();
      await server.close();
    }
  });
});
