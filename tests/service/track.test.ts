import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { newApiKey } from "../../submit-service/delivery/api-keys.ts";
import { newReference } from "../../submit-service/reference.ts";
import { testService, type TestService } from "../helpers/service.ts";

const siteDir = inject("siteDir");
const valid = JSON.parse(readFileSync("tests/fixtures/api/report-crime.json", "utf8"));
let service: TestService;
const keys: Record<string, { key: string; id: string }> = {};
beforeAll(async () => {
  // Every lookup here comes from one client: its own limit is tested on a service of its own.
  service = await testService(siteDir, { trackLookupsPerMinute: 1000 });
  for (const force of ["kent", "essex"]) {
    const { key, id, keyHash } = newApiKey(force);
    await service.store.addApiKey({ id, forceId: force, keyHash, createdAt: service.now.value.toISOString() });
    keys[force] = { key, id };
  }
}, 60_000);
afterAll(() => service?.close());

/** A report made through the JSON API, by someone who gave sam@example.com. */
async function report(force = "kent", lang = "en", app = service.app): Promise<string> {
  const response = await app.request(`/api/v1/forces/${force}/reports`, { method: "POST", body: JSON.stringify({ ...valid, lang }), headers: { "content-type": "application/json" } });
  expect(response.status).toBe(201);
  return (await response.json()).reference;
}

const postEvent = (reference: string, body: unknown, force = "kent", key = keys[force]?.key, type = "application/json") =>
  service.app.request(`/api/v1/forces/${force}/reports/${reference}/events`, {
    method: "POST",
    body: typeof body === "string" ? body : JSON.stringify(body),
    headers: { "content-type": type, ...(key ? { authorization: `Bearer ${key}` } : {}) },
  });

/** The track page's form sent as a browser sends it. */
const lookUp = (fields: Record<string, string>, url = "/kent/track/", app = service.app) =>
  app.request(url, { method: "POST", body: new URLSearchParams(fields).toString(), headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://localhost" } });

/** What the person reads: the page's text, without tags. */
const words = (html: string) => html.replace(/<script[\s\S]*?<\/script>/g, "").replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");

describe("status events, through the force's API", () => {
  it("takes being looked at and closed from the report's own force, each once, audited, and answers with the report's statuses", async () => {
    const reference = await report();
    const looked = await postEvent(reference, { status: "being-looked-at" });
    expect(looked.status).toBe(201);
    expect(await looked.json()).toEqual({
      reference,
      status: "being-looked-at",
      statuses: [
        { status: "received", at: expect.any(String), message: null },
        { status: "acknowledged", at: service.now.value.toISOString(), message: null },
        { status: "being-looked-at", at: service.now.value.toISOString(), message: null },
      ],
    });
    const again = await postEvent(reference.toLowerCase(), { status: "being-looked-at" });
    expect(again.status).toBe(200);
    expect((await again.json()).statuses).toHaveLength(3);

    const closing = { status: "closed", message: "An officer has spoken to the shop.\r\nNo further action will be taken." };
    const closed = await postEvent(reference, closing);
    expect(closed.status).toBe(201);
    expect((await closed.json()).statuses.at(-1)).toEqual({ status: "closed", at: expect.any(String), message: "An officer has spoken to the shop.\nNo further action will be taken." });
    expect((await postEvent(reference, closing)).status).toBe(200);

    const reopened = await postEvent(reference, { status: "being-looked-at" });
    expect(reopened.status).toBe(409);
    expect(reopened.headers.get("content-type")).toBe("application/problem+json");
    expect(await reopened.json()).toMatchObject({ status: 409, title: "This report is closed" });
    expect((await postEvent(reference, { ...closing, message: "Other words" })).status).toBe(409);

    const trail = (await service.store.auditTrail(reference)).filter((e) => e.action === "status");
    expect(trail).toHaveLength(6);
    expect(trail.every((e) => e.actor === keys.kent.id && e.forceId === "kent" && e.route === `POST /api/v1/forces/kent/reports/${e.route.split("/")[6]}/events`)).toBe(true);
  });

  it("refuses every other force's key, no key, and a report that is not the force's or not there", async () => {
    const reference = await report();
    const essex = await report("essex");
    const table: [string, string | undefined, number][] = [
      [`/api/v1/forces/kent/reports/${reference}/events`, keys.essex.key, 403],
      [`/api/v1/forces/kent/reports/${reference}/events`, undefined, 401],
      [`/api/v1/forces/kent/reports/${reference}/events`, "fck_kent_not-a-real-key", 401],
      [`/api/v1/forces/essex/reports/${reference}/events`, keys.essex.key, 404],
      [`/api/v1/forces/kent/reports/KNT-0000-0000/events`, keys.kent.key, 404],
      [`/api/v1/forces/kent/reports/not-a-reference/events`, keys.kent.key, 404],
      [`/api/v1/forces/kent/reports/${essex}/events`, keys.kent.key, 404],
    ];
    for (const [url, key, status] of table) {
      const response = await service.app.request(url, { method: "POST", body: JSON.stringify({ status: "closed" }), headers: { "content-type": "application/json", ...(key ? { authorization: `Bearer ${key}` } : {}) } });
      expect(response.status, url).toBe(status);
      expect(response.headers.get("content-type"), url).toBe("application/problem+json");
    }
    expect(await service.store.statusEvents(reference)).toEqual([]);
    expect(await service.store.statusEvents(essex)).toEqual([]);
    expect((await service.store.auditTrail(reference)).map((e) => e.action)).toContain("forbidden");
  });

  it("says what is wrong with a status change, field by field, and keeps nothing of it", async () => {
    const reference = await report();
    const cases: [unknown, string, string][] = [
      [{ status: "lost" }, "status", 'is required: one of "acknowledged", "being-looked-at", "closed"'],
      [{}, "status", 'is required: one of "acknowledged", "being-looked-at", "closed"'],
      [{ status: "received" }, "status", '"received" is the report\'s from when it was sent and cannot be posted: use one of "acknowledged", "being-looked-at", "closed"'],
      [{ status: "being-looked-at", message: "We are on it" }, "message", 'is only for "closed": what the force chose to say on closing the report'],
      [{ status: "closed", message: "x".repeat(1001) }, "message", "must be 1000 characters or fewer (it is 1001)"],
      [{ status: "closed", message: "Closed\u0007" }, "message", "must be plain text: it holds a control character (only line breaks are allowed)"],
      [{ status: "closed", message: "Closed \u202eevil" }, "message", "must be plain text: it holds an invisible or direction-changing character, or half of one"],
      [{ status: "closed", message: 42 }, "message", "must be text"],
      [{ status: "closed", message: "   " }, "message", "is blank: leave it out to close the report without words"],
      [{ status: "closed", note: "hi" }, "note", "is not a field of a status change (status and message are)"],
      [["closed"], "", "must be an object with status (and, on closing, message)"],
    ];
    for (const [body, field, message] of cases) {
      const response = await postEvent(reference, body);
      expect(response.status, JSON.stringify(body).slice(0, 60)).toBe(422);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
      expect(await response.json()).toMatchObject({ status: 422, title: "The status change is not valid", errors: [{ field, message }] });
    }
    const notJson = await postEvent(reference, "{status:");
    expect(notJson.status).toBe(400);
    expect((await postEvent(reference, "status=closed", "kent", keys.kent.key, "application/x-www-form-urlencoded")).status).toBe(415);
    expect(await service.store.statusEvents(reference)).toEqual([]);
    expect((await service.store.getReport(reference))!.acknowledgedAt).toBeNull();
  });
});

describe("the track page", () => {
  it("is linked from every page of a force, and fills in the reference from the receipt's link", async () => {
    const home = readFileSync(`${siteDir}/kent/index.html`, "utf8");
    expect(home).toContain('href="/kent/track/"');
    expect(readFileSync(`${siteDir}/gwent/cy/index.html`, "utf8")).toContain('href="/gwent/cy/dilyn/"');
    const reference = await report();
    const page = await service.app.request(`/kent/track/?reference=${reference.toLowerCase().replaceAll("-", "")}`);
    expect(page.status).toBe(200);
    expect(page.headers.get("cache-control")).toBe("no-store");
    const html = await page.text();
    expect(html).toContain(`value="${reference}"`);
    expect(html).toMatch(/<input[^>]+id="email"[^>]+type="email"/);
    expect(words(html)).toContain("Track your report");
    // Anything else in the link is not put in the page.
    expect(await (await service.app.request(`/kent/track/?reference=${encodeURIComponent('"><script>alert(1)</script>')}`)).text()).not.toContain("alert(1)");
  });

  it("shows the report's statuses, with the force's words escaped, to whoever gives its reference and email, and never its answers", async () => {
    const reference = await report();
    await service.app.request(`/api/v1/forces/kent/reports/${reference}/acknowledge`, { method: "POST", headers: { authorization: `Bearer ${keys.kent.key}` } });
    await postEvent(reference, { status: "being-looked-at" });
    await postEvent(reference, { status: "closed", message: "We found the <b>bicycle</b>.\nCollect it from Maidstone police station." });
    const response = await lookUp({ reference: reference.toLowerCase(), email: "  Sam@Example.com " });
    expect(response.status).toBe(200);
    const html = await response.text();
    const text = words(html);
    for (const shown of ["The status of your report", `Reference ${reference}`, "Received", "Acknowledged by Kent Police", "Being looked at", "Closed", "What Kent Police said"]) expect(text).toContain(shown);
    expect(html).toContain("We found the &lt;b&gt;bicycle&lt;/b&gt;.<br>Collect it from Maidstone police station.");
    expect(html).not.toContain("<b>bicycle</b>");
    // None of the answers, not even the address just typed.
    const { "full-name": name, "crime-location": place, "crime-postcode": postcode, "what-happened": story, email } = valid.answers;
    for (const answer of [name, place, postcode, story, valid.answers["stolen-items"][0]["item-description"], email]) expect(html).not.toContain(answer);
    expect(html.toLowerCase()).not.toContain("sam@example.com");
  });

  it("gives the number of the report's own force for telling it something new: 101 for Kent, 0800 40 50 40 for BTP", async () => {
    const kent = words(await (await lookUp({ reference: await report(), email: "sam@example.com" })).text());
    expect(kent).toContain("call 101 (calls are free) and give your reference");
    expect(kent).toContain("Non-emergency: call 101");
    // On BTP's site the crime happened on the railway (so there is no force-area question to answer).
    const { "in-force-area": _notAsked, ...railway } = { ...valid.answers, "on-the-railway": "yes" };
    const made = await service.app.request("/api/v1/forces/btp/reports", { method: "POST", body: JSON.stringify({ ...valid, answers: railway }), headers: { "content-type": "application/json" } });
    expect(made.status).toBe(201);
    const btp = words(await (await lookUp({ reference: (await made.json()).reference, email: "sam@example.com" }, "/btp/track/")).text());
    expect(btp).toContain("call 0800 40 50 40 (calls are free) and give your reference");
    expect(btp).toContain("Non-emergency: call 0800 40 50 40");
    expect(btp).not.toContain("call 101");
  });

  it("gives an unknown reference, a wrong email and another force's reference the very same answer", async () => {
    const reference = await report();
    const essex = await report("essex");
    const unknown = "KNT-0000-0000";
    const answers = [
      await lookUp({ reference, email: "someone.else@example.com" }),
      await lookUp({ reference: unknown, email: "sam@example.com" }),
      await lookUp({ reference: essex, email: "sam@example.com" }),
    ];
    const pages = await Promise.all(answers.map(async (r, i) => ({ status: r.status, html: (await r.text()).replaceAll([reference, unknown, essex][i], "REFERENCE") })));
    expect(pages.map((p) => p.status)).toEqual([404, 404, 404]);
    expect(pages[1].html).toBe(pages[0].html);
    expect(pages[2].html).toBe(pages[0].html);
    expect(words(pages[0].html)).toContain("We could not find a report with that reference and email address. Check both and try again.");
    expect(pages[0].html).toContain('<title>Error: Track your report');
    expect(pages[0].html).not.toContain("someone.else");
  });

  it("says what is missing or mistyped before looking anything up", async () => {
    const blank = await lookUp({ reference: "", email: "" });
    expect(blank.status).toBe(422);
    const text = words(await blank.text());
    expect(text).toContain("Enter your reference");
    expect(text).toContain("Enter the email address you gave in your report");
    const mistyped = await lookUp({ reference: "KNT-1234", email: "sam@example.com" });
    expect(words(await mistyped.text())).toContain("Enter your reference as it was given to you, like KNT-7Q2M-4XZ9");
  });

  it("stops a reference being tried with more than five wrong addresses for an hour, known or not, whoever asks", async () => {
    const reference = await report();
    for (const unknownOrNot of [reference, newReference("KNT")]) {
      for (let i = 0; i < 5; i++) expect((await lookUp({ reference: unknownOrNot, email: `guess${i}@example.com` })).status).toBe(404);
      const refused = await lookUp({ reference: unknownOrNot, email: "sam@example.com" });
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(3000);
      expect(words(await refused.text())).toContain("There have been too many tries to find this report. Wait 60 minutes and try again.");
    }
    service.now.value = new Date(service.now.value.getTime() + 61 * 60_000);
    expect((await lookUp({ reference, email: "sam@example.com" })).status).toBe(200);
  });

  it("limits the lookups one client makes a minute", async () => {
    const limited = await testService(siteDir, { trackLookupsPerMinute: 3 });
    try {
      const reference = await report("kent", "en", limited.app);
      for (let i = 0; i < 3; i++) expect((await lookUp({ reference, email: "sam@example.com" }, "/kent/track/", limited.app)).status).toBe(200);
      const refused = await lookUp({ reference, email: "sam@example.com" }, "/kent/track/", limited.app);
      expect(refused.status).toBe(429);
      expect(refused.headers.get("retry-after")).toBe("60");
      expect(words(await refused.text())).toContain("You have looked up too many reports. Wait a minute and try again.");
    } finally {
      await limited.close();
    }
  });

  it("records that the person wants an email when the status changes, from the result page's own button, and stops when asked", async () => {
    const reference = await report();
    const first = await (await lookUp({ reference, email: "sam@example.com" })).text();
    expect(words(first)).toContain("Email me when the status changes");
    const hidden = (name: string) => new RegExp(`name="${name}" value="([^"]+)"`).exec(first)![1];
    const button = { reference: hidden("reference"), until: hidden("until"), proof: hidden("proof") };
    const on = await lookUp({ ...button, emails: "on" });
    expect(on.status).toBe(200);
    expect(words(await on.text())).toContain("We will email you at the address you gave when the status of this report changes.");
    expect(await service.store.wantsStatusEmails(reference)).toBe(true);
    // A forged or stale button is a failed lookup like any other.
    expect((await lookUp({ ...button, proof: button.proof.replace(/^./, (c) => (c === "A" ? "B" : "A")), emails: "off" })).status).toBe(404);
    service.now.value = new Date(service.now.value.getTime() + 31 * 60_000);
    expect((await lookUp({ ...button, emails: "off" })).status).toBe(404);
    expect(await service.store.wantsStatusEmails(reference)).toBe(true);
    const again = await (await lookUp({ reference, email: "sam@example.com" })).text();
    const stop = { reference, until: /name="until" value="([^"]+)"/.exec(again)![1], proof: /name="proof" value="([^"]+)"/.exec(again)![1], emails: "off" };
    expect(words(await (await lookUp(stop)).text())).toContain("We will not email you about this report.");
    expect(await service.store.wantsStatusEmails(reference)).toBe(false);
  });

  it("never offers emails about a report on a sensitive service, though its status is shown", async () => {
    const { reference } = await service.store.submit({
      forceId: "kent",
      forceCode: "KNT",
      serviceId: "report-domestic-abuse",
      category: "domestic-abuse",
      lang: "en",
      answers: { "contact-method": "email", "safe-email": "safe@example.com" },
      path: ["contact-you-safely"],
      priority: "standard",
      submittedAt: service.now.value.toISOString(),
    });
    const shown = await lookUp({ reference, email: "safe@example.com" });
    expect(shown.status).toBe(200);
    const html = await shown.text();
    expect(words(html)).toContain("Received");
    expect(words(html)).toContain("Come back to this page to see if anything changes.");
    expect(html).not.toContain('name="proof"');
    expect(await (await lookUp({ reference, email: "other@example.com" })).text()).not.toContain("Received");
  });

  it("is in Welsh at /<force>/cy/dilyn/ for a force that publishes in Welsh, and not there for one that does not", async () => {
    const reference = await report("gwent", "cy");
    const form = await service.app.request("/gwent/cy/dilyn/");
    expect(form.status).toBe(200);
    const formHtml = await form.text();
    expect(formHtml).toContain('<html lang="cy"');
    expect(words(formHtml)).toContain("Dilyn eich adroddiad");
    expect(formHtml).toContain('hreflang="en" href="/gwent/track/"');
    const shown = await lookUp({ reference, email: "sam@example.com" }, "/gwent/cy/dilyn/");
    expect(shown.status).toBe(200);
    const text = words(await shown.text());
    expect(text).toContain("Statws eich adroddiad");
    expect(text).toContain("Wedi dod i law");
    expect((await service.app.request("/kent/cy/dilyn/")).status).toBe(404);
  });
});
