/**
 * pa11y (WCAG2AA, with both the axe and HTML_CodeSniffer runners) in Debian's Chromium, on the real app
 * listening on loopback, at 320 px (a phone, and 400% zoom on a laptop) and at 1280 px: every page of one
 * English force, every Welsh page of a bilingual force, the home, hub and a whole service of a force with
 * another theme, the national index, and the pages only the service renders (check-answers, confirmation,
 * and a page re-rendered with errors for every answer type). Zero errors; and, since neither runner checks
 * WCAG 1.4.10 Reflow, no page may scroll sideways at 320 px.
 *
 * pa11y-ci's Node API (`pa11yCi(urls, options)`) loads each URL afresh per viewport in a new browser context
 * and waits for `networkidle2`: about 0.75 s of this 2-core machine per check, 8 minutes for these pages. So
 * this drives pa11y's own API (the engine pa11y-ci runs) on pages it keeps: four workers, each loads a page
 * once at 320 px, checks it, widens it to 1280 px and checks it again. Pages only the service renders are
 * loaded by pa11y itself, with pa11y's `headers`, `method` and `postData` options.
 */
import { createRequire } from "node:module";
import puppeteer, { type Browser, type Page } from "puppeteer";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { FormValues } from "../../lib/services/form.ts";
import { chromiumArgs, formBody, isGovukConditionalRevealInput, reportInProgress, serviceDefinition } from "../helpers/a11y.ts";
import { chromiumPath } from "../helpers/browser.ts";
import { servedApp, type TestService } from "../helpers/service.ts";
import { builtPages } from "../helpers/site.ts";

interface Pa11yIssue {
  code: string;
  type: "error" | "warning" | "notice";
  message: string;
  context: string | null;
  selector: string;
  runner: "axe" | "htmlcs";
}
interface Pa11yResults {
  documentTitle: string;
  pageUrl: string;
  issues: Pa11yIssue[];
}
type Pa11y = (url: string, options: Record<string, unknown>) => Promise<Pa11yResults>;
const pa11y = createRequire(import.meta.url)("pa11y") as Pa11y;

const siteDir = inject("siteDir");
const pages = builtPages(siteDir);
const viewports = [
  { width: 320, height: 640 },
  { width: 1280, height: 1024 },
];
const concurrency = 4;

/** A page to check: a built page (GET), or one the service renders, loaded by pa11y with a draft and maybe a post. */
interface Target {
  path: string;
  cookie?: string;
  post?: FormValues;
  /** What the page must be, so a check of the wrong page (a redirect to the start, say) cannot pass. */
  expect?: { status: number; title: RegExp; text?: string };
}

/** The axe issue govuk-frontend's conditional reveals raise by design (see isGovukConditionalRevealInput). */
const knownFalsePositive = (issue: Pa11yIssue) =>
  issue.runner === "axe" && issue.code === "aria-allowed-attr" && issue.context !== null && isGovukConditionalRevealInput(issue.context);

let service: TestService;
let site: Awaited<ReturnType<typeof servedApp>>;
let browser: Browser;

beforeAll(async () => {
  site = await servedApp(siteDir);
  service = site.service;
  browser = await puppeteer.launch({ executablePath: chromiumPath, args: chromiumArgs });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await site?.close();
});

const options = { standard: "WCAG2AA", runners: ["axe", "htmlcs"], includeWarnings: false, includeNotices: false, timeout: 60_000 };

function describeIssues(target: Target, viewport: number, results: Pa11yResults): string[] {
  return results.issues
    .filter((issue) => issue.type === "error" && !knownFalsePositive(issue))
    .map((issue) => `${target.path}${target.post ? " (posted)" : ""} @${viewport}px [${issue.runner} ${issue.code}] ${issue.selector}: ${issue.message} ${issue.context ?? ""}`.replace(/\s+/g, " "));
}

/**
 * WCAG 1.4.10 Reflow, which neither runner checks: at 320 px nothing may make the page scroll sideways.
 * Returns a line naming the text that sticks out, if any does.
 */
async function sidewaysScroll(page: Page, target: Target): Promise<string[]> {
  const overflow = await page.evaluate(() => {
    const width = window.innerWidth;
    if (document.documentElement.scrollWidth <= width) return undefined;
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const range = document.createRange();
      range.selectNodeContents(node);
      if ([...range.getClientRects()].some((rect) => rect.right > width)) return `"${node.textContent!.trim().slice(0, 60)}" in <${node.parentElement!.tagName.toLowerCase()} class="${node.parentElement!.className}">`;
    }
    return `the page is ${document.documentElement.scrollWidth} px wide`;
  });
  return overflow ? [`${target.path}${target.post ? " (posted)" : ""} @320px [reflow, WCAG 1.4.10] scrolls sideways: ${overflow} sticks out`] : [];
}

/** The page was checked at the width it should have been. */
async function wrongWidth(page: Page, target: Target, width: number): Promise<string[]> {
  const actual = await page.evaluate(() => window.innerWidth);
  return actual === width ? [] : [`${target.path}: checked at ${actual} px, not ${width} px`];
}

async function settle(page: Page) {
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

/** Checks a built page: loaded once at 320 px, checked, widened to 1280 px, checked again. */
async function checkBuiltPage(page: Page, target: Target): Promise<string[]> {
  const problems: string[] = [];
  await page.setViewport(viewports[0]);
  const response = await page.goto(`${site.url}${target.path}`, { waitUntil: "load" });
  if (response?.status() !== 200) return [`${target.path}: answered ${response?.status()}`];
  for (const viewport of viewports) {
    await page.setViewport(viewport);
    await settle(page);
    // pa11y sets the page's viewport to its `viewport` option (1280 × 1024 unless given) before it checks.
    const results = await pa11y(`${site.url}${target.path}`, { ...options, viewport, browser: page.browserContext(), page, ignoreUrl: true });
    problems.push(...describeIssues(target, viewport.width, results));
    problems.push(...(await wrongWidth(page, target, viewport.width)));
    if (viewport.width === 320) problems.push(...(await sidewaysScroll(page, target)));
  }
  return problems;
}

/** Checks a page the service renders: pa11y loads it (with the draft's cookie, and posted if the target posts). */
async function checkServicePage(target: Target): Promise<string[]> {
  const context = await browser.createBrowserContext();
  try {
    const page = await context.newPage();
    await page.setViewport(viewports[0]);
    let status = 0;
    page.on("response", (response) => {
      if (response.request().isNavigationRequest() && response.url() === `${site.url}${target.path}`) status = response.status();
    });
    const headers: Record<string, string> = { Cookie: target.cookie ?? "" };
    if (target.post) Object.assign(headers, { "Content-Type": "application/x-www-form-urlencoded", Origin: site.url });
    const load = target.post ? { method: "POST", postData: formBody(target.post), headers } : { headers };
    const problems: string[] = [];
    for (const [i, viewport] of viewports.entries()) {
      if (i > 0) {
        await page.setViewport(viewport);
        await settle(page);
      }
      const results = await pa11y(`${site.url}${target.path}`, { ...options, viewport, browser: context, page, ...(i === 0 ? load : { ignoreUrl: true }) });
      if (i === 0 && target.expect) {
        const text = await page.evaluate(() => document.body.innerText);
        if (status !== target.expect.status || !target.expect.title.test(results.documentTitle) || (target.expect.text && !text.includes(target.expect.text))) {
          return [`${target.path}: expected ${target.expect.status} "${target.expect.title}" ${target.expect.text ?? ""}, got ${status} "${results.documentTitle}"`];
        }
      }
      problems.push(...describeIssues(target, viewport.width, results));
      problems.push(...(await wrongWidth(page, target, viewport.width)));
      if (viewport.width === 320) problems.push(...(await sidewaysScroll(page, target)));
    }
    return problems;
  } finally {
    await context.close();
  }
}

/** Checks every target with a few pages at once; returns every error found, one line each. */
async function check(targets: Target[]): Promise<string[]> {
  const queue = [...targets];
  const problems: string[] = [];
  const worker = async () => {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    try {
      for (let target = queue.shift(); target; target = queue.shift()) {
        problems.push(...(target.cookie === undefined ? await checkBuiltPage(page, target) : await checkServicePage(target)));
      }
    } finally {
      await context.close();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return problems;
}

const under = (prefix: string) => pages.filter((p) => p.startsWith(prefix)).map((path) => ({ path }));

describe("pa11y, WCAG2AA with axe and HTML_CodeSniffer, at 320 px and 1280 px, and no sideways scrolling at 320 px", () => {
  it("finds faults where there are some, with both runners (so a pass below means something)", async () => {
    const context = await browser.createBrowserContext();
    try {
      const page = await context.newPage();
      await page.setContent(
        `<!DOCTYPE html><html lang="en"><head><title>Faults</title></head><body><main><h1>Faults</h1>` +
          `<input type="text" name="unlabelled"><p style="color:#bbbbbb;background:#ffffff">Faint text</p>` +
          `<input class="govuk-radios__input" id="r" name="r" type="radio" value="yes" aria-controls="conditional-r" aria-expanded="false" aria-pressed="true"><label for="r">Yes</label>` +
          `<div id="conditional-r"></div></main></body></html>`,
      );
      const results = await pa11y(site.url, { ...options, browser: context, page, ignoreUrl: true });
      const errors = results.issues.filter((issue) => issue.type === "error" && !knownFalsePositive(issue));
      expect(errors.filter((e) => e.runner === "axe").map((e) => e.code)).toEqual(expect.arrayContaining(["label", "color-contrast", "aria-allowed-attr"]));
      expect(errors.filter((e) => e.runner === "htmlcs").length).toBeGreaterThan(0);
    } finally {
      await context.close();
    }
  });

  it("finds no errors on any page of an English-only force (kent)", async () => {
    const targets = under("/kent/");
    expect(targets.length).toBeGreaterThan(140);
    expect(await check(targets)).toEqual([]);
  }, 300_000);

  it("finds no errors on any Welsh page of a bilingual force (gwent)", async () => {
    const targets = under("/gwent/cy/");
    expect(targets.length).toBeGreaterThan(140);
    expect(await check(targets)).toEqual([]);
  }, 300_000);

  it("finds no errors on the national index, and on the home, hub and a whole service of a force with another theme (city-of-london)", async () => {
    const targets = [{ path: "/" }, { path: "/city-of-london/" }, { path: "/city-of-london/report/" }, ...under("/city-of-london/report/report-crime/")];
    expect(targets.length).toBeGreaterThan(15);
    expect(await check(targets)).toEqual([]);
  }, 120_000);

  it("finds no errors on check-answers and confirmation, in English and in Welsh", async () => {
    const crime = serviceDefinition("report-crime");
    const targets: Target[] = [];
    for (const prefix of ["/kent/", "/gwent/cy/"]) {
      const start = `${prefix}report/report-crime/`;
      const checking = await reportInProgress(service.app, crime, prefix);
      const sent = await reportInProgress(service.app, crime, prefix, { send: true });
      const welsh = prefix.includes("/cy/");
      targets.push(
        { path: `${start}check-answers/`, cookie: checking, expect: { status: 200, title: welsh ? /^Gwirio eich atebion/ : /^Check your answers/ } },
        { path: `${start}confirmation/`, cookie: sent, expect: { status: 200, title: /–/, text: welsh ? "Eich cyfeirnod" : "Your reference number" } },
      );
    }
    expect(await check(targets)).toEqual([]);
  }, 120_000);

  it("finds no errors on a page re-rendered with errors, for every answer type", async () => {
    const crime = await reportInProgress(service.app, serviceDefinition("report-crime"), "/kent/");
    const fraud = await reportInProgress(service.app, serviceDefinition("report-fraud"), "/kent/");
    const page = (path: string, cookie: string, post: FormValues, text: string): Target => ({
      path: `/kent/report/${path}/`,
      cookie,
      post,
      expect: { status: 422, title: /^Error: /, text },
    });
    const date = { "date-of-crime-day": "20", "date-of-crime-month": "11", "date-of-crime-year": "2026" };
    const targets: Record<string, Target> = {
      text: page("report-crime/where-it-happened", crime, { "crime-location": "", "crime-postcode": "" }, "Enter where it happened"),
      postcode: page("report-crime/where-it-happened", crime, { "crime-location": "High Street", "crime-postcode": "NOT A POSTCODE" }, "Enter a postcode, like AA1 1AA"),
      textarea: page("report-crime/what-happened", crime, { "what-happened": "x".repeat(1201) }, "1200 characters or less"),
      radios: page("report-crime", crime, { "in-danger": "no" }, "Select what you want to report"),
      "yes-no": page("report-crime/railway", crime, {}, "Select if it happened on the railway"),
      checkboxes: page("report-crime/risk", crime, {}, "Select if any of these apply"),
      date: page("report-crime/when-it-happened", crime, { "date-of-crime-day": "31", "date-of-crime-month": "2", "date-of-crime-year": "2026" }, "must be a real date"),
      time: page("report-crime/when-it-happened", crime, { ...date, "time-of-crime": "25:99" }, "correct format, like 14:30"),
      email: page("report-crime/your-details", crime, { "full-name": "Sam Smith", "contact-methods": ["email"], email: "sam-at-example" }, "like name@example.com"),
      phone: page("report-crime/your-details", crime, { "full-name": "Sam Smith", "contact-methods": ["phone"], phone: "call me" }, "like 01632 960 001"),
      number: page("report-fraud/how-much-was-lost", fraud, { "amount-lost": "lots" }, "must be a number"),
      group: page("report-crime/what-was-stolen", crime, { "stolen-items-0-item-description": "", "stolen-items-0-item-value": "" }, "Add at least one item"),
      "a field in a group": page("report-crime/what-was-stolen", crime, { "stolen-items-0-item-description": "Bike", "stolen-items-0-item-value": "lots" }, "must be a number (item 1)"),
    };
    expect(await check(Object.values(targets))).toEqual([]);
  }, 120_000);
});
