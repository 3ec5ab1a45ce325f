/**
 * Find your force with JavaScript, in Chromium on the real app: the council select becomes alphagov's accessible
 * autocomplete, and the person's location (Chromium's own, set through the DevTools protocol and allowed as a
 * person would allow it) is tested against the force boundaries in the page. axe checks each state.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { axeViolations } from "../helpers/a11y.ts";
import { launchChromium, newContext } from "../helpers/browser.ts";
import { servedApp } from "../helpers/service.ts";

const siteDir = inject("siteDir");
let site: Awaited<ReturnType<typeof servedApp>>;
let browser: Browser;

beforeAll(async () => {
  site = await servedApp(siteDir);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
});

async function open(url: string, location?: { latitude: number; longitude: number }): Promise<{ page: Page; close: () => Promise<void>; requested: string[] }> {
  const context = await newContext(browser);
  const page = await context.newPage();
  const requested: string[] = [];
  page.on("request", (request) => requested.push(new URL(request.url()).pathname));
  if (location) {
    await context.grantPermissions(["geolocation"], { origin: site.url });
    const cdp = await context.newCDPSession(page);
    await cdp.send("Emulation.setGeolocationOverride", { ...location, accuracy: 50 });
  }
  await page.goto(site.url + url);
  return { page, requested, close: () => context.close() };
}

describe("find your force with JavaScript", () => {
  it("the autocomplete finds Westmorland, and choosing it leads to Cumbria Constabulary", async () => {
    const { page, close } = await open("/");
    // The select is replaced by a text box of the same id once the autocomplete has loaded.
    const input = page.locator("input#council-area.autocomplete__input");
    await input.waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await input.fill("Westm");
    const option = page.getByRole("option", { name: "Westmorland and Furness" });
    await option.waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await option.click();
    await page.getByRole("button", { name: "Find the police force" }).click();
    await page.waitForURL(`${site.url}/find-your-force/cumbria/`);
    expect(await page.locator("h1").innerText()).toBe("Cumbria Constabulary covers that area");
    expect(await axeViolations(page)).toEqual([]);
    await close();
  });

  it("a location in Gwent says Gwent Police, offers the council list instead, and fetches the boundaries only when asked", async () => {
    const { page, requested, close } = await open("/", { latitude: 51.5842, longitude: -2.9977 });
    const button = page.getByRole("button", { name: "Use my location" });
    await button.waitFor();
    expect(requested.some((path) => path.startsWith("/assets/geography/"))).toBe(false);
    await button.click();
    const answer = page.locator("[data-fc-location-answer]");
    await answer.getByText("This looks like Gwent Police").waitFor();
    expect(requested.filter((path) => path.startsWith("/assets/geography/"))).toHaveLength(1);
    expect(await answer.getByRole("link", { name: "Gwent Police" }).getAttribute("href")).toBe("/find-your-force/gwent/");
    const notRight = answer.getByRole("link", { name: "Not right? Choose your council area" });
    expect(await axeViolations(page)).toEqual([]);
    await notRight.click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("council-area");
    await close();
  });

  it("in Welsh, on Gwent's 'another force' outcome, a location in Kent names Kent Police and goes on with the same report there", async () => {
    const { page, close } = await open("/gwent/cy/report/report-crime/outcome/another-force/", { latitude: 51.2802, longitude: 1.0789 });
    await page.getByRole("button", { name: "Defnyddio fy lleoliad" }).click();
    const answer = page.locator("[data-fc-location-answer]");
    await answer.getByText("Mae’n edrych fel ardal Kent Police").waitFor();
    expect(await answer.getByRole("link", { name: "Kent Police" }).getAttribute("href")).toBe("/cy/find-your-force/kent/report-crime/");
    expect(await axeViolations(page)).toEqual([]);
    await close();
  });
});
