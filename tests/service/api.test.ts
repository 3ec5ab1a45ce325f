import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { testService, type TestService } from "../helpers/service.ts";

const siteDir = inject("siteDir");
const valid = JSON.parse(readFileSync("tests/fixtures/api/report-crime.json", "utf8"));
let service: TestService;
beforeAll(async () => (service = await testService(siteDir)), 60_000);
afterAll(() => service?.close());

const send = (body: unknown, headers: Record<string, string> = {}, force = "kent") =>
  service.app.request(`/api/v1/forces/${force}/reports`, { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json", ...headers } });

describe("the JSON API, for an app or a contact-centre tool", () => {
  it("takes a valid report and answers 201 with its reference, once stored", async () => {
    const response = await send(valid);
    expect(response.status).toBe(201);
    const { reference } = await response.json();
    expect(reference).toMatch(/^KNT-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    const stored = (await service.store.getReport(reference))!;
    expect(stored).toMatchObject({ forceId: "kent", serviceId: "report-crime", category: "crime", priority: "standard" });
    expect(stored.path).toEqual(["about-the-crime", "railway", "force-area", "when-it-happened", "where-it-happened", "what-was-stolen", "what-happened", "suspect", "witnesses", "who-it-happened-to", "risk", "your-details"]);
  });

  it("marks a report urgent when the person is at ongoing risk", async () => {
    const { reference } = await (await send({ ...valid, answers: { ...valid.answers, "risk-factors": ["at-risk"] } })).json();
    expect((await service.store.getReport(reference))!.priority).toBe("urgent");
  });

  it("lists each wrong field with its message as application/problem+json", async () => {
    const response = await send({ ...valid, answers: { ...valid.answers, email: "sam@", "date-of-crime": "2026-02-31" } });
    expect(response.status).toBe(422);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    const problem = await response.json();
    expect(problem.status).toBe(422);
    expect(problem.errors).toEqual([{ field: "date-of-crime", message: "The date it happened must be a real date" }]);
    const later = await send({ ...valid, answers: { ...valid.answers, email: "sam@" } });
    expect((await later.json()).errors).toEqual([{ field: "email", message: expect.stringContaining("in the correct format, like name@example.com") }]);
  });

  it("refuses answers the report's path never asks, and a report the triage sends elsewhere", async () => {
    const extra = await send({ ...valid, answers: { ...valid.answers, "damage-description": "Window" } });
    expect((await extra.json()).errors).toEqual([{ field: "damage-description", message: "is not asked on the path these answers take" }]);
    const fraud = await send({ service: "report-crime", answers: { "in-danger": "no", "crime-type": "fraud" } });
    expect(fraud.status).toBe(422);
    expect((await fraud.json()).outcome).toBe("report-fraud");
  });

  it("refuses a service the force does not offer and a body of the wrong shape", async () => {
    expect((await (await send({ ...valid, service: "report-alien-abduction" })).json()).errors[0].field).toBe("service");
    expect((await send([1, 2, 3])).status).toBe(422);
    expect((await send({ service: "report-crime" })).status).toBe(422);
  });

  it("honours Idempotency-Key: the same key gives the same reference and one report", async () => {
    const before = await service.store.countReports();
    const first = await send(valid, { "idempotency-key": "contact-centre-call-42" });
    const again = await send(valid, { "idempotency-key": "contact-centre-call-42" });
    const both = await Promise.all([send(valid, { "idempotency-key": "app-77" }), send(valid, { "idempotency-key": "app-77" })]);
    expect(first.status).toBe(201);
    expect((await again.json()).reference).toBe((await first.json()).reference);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    const [a, b] = await Promise.all(both.map((r) => r.json()));
    expect(a.reference).toBe(b.reference);
    expect(await service.store.countReports()).toBe(before + 2);
  });

  it("keeps one force's idempotency keys apart from another's", async () => {
    const kent = await (await send(valid, { "idempotency-key": "shared-key" })).json();
    const essex = await (await send(valid, { "idempotency-key": "shared-key" }, "essex")).json();
    expect(essex.reference).toMatch(/^ESX-/);
    expect(essex.reference).not.toBe(kent.reference);
  });
});
