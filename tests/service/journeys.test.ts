import { readFileSync, readdirSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { ServiceDefinition } from "../../lib/services/types.ts";
import { parseReference } from "../../submit-service/reference.ts";
import { completeReport as report, happyPath, referencePattern, Visitor } from "../helpers/journey.ts";
import { listen, testService, type TestService } from "../helpers/service.ts";

const siteDir = inject("siteDir");
const definitions: ServiceDefinition[] = readdirSync("content/services")
  .filter((d) => !d.endsWith(".json"))
  .map((d) => JSON.parse(readFileSync(`content/services/${d}/service.json`, "utf8")));
let service: TestService;
beforeAll(async () => (service = await testService(siteDir)), 60_000);
afterAll(() => service?.close());

describe("reporting without JavaScript", () => {
  it.each(definitions.map((d) => [d.id, d] as const))("%s: the whole report, page by page, reaches a reference that is stored", async (_id, definition) => {
    const reference = await report(new Visitor(service.app), "kent", definition);
    expect(reference).toMatch(/^KNT-/);
    expect(parseReference(reference.toLowerCase().replaceAll("-", ""))).toBe(reference);
    const stored = (await service.store.getReport(reference))!;
    expect(stored).toMatchObject({ forceId: "kent", serviceId: definition.id, category: definition.category, lang: "en" });
    expect(stored.path[0]).toBe(definition.steps[0].id);
    expect(stored.priority).toBe(definition.priority?.always ? "urgent" : stored.priority);
  });

  it("answers each step with 303 to the next page the triage chooses", async () => {
    const visitor = new Visitor(service.app);
    const response = await visitor.post("/kent/report/report-crime/", { "in-danger": "no", "crime-type": "fraud" });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/kent/report/report-crime/outcome/report-fraud/");
  });

  it("keeps the draft in a signed, httpOnly, SameSite=Lax cookie scoped to the service's folder", async () => {
    const visitor = new Visitor(service.app);
    const response = await visitor.post("/kent/report/report-crime/", { "in-danger": "no", "crime-type": "theft" });
    const cookie = response.headers.getSetCookie()[0];
    expect(cookie).toMatch(/^fc_draft=[^;]+\.[^;]+;/);
    expect(cookie).toContain("Path=/kent/report/report-crime/");
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Lax");
    expect(cookie).not.toContain("Secure");
    expect(cookie).not.toContain("theft");
  });

  it("re-renders a page with errors with what was typed kept", async () => {
    const visitor = new Visitor(service.app);
    const crime = definitions.find((d) => d.id === "report-crime")!;
    const [first, second, third, fourth] = happyPath(crime);
    for (const { step, form } of [first, second, third]) await visitor.post(step === crime.steps[0] ? "/kent/report/report-crime/" : `/kent/report/report-crime/${step.id}/`, form);
    const response = await visitor.post(`/kent/report/report-crime/${fourth.step.id}/`, { ...fourth.form, "date-of-crime-day": "31", "date-of-crime-month": "2", "date-of-crime-year": "2026" });
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain("There is a problem");
    expect(html).toMatch(/must be a real date/);
    expect(html).toMatch(/<title>\s*Error: /);
    expect(html).toMatch(/name="date-of-crime-day"[^>]*value="31"/);
  });

  it("brings a page back filled in when a report is in progress, and Change from check-answers re-routes the report", async () => {
    const visitor = new Visitor(service.app);
    const crime = definitions.find((d) => d.id === "report-crime")!;
    await report(new Visitor(service.app), "kent", crime); // another person's report does not interfere
    const path = happyPath(crime);
    for (const { step, form } of path) await visitor.post(step === crime.steps[0] ? "/kent/report/report-crime/" : `/kent/report/report-crime/${step.id}/`, form);
    const first = await (await visitor.get("/kent/report/report-crime/")).text();
    expect(first).toMatch(/id="crime-type"[^>]*value="theft"[^>]*checked|value="theft"[^>]*checked/);
    const check = await (await visitor.get("/kent/report/report-crime/check-answers/")).text();
    expect(check).toContain("What was stolen?");
    expect(check).toContain('href="/kent/report/report-crime/?change=yes"');

    const changed = await visitor.post("/kent/report/report-crime/", { "in-danger": "no", "crime-type": "criminal-damage", change: "yes" });
    expect(changed.headers.get("location")).toBe("/kent/report/report-crime/what-was-damaged/");
    await visitor.post("/kent/report/report-crime/what-was-damaged/", { "damage-description": "Window smashed" });
    const after = await (await visitor.get("/kent/report/report-crime/check-answers/")).text();
    expect(after).toContain("Window smashed");
    expect(after).not.toContain("What was stolen?");
  });

  it("gives the same reference for a report sent twice (double click, Back then Send, a retried request)", async () => {
    const visitor = new Visitor(service.app);
    const fraud = definitions.find((d) => d.id === "report-fraud")!;
    const before = await service.store.countReports();
    for (const { step, form } of happyPath(fraud)) await visitor.post(step === fraud.steps[0] ? "/kent/report/report-fraud/" : `/kent/report/report-fraud/${step.id}/`, form);
    const [a, b] = await Promise.all([visitor.post("/kent/report/report-fraud/check-answers/", {}), visitor.post("/kent/report/report-fraud/check-answers/", {})]);
    expect([a.status, b.status]).toEqual([303, 303]);
    const again = await visitor.post("/kent/report/report-fraud/check-answers/", {});
    expect(again.headers.get("location")).toBe("/kent/report/report-fraud/confirmation/");
    expect(await service.store.countReports()).toBe(before + 1);
  });

  it("keeps two reports of different services in two tabs apart", async () => {
    const visitor = new Visitor(service.app);
    await visitor.post("/kent/report/report-crime/", { "in-danger": "no", "crime-type": "theft" });
    await visitor.post("/kent/report/report-fraud/", { "fraud-triage": "vulnerable" });
    const crimePage = await (await visitor.get("/kent/report/report-crime/")).text();
    const fraudPage = await (await visitor.get("/kent/report/report-fraud/")).text();
    expect(crimePage).toMatch(/value="theft"[^>]*checked/);
    expect(fraudPage).toMatch(/value="vulnerable"[^>]*checked/);
    expect(crimePage).not.toMatch(/value="vulnerable"[^>]*checked/);
  });

  it("works the same through a real listening server, over HTTP", async () => {
    const server = await listen(service.app);
    try {
      const hate = definitions.find((d) => d.id === "report-hate-crime")!;
      const reference = await report(new Visitor(server.url), "btp", hate);
      expect(reference).toMatch(/^BTP-/);
      expect((await service.store.getReport(reference))!.priority).toBe("urgent");
    } finally {
      await server.close();
    }
  });

  it("completes a report in Welsh on a bilingual force's Welsh pages", async () => {
    const crime = definitions.find((d) => d.id === "report-crime")!;
    const reference = await report(new Visitor(service.app), "gwent", crime, "/gwent/cy/");
    expect((await service.store.getReport(reference))!.lang).toBe("cy");
  });
});

describe("in Welsh", () => {
  it("switching language mid-report keeps the draft, and errors, dates and check-answers come in the page's language", async () => {
    const visitor = new Visitor(service.app);
    const crime = definitions.find((d) => d.id === "report-crime")!;
    const path = happyPath(crime);
    // Start in English…
    for (const { step, form } of path.slice(0, 3)) await visitor.post(step === crime.steps[0] ? "/gwent/report/report-crime/" : `/gwent/report/report-crime/${step.id}/`, form);
    // …switch to Welsh: the page the report has reached, in Welsh, still knows the earlier answers.
    const firstInWelsh = await (await visitor.get("/gwent/cy/report/report-crime/")).text();
    expect(firstInWelsh).toContain('lang="cy"');
    expect(firstInWelsh).toMatch(/value="theft"[^>]*checked/);
    const wrong = await visitor.post("/gwent/cy/report/report-crime/when-it-happened/", { "date-of-crime-day": "31", "date-of-crime-month": "2", "date-of-crime-year": "2026" });
    expect(wrong.status).toBe(422);
    const errorPage = await wrong.text();
    expect(errorPage).toContain("Mae problem wedi codi");
    expect(errorPage).toContain("Gwall:");
    for (const { step, form } of path.slice(3)) await visitor.post(`/gwent/cy/report/report-crime/${step.id}/`, form);
    const check = await (await visitor.get("/gwent/cy/report/report-crime/check-answers/")).text();
    expect(check).toContain("Gwirio eich atebion");
    expect(check).toContain("20 Tachwedd 2026");
    expect(check).toContain('href="/gwent/report/report-crime/check-answers/"');
    await visitor.post("/gwent/cy/report/report-crime/check-answers/", {});
    const confirmation = await (await visitor.get("/gwent/cy/report/report-crime/confirmation/")).text();
    const reference = referencePattern.exec(confirmation)![1];
    expect(confirmation).toContain("Eich cyfeirnod");
    expect((await service.store.getReport(reference))!.lang).toBe("cy");
  });
});
