import { existsSync } from "node:fs";
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from "playwright-core";
import type { FormValues } from "../../lib/services/form.ts";
import { stuckAfterMs } from "./patience.ts";

export const chromiumPath = "/usr/bin/chromium";

/** Debian's Chromium, started the way this machine needs (no sandbox as root, no network chatter). */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath)) throw new Error(`Chromium is not installed at ${chromiumPath}: run apt-get install -y chromium (CI's .ci/run does).`);
  return chromium.launch({
    executablePath: chromiumPath,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    // Playwright gives up on a launch after 30 s; on a busy machine Chromium is slow, not stuck.
    timeout: stuckAfterMs,
  });
}

/**
 * A browser context whose waits (navigations, locators, events) last until something happens, as a person
 * would wait, rather than Playwright's 30 s: a page that is slow on a busy machine is not a fault; one that
 * never loads is still caught (patience.ts).
 */
export async function newContext(browser: Browser, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  const context = await browser.newContext(options);
  context.setDefaultTimeout(stuckAfterMs);
  context.setDefaultNavigationTimeout(stuckAfterMs);
  return context;
}

/** Answers a step's questions as the form's fields are named (choices by their values), in the page's order. */
export async function answer(page: Page, form: FormValues) {
  for (const [name, value] of Object.entries(form)) {
    const values = Array.isArray(value) ? value : [value ?? ""];
    const field = page.locator(`form[data-fc-step] [name="${name}"]`).first();
    const type = await field.getAttribute("type");
    if (type === "radio" || type === "checkbox") for (const v of values) await page.locator(`[name="${name}"][value="${v}"]`).check();
    else await field.fill(values[0]);
  }
}
