import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchChromium, newContext } from "../helpers/browser.ts";
import { servedApp } from "../helpers/service.ts";

const siteDir = inject("siteDir");
let browser: Browser;
let context: BrowserContext;
let site: Awaited<ReturnType<typeof servedApp>>;

beforeAll(async () => {
  site = await servedApp(siteDir);
  browser = await launchChromium();
  context = await newContext(browser);
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
});

describe("with JavaScript, a step checks its answers in the browser before posting", () => {
  it("shows the GOV.UK error summary and field errors for a page left blank, without leaving the page, under a strict CSP", async () => {
    const page = await context.newPage();
    const cspErrors: string[] = [];
    page.on("console", (message) => message.type() === "error" && cspErrors.push(message.text()));
    await page.goto(`${site.url}/kent/report/report-crime/`);
    await page.getByRole("button", { name: "Continue" }).click();
    const summary = page.locator(".govuk-error-summary");
    // Shown by the page's script, whenever it runs: waited for as it appears, not for a fixed second.
    await summary.waitFor({ state: "visible" });
    expect(await summary.locator("h2").textContent()).toContain("There is a problem");
    expect(await summary.locator("a").allTextContents()).toEqual([
      "Select if anyone is in immediate danger or the crime is happening now",
      "Select what you want to report",
    ]);
    expect(await page.locator("#in-danger-error").textContent()).toContain("Select if anyone is in immediate danger");
    expect(page.url()).toBe(`${site.url}/kent/report/report-crime/`);
    expect(await page.title()).toMatch(/^Error: Report a crime – Kent Police$/);
    expect(await page.evaluate(() => document.activeElement?.classList.contains("govuk-error-summary"))).toBe(true);
    expect(cspErrors).toEqual([]);
    await page.close();
  });

  it("sends someone in immediate danger straight to 'call 999' with the same triage the server runs", async () => {
    const page = await context.newPage();
    await page.goto(`${site.url}/kent/report/report-crime/`);
    await page.locator("#in-danger").check();
    await page.getByLabel("Theft").check();
    await page.getByRole("button", { name: "Continue" }).click();
    await page.waitForURL(`${site.url}/kent/report/report-crime/outcome/call-999/`);
    expect(await page.locator("h1").textContent()).toMatch(/999/);
    await page.close();
  });

  it("shows errors in Welsh on a Welsh page", async () => {
    const page = await context.newPage();
    await page.goto(`${site.url}/gwent/cy/report/report-crime/`);
    await page.getByRole("button", { name: "Parhau" }).click();
    const heading = page.locator(".govuk-error-summary h2");
    await heading.waitFor({ state: "visible" });
    expect(await heading.textContent()).toContain("Mae problem wedi codi");
    await page.close();
  });
});
