/**
 * Save and come back later in Chromium: a report of crime saved half-way in one browser, the link read from the
 * email a real SMTP server on loopback took, the report carried on in a new browser (no cookies of the first)
 * and sent to a reference. The pages on the way are axe clean.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { smtpSender } from "../../submit-service/email/smtp.ts";
import { emailWorker } from "../../submit-service/email/worker.ts";
import { axeViolations, serviceDefinition } from "../helpers/a11y.ts";
import { answer, launchChromium, newContext } from "../helpers/browser.ts";
import { happyPath } from "../helpers/journey.ts";
import { waitUntil } from "../helpers/patience.ts";
import { servedApp, serviceSite } from "../helpers/service.ts";
import { MailServer } from "../helpers/smtp.ts";

const siteDir = inject("siteDir");
const crime = serviceDefinition("report-crime");
const steps = happyPath(crime);
const publicOrigin = "https://reports.example.police.uk";

let site: Awaited<ReturnType<typeof servedApp>>;
let browser: Browser;
let mail: MailServer;
let worker: ReturnType<typeof emailWorker>;

beforeAll(async () => {
  mail = new MailServer();
  await mail.start();
  site = await servedApp(siteDir, undefined, { publicOrigin, inboxes: new Map() });
  const { locales } = await serviceSite();
  const sender = smtpSender({ host: "127.0.0.1", port: mail.port, from: "no-reply@reports.example.police.uk", requireTls: false, timeoutMs: 10_000 }, locales);
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

async function press(page: Page, name: string) {
  await Promise.all([page.waitForEvent("load"), page.getByRole("button", { name, exact: true }).click()]);
}

describe("save and come back later, in Chromium", () => {
  it("a report saved half-way is carried on from the emailed link in a new browser and sent", async () => {
    const start = `${site.url}/kent/report/report-crime/`;
    const first = await newContext(browser);
    const page = await first.newPage();
    await page.goto(start);
    for (const { form } of steps.slice(0, 2)) {
      await answer(page, form);
      await press(page, "Continue");
    }
    await Promise.all([page.waitForEvent("load"), page.getByRole("link", { name: "Save and come back later" }).click()]);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel("Email address").fill("chromium.saver@example.com");
    await press(page, "Send the link");
    await expect.poll(() => page.locator("h1").textContent()).toBe("Check your email");
    expect(await axeViolations(page)).toEqual([]);
    await first.close();

    const message = await waitUntil("the link by email", async () => mail.to("chromium.saver@example.com")[0]);
    const link = /https:\/\/reports\.example\.police\.uk(\S+)/.exec(message.text)![1];

    const second = await newContext(browser);
    const again = await second.newPage();
    await again.goto(`${site.url}${link}`);
    expect(await axeViolations(again)).toEqual([]);
    await again.getByLabel("Email address").fill("chromium.saver@example.com");
    await press(again, "Carry on");
    expect(again.url()).toBe(`${start}${steps[2].step.id}/`);
    for (const { form } of steps.slice(2)) {
      await answer(again, form);
      await press(again, "Continue");
    }
    expect(again.url()).toBe(`${start}check-answers/`);
    // The answers given in the first browser are there to check in the second.
    const firstText = Object.values(steps[0].form).concat(Object.values(steps[1].form)).find((v): v is string => typeof v === "string" && v.startsWith("Sample "));
    if (firstText) expect(await again.locator("main").textContent()).toContain(firstText);
    await press(again, "Send report");
    expect(again.url()).toBe(`${start}confirmation/`);
    expect((await again.locator(".fc-reference").textContent())!.trim()).toMatch(/^[A-Z]{3}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    await second.close();
  });
});
