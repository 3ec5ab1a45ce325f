/**
 * Save and come back later, as a person without JavaScript meets it: a report saved half-way, the link that
 * arrives through a real SMTP server on loopback, the report carried on in another browser and sent; and the
 * links that must not work (forged, reused, expired, after five wrong addresses), the reminder, the limits.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { smtpSender } from "../../submit-service/email/smtp.ts";
import { emailWorker } from "../../submit-service/email/worker.ts";
import { remindSavedReports } from "../../submit-service/journey/save-return.ts";
import { serviceDefinition } from "../helpers/a11y.ts";
import { happyPath, referencePattern, Visitor } from "../helpers/journey.ts";
import { serviceSite, testService, type TestService } from "../helpers/service.ts";
import { MailServer } from "../helpers/smtp.ts";

// Every page here is rendered by the service: no built site is needed.
const siteDir = mkdtempSync(path.join(os.tmpdir(), "front-counter-save-site-"));
const publicOrigin = "https://reports.example.police.uk";
const crime = serviceDefinition("report-crime");
const start = "/kent/report/report-crime/";
const steps = happyPath(crime);

let service: TestService;
let mail: MailServer;
let send: () => Promise<number>;
beforeAll(async () => {
  // A relay on this machine, without TLS: the SMTP adapter's explicit setting for a local relay.
  mail = new MailServer();
  await mail.start();
  service = await testService(siteDir, {}, undefined, { publicOrigin, inboxes: new Map() });
  const { locales } = await serviceSite();
  const sender = smtpSender({ host: "127.0.0.1", port: mail.port, from: "no-reply@reports.example.police.uk", requireTls: false, timeoutMs: 5_000 }, locales);
  const worker = emailWorker({ store: service.store, sender, clock: () => service.now.value, logger: { info() {}, error() {} }, horizonMs: 3_600_000, timeoutMs: 5_000 });
  send = () => worker.runOnce();
}, 60_000);
afterAll(async () => {
  await mail?.stop();
  await service?.close();
  rmSync(siteDir, { recursive: true, force: true });
});
afterEach(() => {
  mail.mails = [];
});

const remind = async () => remindSavedReports({ store: service.store, site: await serviceSite(), clock: () => service.now.value });
const later = (ms: number) => (service.now.value = new Date(service.now.value.getTime() + ms));
const urlOf = (i: number) => (i === 0 ? start : `${start}${steps[i].step.id}/`);

/** A person who answers the first `count` pages of a report of crime, as the happy path answers them. */
async function halfWay(count = 2): Promise<Visitor> {
  const visitor = new Visitor(service.app);
  for (let i = 0; i < count; i++) expect((await visitor.post(urlOf(i), steps[i].form)).status).toBe(303);
  return visitor;
}

/** Saves the report for `address`; returns the page's text. */
async function save(visitor: Visitor, address: string): Promise<string> {
  const response = await visitor.post(`${start}save/`, { email: address });
  expect(response.status).toBe(200);
  return response.text();
}

/** The link in the email the worker sent to `address`, as a path. */
async function linkSentTo(address: string): Promise<string> {
  await send();
  const [message] = mail.to(address);
  expect(message, `an email to ${address}`).toBeDefined();
  const found = /https:\/\/reports\.example\.police\.uk(\/kent\/report\/report-crime\/resume\/\?link=[A-Za-z0-9_-]{43})\b/.exec(message.text);
  expect(found, message.text).not.toBeNull();
  return found![1];
}

describe("save and come back later", () => {
  it("offers to save once a report is under way, sends a link, and the report carries on from it in another browser", async () => {
    const first = await halfWay();
    const page = await (await first.get(urlOf(2))).text();
    expect(page).toContain(`href="${start}save/"`);
    expect(page).toContain("Save and come back later");
    const asked = await (await first.get(`${start}save/`)).text();
    expect(asked).toContain("We will email you a link to carry on with your report. The link works once, for 7 days.");
    const sent = await save(first, "Sam.Saver@example.com");
    expect(sent).toContain("Check your email");
    expect(sent).toContain("We have sent a link to Sam.Saver@example.com. It works once, until 4 December 2026.");

    const path = await linkSentTo("Sam.Saver@example.com");
    const [message] = mail.to("Sam.Saver@example.com");
    expect(message.subject).toBe("Your saved report to Kent Police");
    // Nothing of what is being reported is in the email.
    expect(message.text.replace(`${publicOrigin}${path}`, "")).not.toMatch(/crime|theft|stolen/i);

    const second = new Visitor(service.app);
    const confirm = await second.get(path);
    expect(confirm.status).toBe(200);
    expect(confirm.headers.get("cache-control")).toBe("no-store");
    expect(await confirm.text()).toContain("type the email address we sent the link to");
    // Typed again as people type: other capitals, spaces around it.
    const resumed = await second.post(path, { email: "  sam.saver@EXAMPLE.com " });
    expect(resumed.status).toBe(303);
    expect(resumed.headers.get("location")).toBe(urlOf(2));
    // The second browser carries on where the first left off, and sends the report.
    for (let i = 2; i < steps.length; i++) expect((await second.post(urlOf(i), steps[i].form)).status).toBe(303);
    expect((await second.post(`${start}check-answers/`, {})).headers.get("location")).toBe(`${start}confirmation/`);
    expect(await (await second.get(`${start}confirmation/`)).text()).toMatch(referencePattern);
    // The link was used: it does not work again, in either browser.
    const reused = await new Visitor(service.app).get(path);
    expect(reused.status).toBe(404);
    expect(await reused.text()).toContain("This link does not work");
  });

  it("stops a link after five wrong email addresses, saying how many tries are left", async () => {
    await save(await halfWay(), "five.tries@example.com");
    const path = await linkSentTo("five.tries@example.com");
    const someone = new Visitor(service.app);
    for (const left of [4, 3, 2, 1]) {
      const wrong = await someone.post(path, { email: "guess@example.com" });
      expect(wrong.status).toBe(200);
      expect(await wrong.text()).toContain(`After ${left} more wrong tries the link will stop working.`);
    }
    expect((await someone.post(path, { email: "guess@example.com" })).status).toBe(404);
    // The right address is too late now.
    const late = await someone.post(path, { email: "five.tries@example.com" });
    expect(late.status).toBe(404);
    expect(late.headers.getSetCookie()).toEqual([]);
  });

  it("refuses a forged or mangled link with the same page, and gives no cookie", async () => {
    for (const forged of [randomBytes(32).toString("base64url"), "not-a-token", "", "%00".repeat(50)]) {
      const response = await new Visitor(service.app).get(`${start}resume/?link=${forged}`);
      expect(response.status).toBe(404);
      expect(await response.text()).toContain("It may have been used already, have expired, or not been copied in full.");
      expect(response.headers.getSetCookie()).toEqual([]);
    }
  });

  it("reminds the person the day before, once, then the link and the report are gone", async () => {
    const visitor = await halfWay();
    await save(visitor, "remind.me@example.com");
    const path = await linkSentTo("remind.me@example.com");
    later(5 * 86_400_000);
    expect(await remind()).toBe(0);
    later(86_400_000 + 60_000);
    expect(await remind()).toBe(1);
    expect(await remind()).toBe(0);
    await send();
    const reminders = mail.to("remind.me@example.com").filter((m) => m.subject.includes("will be deleted"));
    expect(reminders.map((m) => m.subject)).toEqual(["Your saved report to Kent Police will be deleted on 4 December 2026"]);
    expect(reminders[0].text).toContain("use the link in the email we sent you on 27 November 2026");
    later(86_400_000);
    expect((await new Visitor(service.app).get(path)).status).toBe(404);
    await service.store.purgeDrafts(service.now.value.toISOString());
    // The first browser's report is gone too: its next page says it timed out.
    expect((await visitor.post(urlOf(2), steps[2].form)).headers.get("location")).toBe(`${start}timed-out/`);
  });

  it("ends the link once the report is sent from the first browser", async () => {
    const visitor = await halfWay();
    await save(visitor, "sent.anyway@example.com");
    const path = await linkSentTo("sent.anyway@example.com");
    for (let i = 2; i < steps.length; i++) expect((await visitor.post(urlOf(i), steps[i].form)).status).toBe(303);
    await visitor.post(`${start}check-answers/`, {});
    const response = await new Visitor(service.app).post(path, { email: "sent.anyway@example.com" });
    expect(response.status).toBe(404);
  });

  it("says there is nothing to save before the first answer, and checks the address", async () => {
    expect(await (await new Visitor(service.app).get(`${start}save/`)).text()).toContain("There is nothing to save yet");
    const visitor = await halfWay(1);
    expect(await save(visitor, "")).toContain("Enter your email address");
    expect(await save(visitor, "sam@")).toContain("Enter an email address in the correct format, like name@example.com");
    await send();
    expect(mail.mails.filter((m) => m.subject.startsWith("Your saved report"))).toEqual([]);
  });

  it("limits the links one report can ask for in an hour", async () => {
    const visitor = await halfWay(1);
    for (let i = 0; i < 5; i++) await save(visitor, `limit.${i}@example.com`);
    const refused = await visitor.post(`${start}save/`, { email: "limit.6@example.com" });
    expect(refused.status).toBe(429);
    expect(await refused.text()).toContain("You have asked for too many links.");
  });

  it("is not offered on a sensitive service, where nothing is emailed without asking", async () => {
    const abuse = new Visitor(service.app);
    const definition = serviceDefinition("report-domestic-abuse");
    const [first, second] = happyPath(definition);
    await abuse.post("/kent/report/report-domestic-abuse/", first.form);
    expect(await (await abuse.get(`/kent/report/report-domestic-abuse/${second.step.id}/`)).text()).not.toContain("Save and come back later");
    expect((await abuse.get("/kent/report/report-domestic-abuse/save/")).status).toBe(404);
  });

  it("works in Welsh, with the link and its email in Welsh", async () => {
    const gwent = serviceDefinition("report-crime");
    const cyStart = "/gwent/cy/report/report-crime/";
    const visitor = new Visitor(service.app);
    const [first] = happyPath(gwent);
    expect((await visitor.post(cyStart, first.form)).status).toBe(303);
    const response = await visitor.post(`${cyStart}save/`, { email: "cymraeg@example.com" });
    expect(await response.text()).toContain("Rydym wedi anfon dolen at cymraeg@example.com.");
    await send();
    const [message] = mail.to("cymraeg@example.com");
    expect(message.subject).toBe("Eich adroddiad wedi'i gadw i Heddlu Gwent");
    expect(message.text).toContain(`${publicOrigin}${cyStart}resume/?link=`);
  });
});
