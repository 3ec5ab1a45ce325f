/**
 * Track my report in Chromium, on the real app listening on loopback: a person reports a theft through Kent's
 * form (JavaScript off, as the track page works without it), Kent's back office posts status events through its
 * API, and the person finds them from the footer's link: first with a mistyped address, then with the right one.
 * axe (WCAG 2.0, 2.1 and 2.2 A and AA) checks the track page as a form, with its error, and with a report's
 * statuses, in English and in Welsh.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { newApiKey } from "../../submit-service/delivery/api-keys.ts";
import { axeViolations, serviceDefinition } from "../helpers/a11y.ts";
import { launchChromium, newContext } from "../helpers/browser.ts";
import { happyPath } from "../helpers/journey.ts";
import { servedApp } from "../helpers/service.ts";

const siteDir = inject("siteDir");
const crime = serviceDefinition("report-crime");
let site: Awaited<ReturnType<typeof servedApp>>;
let browser: Browser;
let key: string;

beforeAll(async () => {
  site = await servedApp(siteDir);
  browser = await launchChromium();
  const made = newApiKey("kent");
  await site.service.store.addApiKey({ id: made.id, forceId: "kent", keyHash: made.keyHash, createdAt: site.service.now.value.toISOString() });
  key = made.key;
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
});

/** What Kent's back office does: posts a status event with its key. */
async function forcePosts(reference: string, body: object) {
  const response = await fetch(`${site.url}/api/v1/forces/kent/reports/${reference}/events`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(201);
}

/** Fills a step's fields as the form names them, then continues. */
async function fillStep(page: Page, form: Record<string, string | string[] | undefined>) {
  for (const [name, value] of Object.entries(form)) {
    const values = Array.isArray(value) ? value : [value ?? ""];
    const field = page.locator(`form [name="${name}"]`).first();
    const type = await field.getAttribute("type");
    if (type === "radio" || type === "checkbox") for (const v of values) await page.locator(`[name="${name}"][value="${v}"]`).check();
    else await field.fill(values[0]);
  }
  await page.getByRole("button", { name: "Continue" }).click();
  await page.waitForLoadState();
}

describe("a person tracking their report in Chromium", () => {
  it("sees the status Kent posts, with Kent's words, after a mistyped address is refused, every state of the page checked with axe", async () => {
    const context = await newContext(browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    const problems: string[] = [];
    const audit = async () => problems.push(...(await axeViolations(page, { javaScript: false })));

    await page.goto(`${site.url}/kent/report/report-crime/`);
    for (const { form } of happyPath(crime)) await fillStep(page, form);
    await page.getByRole("button", { name: "Send report" }).click();
    const reference = (await page.locator(".fc-reference").textContent())!.trim();
    expect(reference).toMatch(/^KNT-/);

    await forcePosts(reference, { status: "being-looked-at" });
    await forcePosts(reference, { status: "closed", message: "Your bicycle was handed in.\nCollect it from the front counter with this reference." });

    await page.goto(`${site.url}/kent/`);
    await page.getByRole("link", { name: "Track a report" }).click();
    expect(new URL(page.url()).pathname).toBe("/kent/track/");
    await audit();
    await page.getByLabel("Reference").fill(reference.toLowerCase());
    await page.getByLabel("Email address").fill("sam@exmaple.com");
    await page.getByRole("button", { name: "Show the status" }).click();
    await expect.poll(() => page.title()).toMatch(/^Error: Track your report/);
    expect(await page.locator(".govuk-error-summary").textContent()).toContain("We could not find a report with that reference and email address.");
    await audit();
    // The error's link takes the person to the reference, which is kept as they typed it.
    await page.locator(".govuk-error-summary a").click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("reference");

    await page.getByLabel("Email address").fill("sam@example.com");
    await page.getByRole("button", { name: "Show the status" }).click();
    await page.getByRole("heading", { name: "The status of your report" }).waitFor();
    expect(await page.locator(".govuk-tag").textContent()).toContain("Closed");
    const history = await page.locator("ol.govuk-list").innerText();
    expect(history).toMatch(/Closed[\s\S]*Your bicycle was handed in\.\nCollect it from the front counter with this reference\.[\s\S]*Being looked at[\s\S]*Acknowledged by Kent Police[\s\S]*Received/);
    expect(await page.content()).not.toContain("sam@example.com");
    await audit();

    await page.getByRole("button", { name: "Email me when the status changes" }).click();
    await page.getByText("We will email you at the address you gave").waitFor();
    expect(await site.service.store.wantsStatusEmails(reference)).toBe(true);

    await page.goto(`${site.url}/gwent/cy/dilyn/`);
    expect(await page.locator("h1").textContent()).toBe("Dilyn eich adroddiad");
    await audit();
    await context.close();
    expect(problems).toEqual([]);
  });
});
