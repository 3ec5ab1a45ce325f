import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { validatePayload } from "../../lib/delivery/validate-payload.ts";
import type { EmailSender } from "../../submit-service/email/message.ts";
import { notifySender } from "../../submit-service/email/notify.ts";
import type { NotifyTemplates } from "../../submit-service/email/notify.ts";
import { smtpSender } from "../../submit-service/email/smtp.ts";
import { emailWorker } from "../../submit-service/email/worker.ts";
import { readSettings } from "../../submit-service/settings.ts";
import { NotifyStandIn } from "../helpers/notify-stand-in.ts";
import { serviceSite, testService, type TestService } from "../helpers/service.ts";
import { MailServer, selfSignedCertificate } from "../helpers/smtp.ts";
import valid from "../fixtures/api/report-crime.json" with { type: "json" };

// The API and the email worker need no built pages: the service's site folder is an empty one.
const siteDir = mkdtempSync(path.join(os.tmpdir(), "front-counter-email-site-"));
const publicOrigin = "https://reports.example.police.uk";
const essexInbox = "crime-reports@essex.example.police.uk";

let service: TestService;
let tls: { key: string; cert: string };
let mail: MailServer;
beforeAll(async () => {
  tls = await selfSignedCertificate();
  mail = new MailServer(tls);
  await mail.start();
  service = await testService(siteDir, {}, undefined, { publicOrigin, inboxes: new Map([["essex", essexInbox]]) });
}, 60_000);
afterAll(async () => {
  await mail?.stop();
  await service?.close();
  rmSync(siteDir, { recursive: true, force: true });
});
afterEach(() => {
  mail.mails = [];
});

const later = (ms: number) => (service.now.value = new Date(service.now.value.getTime() + ms));

/** The SMTP adapter, to the test's mail server (or another port), trusting the test's certificate. */
async function sender(port = mail.port): Promise<EmailSender> {
  const { locales } = await serviceSite();
  return smtpSender({ host: "127.0.0.1", port, from: "Front Counter <no-reply@reports.example.police.uk>", requireTls: true, ca: tls.cert, timeoutMs: 5_000 }, locales);
}

const worker = (emailSender: EmailSender, horizonMs = 72 * 3_600_000) =>
  emailWorker({ store: service.store, sender: emailSender, clock: () => service.now.value, logger: { info() {}, error() {} }, horizonMs, timeoutMs: 5_000, baseDelayMs: 1_000, random: () => 1 });

async function submit(force = "kent", lang = "en", answers: Record<string, unknown> = {}): Promise<string> {
  const response = await service.app.request(`/api/v1/forces/${force}/reports`, {
    method: "POST",
    body: JSON.stringify({ ...valid, lang, answers: { ...valid.answers, ...answers } }),
    headers: { "content-type": "application/json" },
  });
  expect(response.status).toBe(201);
  return (await response.json()).reference;
}

/** Sends everything due, then again until nothing is (an email per pass is enough here). */
async function sendAll(emailSender: EmailSender) {
  const run = worker(emailSender);
  while ((await run.runOnce()) > 0);
}

describe("a receipt by SMTP, over STARTTLS to a real mail server", () => {
  it("reaches the person reporting in English, with the reference, what happens next and where to track it, and no answers", async () => {
    const reference = await submit("kent", "en", { email: "sam.kent@example.com" });
    await sendAll(await sender());
    const [receipt] = mail.to("sam.kent@example.com");
    expect(receipt.subject).toBe(`Your report to Kent Police: reference ${reference}`);
    expect(receipt.text).toContain(`Your reference is ${reference}`);
    expect(receipt.text).toContain("We’ll look at your report and contact you if we need more information.");
    expect(receipt.text).toContain(`Go to ${publicOrigin}/kent/track/ and enter your reference`);
    expect(receipt.text).toContain("We do not send a copy of your answers by email.");
    expect(receipt.text).not.toContain("Red mountain bike");
    expect(receipt.overTls).toBe(true);
    expect(receipt.from).toBe("no-reply@reports.example.police.uk");
    const [queued] = await service.store.emailsFor(reference);
    expect(queued).toMatchObject({ kind: "receipt", status: "sent", attempts: 1, message: null });
  });

  it("reaches them in Welsh when they reported in Welsh to a Welsh force", async () => {
    const reference = await submit("gwent", "cy", { email: "cerys@example.com" });
    await sendAll(await sender());
    const [receipt] = mail.to("cerys@example.com");
    expect(receipt.subject).toBe(`Eich adroddiad i Heddlu Gwent: cyfeirnod ${reference}`);
    expect(receipt.text).toContain(`Eich cyfeirnod yw ${reference}`);
    expect(receipt.text).toContain(`Ewch i ${publicOrigin}/gwent/cy/dilyn/ a rhowch eich cyfeirnod`);
    expect(receipt.text).not.toContain("Your reference");
  });

  it("sends nothing to a person who gave no email address", async () => {
    const reference = await submit("kent", "en", { "contact-methods": ["phone"], email: undefined, phone: "07700 900123" });
    expect(await service.store.emailsFor(reference)).toEqual([]);
  });

  it("keeps a receipt while the mail server is down and sends it once when it is back; the report was acknowledged at once", async () => {
    await mail.stop();
    const reference = await submit("kent", "en", { email: "patient@example.com" });
    const smtpDown = await sender();
    expect(await worker(smtpDown).runOnce()).toBe(1);
    const [waiting] = await service.store.emailsFor(reference);
    expect(waiting).toMatchObject({ status: "pending", attempts: 1 });
    expect(waiting.lastError).toMatch(/could not be reached/);
    // Not due again until its backoff has passed.
    expect(await worker(smtpDown).runOnce()).toBe(0);
    await mail.start();
    later(60_000);
    await sendAll(smtpDown);
    await sendAll(smtpDown);
    expect(mail.to("patient@example.com")).toHaveLength(1);
    expect((await service.store.emailsFor(reference))[0]).toMatchObject({ status: "sent", attempts: 2 });
  });

  it("never sends in the clear to a server that offers no STARTTLS", async () => {
    const plain = new MailServer();
    await plain.start();
    try {
      const reference = await submit("kent", "en", { email: "no-clear-text@example.com" });
      await worker(await sender(plain.port)).runOnce();
      expect(plain.mails).toEqual([]);
      const [waiting] = await service.store.emailsFor(reference);
      expect(waiting.status).toBe("pending");
      expect(waiting.lastError).toMatch(/STARTTLS/i);
    } finally {
      await plain.stop();
    }
  });
});
