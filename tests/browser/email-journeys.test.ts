/**
 * A member of the public in Chromium reports a crime with an email address and receives their receipt, as a real
 * mail server on loopback takes it: the email worker runs as server.ts runs it, apart from the request, and the
 * confirmation page shows before any email is sent. In English for Kent, and in Welsh for Gwent.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Language } from "../../lib/i18n/language.ts";
import { emailWorker } from "../../submit-service/email/worker.ts";
import { smtpSender } from "../../submit-service/email/smtp.ts";
import { serviceDefinition } from "../helpers/a11y.ts";
import { answer, launchChromium, newContext } from "../helpers/browser.ts";
import { happyPath } from "../helpers/journey.ts";
import { waitUntil } from "../helpers/patience.ts";
import { servedApp, serviceSite } from "../helpers/service.ts";
import { MailServer, selfSignedCertificate } from "../helpers/smtp.ts";

const siteDir = inject("siteDir");
const crime = serviceDefinition("report-crime");
const publicOrigin = "https://reports.example.police.uk";

let site: Awaited<ReturnType<typeof servedApp>>;
let browser: Browser;
let mail: MailServer;
let worker: ReturnType<typeof emailWorker>;

beforeAll(async () => {
  const tls = await selfSignedCertificate();
  mail = new MailServer(tls);
  await mail.start();
  site = await servedApp(siteDir, undefined, { publicOrigin, inboxes: new Map() });
  const { locales } = await serviceSite();
  const sender = smtpSender({ host: "127.0.0.1", port: mail.port, from: "no-reply@reports.example.police.uk", requireTls: true, ca: tls.cert, timeoutMs: 10_000 }, locales);
  worker = emailWorker({ store: site.service.store, sender, clock: () => new Date(), logger: { info() {}, error() {} }, horizonMs: 3_600_000 });
  worker.start(100);
  browser = await launchChromium();
});
afterAll(async () => {
  await worker?.stop();
  await browser?.close();
  await site?.close();
  await mail?.stop();
});

/** Reports a theft through every page of the form in Chromium, giving `address` to be contacted by; returns the reference shown. */
async function reportWithEmail(force: string, lang: Language, address: string): Promise<string> {
  const strings = (await serviceSite()).locales[lang];
  const context = await newContext(browser);
  const page = await context.newPage();
  try {
    const start = `${site.url}/${force}/${lang === "cy" ? "cy/" : ""}report/report-crime/`;
    await page.goto(start);
    for (const { step, form } of happyPath(crime)) {
      expect(page.url()).toBe(step === crime.steps[0] ? start : `${start}${step.id}/`);
      const answers = step.questions.some((q) => q.id === "email") ? { ...form, "contact-methods": ["email"], email: address } : form;
      await answer(page, answers);
      await Promise.all([page.waitForEvent("load"), page.getByRole("button", { name: strings["service.continue"], exact: true }).click()]);
    }
    expect(page.url()).toBe(`${start}check-answers/`);
    await Promise.all([page.waitForEvent("load"), page.getByRole("button", { name: strings["service.send"] }).click()]);
    expect(page.url()).toBe(`${start}confirmation/`);
    return (await page.locator(".fc-reference").textContent())!.trim();
  } finally {
    await context.close();
  }
}

const receiptFor = (address: string) => waitUntil(`the receipt for ${address}`, async () => mail.to(address)[0]);

describe("a receipt by email after reporting in Chromium", () => {
  it("arrives with the reference the confirmation page showed, in English", async () => {
    const reference = await reportWithEmail("kent", "en", "chromium.reporter@example.com");
    const receipt = await receiptFor("chromium.reporter@example.com");
    expect(receipt.subject).toBe(`Your report to Kent Police: reference ${reference}`);
    expect(receipt.text).toContain(`Your reference is ${reference}`);
    expect(receipt.text).toContain(`${publicOrigin}/kent/track/?reference=${reference}`);
    expect(receipt.overTls).toBe(true);
  });

  it("arrives in Welsh after reporting on Gwent's Welsh pages", async () => {
    const reference = await reportWithEmail("gwent", "cy", "gohebydd@example.com");
    const receipt = await receiptFor("gohebydd@example.com");
    expect(receipt.subject).toBe(`Eich adroddiad i Heddlu Gwent: cyfeirnod ${reference}`);
    expect(receipt.text).toContain(`Eich cyfeirnod yw ${reference}`);
    expect(receipt.text).toContain(`${publicOrigin}/gwent/cy/dilyn/`);
    expect(mail.mails.filter((m) => m.text.includes(reference))).toHaveLength(1);
  });
});
