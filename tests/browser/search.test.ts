/**
 * Site search in Chromium on the real app: a force's search page finds its own guidance (in Welsh on a Welsh
 * site), only its own pages, and only pages that are indexed (guidance, service start pages, outcomes); nothing
 * of the index is fetched before the search page; without JavaScript the page says how else to find things.
 */
import { readFileSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { axeViolations } from "../helpers/a11y.ts";
import { launchChromium, newContext } from "../helpers/browser.ts";
import { servedApp } from "../helpers/service.ts";
import { fileFor } from "../helpers/site.ts";

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

async function open(url: string, javaScriptEnabled = true): Promise<{ page: Page; requested: { path: string; bytes: () => Promise<number> }[]; close: () => Promise<void> }> {
  const context = await newContext(browser, { javaScriptEnabled });
  const page = await context.newPage();
  const requested: { path: string; bytes: () => Promise<number> }[] = [];
  page.on("requestfinished", (request) => requested.push({ path: new URL(request.url()).pathname, bytes: async () => (await request.sizes()).responseBodySize }));
  await page.goto(site.url + url);
  return { page, requested, close: () => context.close() };
}

/** Searches from the header's link, as a person would, and returns the result links. */
async function search(start: string, linkName: string, label: string, button: string, query: string) {
  const visit = await open(start);
  const { page, requested } = visit;
  expect(requested.filter((r) => r.path.includes("/pagefind/"))).toEqual([]);
  await page.locator(".govuk-service-navigation").getByRole("link", { name: linkName }).click();
  await page.getByLabel(label).fill(query);
  await page.getByRole("button", { name: button, exact: true }).click();
  await page.locator("[data-fc-search-results] ul a").first().waitFor();
  const links = await page.locator("[data-fc-search-results] ul a").evaluateAll((as) => as.map((a) => a.getAttribute("href")!));
  return { ...visit, links };
}

describe("site search", () => {
  it("on Kent's site finds the emergency guidance for “Silent Solution”, and only Kent's own indexed pages", async () => {
    const { page, links, requested, close } = await search("/kent/advice/non-emergency/", "Search", "Search this website", "Search", "Silent Solution");
    expect(links).toContain("/kent/advice/emergency/");
    for (const link of links) {
      expect(link.startsWith("/kent/") && !link.startsWith("/kent/cy/"), link).toBe(true);
      expect(readFileSync(fileFor(siteDir, link), "utf8"), link).toContain("data-pagefind-body");
    }
    expect(await page.locator("[data-fc-search-results] h2").innerText()).toMatch(/results? for “Silent Solution”$/);
    expect(await axeViolations(page)).toEqual([]);
    // What searching fetched, all from Kent's own index.
    const index = requested.filter((r) => r.path.includes("/pagefind/"));
    expect(index.every((r) => r.path.startsWith("/kent/pagefind/"))).toBe(true);
    const bytes = (await Promise.all(index.map((r) => r.bytes()))).reduce((a, b) => a + b, 0);
    console.info(`search: the first search on Kent's site fetched ${index.length} files, ${bytes} bytes as sent`);
    await close();
  });

  it("on Gwent's Welsh site finds the Welsh emergency guidance for “Argyfyngau”", async () => {
    const { page, links, close } = await search("/gwent/cy/", "Chwilio", "Chwilio’r wefan hon", "Chwilio", "Argyfyngau");
    expect(links).toContain("/gwent/cy/advice/emergency/");
    for (const link of links) expect(link.startsWith("/gwent/cy/"), link).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await close();
  });

  it("says there are no results for a word none of its pages has", async () => {
    const { page, close } = await open("/kent/search/?q=zyxwvutsrq");
    await page.locator("[data-fc-search-results]").getByText("No results for “zyxwvutsrq”").waitFor();
    await close();
  });

  it("without JavaScript, the search page says how else to find things", async () => {
    const { page, close } = await open("/kent/search/?q=Silent+Solution", false);
    expect(await page.locator("main").innerText()).toContain("Search needs JavaScript");
    expect(await axeViolations(page, { javaScript: false })).toEqual([]);
    await close();
  });
});
