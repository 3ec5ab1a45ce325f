import { readFileSync } from "node:fs";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { happyPath, Visitor } from "../helpers/journey.ts";
import { testService, type TestService } from "../helpers/service.ts";

const siteDir = inject("siteDir");
const validReport = readFileSync("tests/fixtures/api/report-crime.json", "utf8");
let service: TestService;
beforeAll(async () => (service = await testService(siteDir)), 60_000);
afterAll(() => service?.close());

/** Nothing stored: no report and no draft (a draft is only kept for a page whose answers were accepted). */
let reportsBefore = 0;
beforeEach(async () => (reportsBefore = await service.store.countReports()));
const nothingStored = async () => expect(await service.store.countReports()).toBe(reportsBefore);

const firstPage = { "in-danger": "no", "crime-type": "theft" };
const post = (path: string, body: string, headers: Record<string, string>) => service.app.request(path, { method: "POST", body, headers: { origin: "http://localhost", ...headers } });
const form = { "content-type": "application/x-www-form-urlencoded" };
const json = { "content-type": "application/json" };

describe("bad input gets a clear answer and nothing is stored", () => {
  it.each([
    ["a malformed JSON body", "/api/v1/forces/kent/reports", "{ not json", json, 400],
    ["a body over the limit", "/kent/report/report-crime/", `what-happened=${"x".repeat(70_000)}`, form, 413],
    ["a form sent as plain text", "/kent/report/report-crime/", "in-danger=no", { "content-type": "text/plain" }, 415],
    ["a form sent as JSON", "/kent/report/report-crime/", JSON.stringify(firstPage), json, 415],
    ["the API sent a form", "/api/v1/forces/kent/reports", "service=report-crime", form, 415],
    ["an unknown force", "/atlantis/report/report-crime/", "in-danger=no", form, 404],
    ["an unknown service", "/kent/report/report-alien-abduction/", "in-danger=no", form, 404],
    ["an unknown step", "/kent/report/report-crime/astrology/", "in-danger=no", form, 404],
    ["a Welsh page of an English-only force", "/kent/cy/report/report-crime/", "in-danger=no", form, 404],
    ["the API for an unknown force", "/api/v1/forces/atlantis/reports", validReport, json, 404],
    ["a form posted from another site", "/kent/report/report-crime/", "in-danger=no&crime-type=theft", { ...form, origin: "https://evil.example" }, 403],
    ["the hidden field only robots fill in", "/kent/report/report-crime/", "in-danger=no&crime-type=theft&website=http%3A%2F%2Fspam", form, 400],
  ])("%s → %i", async (_case, path, body, headers, status) => {
    const response = await post(path, body, headers as Record<string, string>);
    expect(response.status).toBe(status);
    expect(await response.text()).not.toMatch(/\n\s+at /);
    expect(response.headers.get("set-cookie")).toBeNull();
    await nothingStored();
  });

  it("a step posted out of order, with no report started, says the report timed out", async () => {
    const response = await new Visitor(service.app).post("/kent/report/report-crime/what-happened/", { "what-happened": "A thing" });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/kent/report/report-crime/timed-out/");
    await nothingStored();
  });

  it("a step posted out of order in a report in progress goes to the page the report has reached", async () => {
    const visitor = new Visitor(service.app);
    await visitor.post("/kent/report/report-crime/", firstPage);
    const response = await visitor.post("/kent/report/report-crime/what-happened/", { "what-happened": "A thing" });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/kent/report/report-crime/railway/");
    expect(await (await visitor.get("/kent/report/report-crime/check-answers/")).headers.get("location")).toBe("/kent/report/report-crime/railway/");
  });

  it("sending before the report is complete goes to the missing page, and stores nothing", async () => {
    const visitor = new Visitor(service.app);
    await visitor.post("/kent/report/report-crime/", firstPage);
    const response = await visitor.post("/kent/report/report-crime/check-answers/", {});
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/kent/report/report-crime/railway/");
    await nothingStored();
  });

  it("a forged draft cookie is ignored: the later page says the report timed out", async () => {
    const visitor = new Visitor(service.app);
    await visitor.post("/kent/report/report-crime/", firstPage);
    visitor.setCookie("fc_draft", "/kent/report/report-crime/", "someone-elses-draft.Zm9yZ2Vk");
    const response = await visitor.post("/kent/report/report-crime/railway/", { "on-the-railway": "no" });
    expect(response.headers.get("location")).toBe("/kent/report/report-crime/timed-out/");
  });

  it("an expired draft is not used after 24 hours, and is purged", async () => {
    const visitor = new Visitor(service.app);
    await visitor.post("/kent/report/report-crime/", firstPage);
    const saved = service.now.value;
    service.now.value = new Date(saved.getTime() + 25 * 3_600_000);
    try {
      const response = await visitor.post("/kent/report/report-crime/railway/", { "on-the-railway": "no" });
      expect(response.headers.get("location")).toBe("/kent/report/report-crime/timed-out/");
      expect(await service.store.purgeDrafts(service.now.value.toISOString())).toBeGreaterThanOrEqual(1);
    } finally {
      service.now.value = saved;
    }
  });

  it("overlong and impossible answers are refused with their messages", async () => {
    const visitor = new Visitor(service.app);
    await visitor.post("/kent/report/report-crime/", firstPage);
    await visitor.post("/kent/report/report-crime/railway/", { "on-the-railway": "no" });
    await visitor.post("/kent/report/report-crime/force-area/", { "in-force-area": "yes" });
    // Refused pages are shown after a redirect to themselves (Post/Redirect/Get).
    const impossible = await visitor.post("/kent/report/report-crime/when-it-happened/", { "date-of-crime-day": "30", "date-of-crime-month": "2", "date-of-crime-year": "2026" });
    expect(impossible.headers.get("location")).toBe("/kent/report/report-crime/when-it-happened/");
    expect(await (await visitor.get("/kent/report/report-crime/when-it-happened/")).text()).toContain("must be a real date");
    await visitor.post("/kent/report/report-crime/when-it-happened/", { "date-of-crime-day": "1", "date-of-crime-month": "11", "date-of-crime-year": "2026" });
    const overlong = await visitor.post("/kent/report/report-crime/where-it-happened/", { "crime-location": "x".repeat(5000), "crime-postcode": "ME14 1XX" });
    expect(overlong.headers.get("location")).toBe("/kent/report/report-crime/where-it-happened/");
    expect(await (await visitor.get("/kent/report/report-crime/where-it-happened/")).text()).toMatch(/characters or less/);
  });

  it("a script typed as a name is refused with a clear message, in the form and on the API, and nothing is stored", async () => {
    const script = '<script>alert("x")</script>';
    const crime = JSON.parse(readFileSync("content/services/report-crime/service.json", "utf8"));
    const visitor = new Visitor(service.app);
    let refused: Response | undefined;
    for (const { step, form: answers } of happyPath(crime)) {
      const url = step.id === crime.steps[0].id ? "/kent/report/report-crime/" : `/kent/report/report-crime/${step.id}/`;
      if ("full-name" in answers) {
        refused = await visitor.post(url, { ...answers, "full-name": script });
        break;
      }
      await visitor.post(url, answers);
    }
    expect(refused, "report-crime asks for a full name").toBeDefined();
    const page = refused!.status === 303 ? await (await visitor.get(refused!.headers.get("location")!)).text() : await refused!.text();
    expect(page).toContain("must not include &lt; or &gt; or hidden characters");
    expect(page).not.toContain(script);
    const payload = JSON.parse(validReport);
    payload.answers["full-name"] = script;
    const response = await service.app.request("/api/v1/forces/kent/reports", { method: "POST", body: JSON.stringify(payload), headers: json });
    expect(response.status).toBe(422);
    expect(JSON.stringify(await response.json())).toContain("must not include < or > or hidden characters");
    await nothingStored();
  });

  it("a script typed into an account is kept as typed and shown as text, never run", async () => {
    const script = '<script>alert("x")</script>';
    const crime = JSON.parse(readFileSync("content/services/report-crime/service.json", "utf8"));
    const visitor = new Visitor(service.app);
    for (const { step, form: answers } of happyPath(crime)) {
      const url = step.id === crime.steps[0].id ? "/kent/report/report-crime/" : `/kent/report/report-crime/${step.id}/`;
      await visitor.post(url, "what-happened" in answers ? { ...answers, "what-happened": script } : answers);
    }
    const check = await (await visitor.get("/kent/report/report-crime/check-answers/")).text();
    expect(check).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(check).not.toContain(script);
    const payload = JSON.parse(validReport);
    payload.answers["what-happened"] = script;
    const response = await service.app.request("/api/v1/forces/kent/reports", { method: "POST", body: JSON.stringify(payload), headers: json });
    const { reference } = await response.json();
    expect((await service.store.getReport(reference))!.answers["what-happened"]).toBe(script);
  });


  it("too many posts from one client are answered 429 with Retry-After", async () => {
    const limited = await testService(siteDir, { rateLimitPerMinute: 3 });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await new Visitor(limited.app).post("/kent/report/report-crime/", firstPage)).status);
      expect(statuses).toEqual([303, 303, 303, 429, 429]);
      const refused = await new Visitor(limited.app).post("/kent/report/report-crime/", firstPage);
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    } finally {
      await limited.close();
    }
  });

  it("an overloaded service answers 503 with Retry-After rather than hanging", async () => {
    const overloaded = await testService(siteDir, { maxPendingWrites: -1 });
    try {
      const response = await new Visitor(overloaded.app).post("/kent/report/report-crime/", firstPage);
      expect(response.status).toBe(503);
      expect(response.headers.get("retry-after")).toBe("2");
      expect(await overloaded.store.countReports()).toBe(0);
    } finally {
      await overloaded.close();
    }
  });
});

describe("the build's own records", () => {
  it("are not served: the manifest under /.front-counter/ is not found", async () => {
    const response = await service.app.request("/.front-counter/manifest.json");
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain("validators");
  });
});

describe("headers on every response", () => {
  it.each(["/kent/", "/kent/report/report-crime/", "/assets/" + "missing.css"])("%s carries a strict CSP, HSTS, nosniff, Referrer-Policy and frame-ancestors none, asked for once or again", async (path) => {
    // The second time a page is asked for it is answered from memory ahead of the app (static-files.ts, replay).
    for (const time of ["first", "again"]) {
      const response = await service.app.request(path);
      const csp = response.headers.get("content-security-policy");
      expect(csp, time).toContain("frame-ancestors 'none'");
      expect(csp, time).not.toContain("unsafe-inline");
      expect(response.headers.get("strict-transport-security"), time).toContain("max-age=");
      expect(response.headers.get("x-content-type-options"), time).toBe("nosniff");
      expect(response.headers.get("referrer-policy"), time).toBe("same-origin");
    }
  });

  it("serves static files compressed, and fingerprinted files cacheable for a year", async () => {
    const page = await service.app.request("/kent/", { headers: { "accept-encoding": "br, gzip" } });
    expect(page.headers.get("content-encoding")).toBe("br");
    expect(page.headers.get("vary")).toContain("Accept-Encoding");
    expect(page.headers.get("cache-control")).toBe("public, max-age=0, must-revalidate");
    expect((await service.app.request("/kent/", { headers: { "accept-encoding": "gzip" } })).headers.get("content-encoding")).toBe("gzip");
    const stylesheet = /href="(\/assets\/front-counter\.[0-9a-f]+\.css)"/.exec(await (await service.app.request("/kent/")).text())![1];
    const asset = await service.app.request(stylesheet, { headers: { "accept-encoding": "br" } });
    expect(asset.headers.get("content-encoding")).toBe("br");
    expect(asset.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
  });

  it("never lets a page holding answers be cached, nor answers it with the page everyone gets", async () => {
    for (let time = 0; time < 2; time++) expect((await service.app.request("/kent/report/report-crime/")).headers.get("cache-control")).toContain("max-age=0");
    const visitor = new Visitor(service.app);
    await visitor.post("/kent/report/report-crime/", firstPage);
    const mine = await visitor.get("/kent/report/report-crime/");
    expect(mine.headers.get("cache-control")).toBe("no-store");
    // Their own answer is on the page, chosen.
    expect(await mine.text()).toMatch(/value="theft"[^>]*checked/);
    expect((await service.app.request("/kent/report/report-crime/")).headers.get("cache-control")).toContain("max-age=0");
  });
});
