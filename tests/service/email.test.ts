import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { validatePayload } from "../../lib/delivery/validate-payload.ts";
import type { EmailSender } from "../../submit-service/email/message.ts";
import { newApiKey } from "../../submit-service/delivery/api-keys.ts";
import { notifySender } from "../../submit-service/email/notify.ts";
import type { NotifyTemplates } from "../../submit-service/email/notify.ts";
import { smtpSender } from "../../submit-service/email/smtp.ts";
import { emailWorker } from "../../submit-service/email/worker.ts";
import { refusalToStart } from "../helpers/server-process.ts";
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

describe("track my report by email", () => {
  it("tells a person who asked when a force changes their report's status, in their language, with no closing words", async () => {
    const { key, id, keyHash } = newApiKey("gwent");
    await service.store.addApiKey({ id, forceId: "gwent", keyHash, createdAt: service.now.value.toISOString() });
    const reference = await submit("gwent", "cy", { email: "dilyn@example.com" });
    await sendAll(await sender());
    mail.mails = [];
    const post = (status: string, message?: string) =>
      service.app.request(`/api/v1/forces/gwent/reports/${reference}/events`, { method: "POST", body: JSON.stringify({ status, ...(message && { message }) }), headers: { "content-type": "application/json", authorization: `Bearer ${key}` } });
    // Not asked for: nothing is sent.
    expect((await post("acknowledged")).status).toBe(201);
    await sendAll(await sender());
    expect(mail.to("dilyn@example.com")).toEqual([]);
    await service.store.setStatusEmails(reference, true, service.now.value.toISOString());
    expect((await post("being-looked-at")).status).toBe(201);
    expect((await post("closed", "Ni fydd camau pellach.")).status).toBe(201);
    // The same closing again changes nothing and sends nothing more.
    expect((await post("closed", "Ni fydd camau pellach.")).status).toBe(200);
    await sendAll(await sender());
    const sent = mail.to("dilyn@example.com");
    expect(sent.map((m) => m.subject)).toEqual([`Eich adroddiad i Heddlu Gwent, cyfeirnod ${reference}: Yn cael ei ystyried`, `Eich adroddiad i Heddlu Gwent, cyfeirnod ${reference}: Wedi’i gau`]);
    expect(sent[1].text).toContain(`${publicOrigin}/gwent/cy/dilyn/?reference=${reference}`);
    expect(sent[1].text).not.toContain("Ni fydd camau pellach.");
  });
});

describe("a receipt by SMTP, over STARTTLS to a real mail server", () => {
  it("reaches the person reporting in English, with the reference, what happens next and where to track it, and no answers", async () => {
    const reference = await submit("kent", "en", { email: "sam.kent@example.com" });
    await sendAll(await sender());
    const [receipt] = mail.to("sam.kent@example.com");
    expect(receipt.subject).toBe(`Your report to Kent Police: reference ${reference}`);
    expect(receipt.text).toContain(`Your reference is ${reference}`);
    expect(receipt.text).toContain("We’ll look at your report and contact you if we need more information.");
    expect(receipt.text).toContain(`Go to ${publicOrigin}/kent/track/?reference=${reference} and enter your reference`);
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
    expect(receipt.text).toContain(`Ewch i ${publicOrigin}/gwent/cy/dilyn/?reference=${reference} a rhowch eich cyfeirnod`);
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

  it("dead-letters at once a receipt whose address the mail server refuses for good, keeping no address in the error", async () => {
    mail.refused.add("mistyped@example.con");
    const reference = await submit("kent", "en", { email: "mistyped@example.con" });
    await worker(await sender()).runOnce();
    const [dead] = await service.store.emailsFor(reference);
    expect(dead).toMatchObject({ status: "dead", attempts: 1 });
    expect(dead.lastError).toContain("the mail server answered 550");
    expect(dead.lastError).not.toContain("mistyped@example.con");
    expect(mail.mails).toEqual([]);
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

describe("a report to a force's inbox, by SMTP", () => {
  it("arrives as a plain-text summary with the Standard Data Model attached, valid against the payload schema, and counts as acknowledged", async () => {
    const reference = await submit("essex", "en", { email: "essex.reporter@example.com" });
    await sendAll(await sender());
    const [report] = mail.to(essexInbox);
    expect(report.subject).toBe(`New report ${reference}: Report a crime`);
    expect(report.text).toContain("A report has been sent to Essex Police through its website.");
    expect(report.text).toContain(`Reference: ${reference}`);
    expect(report.text).toContain("Red mountain bike with a child seat");
    expect(report.text).toContain(`The report in the Standard Data Model (JSON): attached to this email as report-${reference}.json`);
    const [attachment] = report.attachments;
    expect(attachment).toMatchObject({ filename: `report-${reference}.json`, contentType: "application/json" });
    const payload = JSON.parse(attachment.content.toString("utf8"));
    expect(validatePayload(payload)).toEqual([]);
    expect(payload.meta.reference).toBe(reference);
    // The person's own receipt went too, separately.
    expect(mail.to("essex.reporter@example.com")).toHaveLength(1);
    expect((await service.store.getReport(reference))!.acknowledgedAt).toBe(service.now.value.toISOString());
  });

  it("does not trust a mail server whose certificate it cannot verify", async () => {
    const { locales } = await serviceSite();
    const reference = await submit("kent", "en", { email: "unverified@example.com" });
    const untrusting = smtpSender({ host: "127.0.0.1", port: mail.port, from: "no-reply@reports.example.police.uk", requireTls: true, timeoutMs: 5_000 }, locales);
    await worker(untrusting).runOnce();
    expect(mail.to("unverified@example.com")).toEqual([]);
    const [waiting] = await service.store.emailsFor(reference);
    expect(waiting.status).toBe("pending");
    expect(waiting.lastError).toMatch(/self[- ]signed|certificate/i);
  });
});

describe("GOV.UK Notify, through a local stand-in that holds requests to Notify's API contract", () => {
  const serviceId = "3c3c6f2e-2d2f-4a8f-9a57-6b1d2c9e8f10";
  const secret = "9b2f0c7e-51a4-4f0d-8c3e-2a6d7e1f4b59";
  const templates: NotifyTemplates = {
    receipt: { en: "1e9a9a52-0000-4000-8000-000000000001", cy: "1e9a9a52-0000-4000-8000-000000000002" },
    "force-report": { en: "1e9a9a52-0000-4000-8000-000000000003", cy: "1e9a9a52-0000-4000-8000-000000000004" },
    "return-link": { en: "1e9a9a52-0000-4000-8000-000000000005", cy: "1e9a9a52-0000-4000-8000-000000000006" },
    "return-reminder": { en: "1e9a9a52-0000-4000-8000-000000000007", cy: "1e9a9a52-0000-4000-8000-000000000008" },
    "status-change": { en: "1e9a9a52-0000-4000-8000-000000000009", cy: "1e9a9a52-0000-4000-8000-00000000000a" },
  };
  let notify: NotifyStandIn;
  beforeAll(async () => {
    const { locales } = await serviceSite();
    // Each template holds the very text of content/locales, as docs/operations.md tells operators to set it up.
    const texts = new Map(Object.entries(templates).flatMap(([kind, ids]) => Object.entries(ids).map(([lang, id]) => [id, { subject: locales[lang as "en"][`email.${kind}.subject`], body: locales[lang as "en"][`email.${kind}.body`] }] as const)));
    notify = new NotifyStandIn(serviceId, secret, texts);
    await notify.start();
  });
  afterAll(() => notify?.stop());
  afterEach(() => {
    notify.accepted = [];
    notify.requests = [];
    notify.answers = [];
  });
  const viaNotify = (apiKey = notify.apiKey) => notifySender({ apiKey, baseUrl: notify.url, templates, timeoutMs: 5_000 });

  it("sends the receipt with the template of its language, the reference and the personalisation, signed with the key", async () => {
    const english = await submit("kent", "en", { email: "notified@example.com" });
    const welsh = await submit("gwent", "cy", { email: "hysbysu@example.com" });
    await sendAll(viaNotify());
    const inEnglish = notify.accepted.find((e) => e.emailAddress === "notified@example.com")!;
    expect(inEnglish).toMatchObject({ templateId: templates.receipt.en, reference: english });
    expect(inEnglish.personalisation).toMatchObject({ reference: english, force: "Kent Police", track_url: `${publicOrigin}/kent/track/?reference=${english}` });
    expect(inEnglish.subject).toBe(`Your report to Kent Police: reference ${english}`);
    const inWelsh = notify.accepted.find((e) => e.emailAddress === "hysbysu@example.com")!;
    expect(inWelsh).toMatchObject({ templateId: templates.receipt.cy, reference: welsh });
    expect(inWelsh.body).toContain(`Eich cyfeirnod yw ${welsh}`);
    expect(inWelsh.body).toContain(`${publicOrigin}/gwent/cy/dilyn/`);
    expect(notify.requests.every((r) => r.status === 201)).toBe(true);
    expect((await service.store.emailsFor(english))[0].status).toBe("sent");
  });

  it("is refused (403) with a key whose secret is wrong, and keeps the receipt to try again", async () => {
    const reference = await submit("kent", "en", { email: "wrong-key@example.com" });
    await worker(viaNotify(`front_counter_test-${serviceId}-00000000-0000-4000-8000-000000000000`)).runOnce();
    expect(notify.requests.map((r) => r.status)).toEqual([403]);
    expect(notify.accepted).toEqual([]);
    expect((await service.store.emailsFor(reference))[0]).toMatchObject({ status: "pending", attempts: 1 });
    later(60_000);
    await sendAll(viaNotify());
    expect((await service.store.emailsFor(reference))[0].status).toBe("sent");
  });

  it("dead-letters an email Notify answers 400, without trying it again", async () => {
    const reference = await submit("kent", "en", { email: "refused@example.com" });
    notify.answers = [400];
    await worker(viaNotify()).runOnce();
    const [dead] = await service.store.emailsFor(reference);
    expect(dead).toMatchObject({ status: "dead", attempts: 1 });
    expect(dead.lastError).toContain("Notify answered 400: BadRequestError");
    expect((await service.store.listEmails("dead", 100)).map((e) => e.id)).toContain(dead.id);
    later(3_600_000);
    await sendAll(viaNotify());
    expect(notify.requests).toHaveLength(1);
    expect(notify.accepted).toEqual([]);
  });

  it("retries an email Notify answers 500, with backoff, until it is taken", async () => {
    const reference = await submit("kent", "en", { email: "retried@example.com" });
    notify.answers = [500, 500];
    await worker(viaNotify()).runOnce();
    expect((await service.store.emailsFor(reference))[0]).toMatchObject({ status: "pending", attempts: 1 });
    later(1_000);
    await worker(viaNotify()).runOnce();
    const [second] = await service.store.emailsFor(reference);
    expect(second).toMatchObject({ status: "pending", attempts: 2 });
    expect(second.lastError).toContain("Notify answered 500");
    // The second wait is twice the first: not due a second after.
    later(1_000);
    expect(await worker(viaNotify()).runOnce()).toBe(0);
    later(1_000);
    await sendAll(viaNotify());
    expect(notify.requests.map((r) => r.status)).toEqual([500, 500, 201]);
    expect((await service.store.emailsFor(reference))[0]).toMatchObject({ status: "sent", attempts: 3 });
  });

  it("dead-letters a 500 once the delivery horizon has passed", async () => {
    const reference = await submit("kent", "en", { email: "too-late@example.com" });
    later(73 * 3_600_000);
    notify.answers = [500];
    await worker(viaNotify()).runOnce();
    expect((await service.store.emailsFor(reference))[0]).toMatchObject({ status: "dead" });
  });

  it("sends a force inbox its report with the JSON as a file to download, behind a check of the inbox's address", async () => {
    const reference = await submit("essex", "en", { "contact-methods": ["phone"], email: undefined, phone: "07700 900456" });
    await sendAll(viaNotify());
    const [report] = notify.accepted.filter((e) => e.emailAddress === essexInbox);
    expect(report).toMatchObject({ templateId: templates["force-report"].en, reference });
    expect(report.subject).toBe(`New report ${reference}: Report a crime`);
    expect(report.body).toMatch(/The report in the Standard Data Model \(JSON\): https:\/\/documents\.service\.gov\.uk\/d\//);
    const [file] = report.files;
    expect(file).toMatchObject({ filename: `report-${reference}.json`, confirmEmailBeforeDownload: true });
    expect(validatePayload(JSON.parse(file.content.toString("utf8")))).toEqual([]);
  });
});

describe("the email settings", () => {
  const start = (env: Record<string, string>) => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "front-counter-email-settings-"));
    return refusalToStart({ ...process.env, SITE_DIR: siteDir, DATA_DIR: dataDir, ...env }).finally(() => rmSync(dataDir, { recursive: true, force: true }));
  };

  it("refuses to start SMTP that would send in the clear off this machine, or without a sender or public address, saying each", async () => {
    const refusal = await start({ EMAIL_PROVIDER: "smtp", SMTP_HOST: "mail.example.police.uk", SMTP_INSECURE_LOCAL_RELAY: "true", PUBLIC_ORIGIN: "http://reports.example.police.uk" });
    expect(refusal).toContain("Cannot start: SMTP_INSECURE_LOCAL_RELAY=true sends mail without TLS, which is allowed only to a relay on this machine (SMTP_HOST 127.0.0.1, ::1 or localhost), not to mail.example.police.uk");
    expect(refusal).toContain("Cannot start: EMAIL_FROM must be the address mail is sent from");
    expect(refusal).toContain("Cannot start: PUBLIC_ORIGIN must be the site's public address, like https://www.example.police.uk");
    expect(refusal).not.toMatch(/\n\s+at /);
  });

  it("refuses to start Notify with a malformed key or a template missing for a kind or language", async () => {
    const refusal = await start({ EMAIL_PROVIDER: "notify", NOTIFY_API_KEY: "not-a-key", NOTIFY_TEMPLATES: JSON.stringify({ receipt: { en: "1e9a9a52-0000-4000-8000-000000000001" } }), PUBLIC_ORIGIN: publicOrigin });
    expect(refusal).toContain("Cannot start: NOTIFY_API_KEY must be an API key as GOV.UK Notify shows it once");
    expect(refusal).toContain("Cannot start: NOTIFY_TEMPLATES: receipt.cy must be a Notify template id");
    expect(refusal).toContain("Cannot start: NOTIFY_TEMPLATES: force-report.en must be a Notify template id");
    expect(refusal).not.toContain("receipt.en");
  });

  it("refuses a force inbox when no email is set up, or an inbox that is not one address", async () => {
    const config = path.join(siteDir, "delivery.json");
    writeFileSync(config, JSON.stringify({ essex: { email: essexInbox }, kent: { email: "reports@kent, other@kent.example" } }));
    const refusal = await start({ DELIVERY_CONFIG: config });
    expect(refusal).toContain("Cannot start: DELIVERY_CONFIG: kent.email must be one email address, like reports@example.police.uk");
    expect(refusal).toContain("Cannot start: DELIVERY_CONFIG gives essex an email inbox, but EMAIL_PROVIDER is not set: their reports could not be sent");
    expect(refusal).not.toContain("essex.url");
  });
});
