/**
 * pa11y (WCAG2AA, with both the axe and HTML_CodeSniffer runners) in Debian's Chromium, on the real app
 * listening on loopback, at 320 px (a phone, and 400% zoom on a laptop) and at 1280 px: one page of each kind
 * the site is made of, in each language (tests/helpers/page-types.ts: every layout, the national index, service
 * start pages and steps showing every answer type, conditional and exclusive options, 'Exit this page', outcome
 * pages, a force's own pages), and the pages only the service renders, in each language: check-answers showing
 * every answer type, confirmation, and a page re-rendered with errors for every answer type. Zero errors; and,
 * since neither runner checks WCAG 1.4.10 Reflow, no page may scroll sideways at 320 px.
 *
 * One page of each kind, not every page of every force: the markup of a kind is the same on each force and each
 * service (the build renders them from one template and one component per answer type), so checking it 44
 * times finds nothing more, and the checked set stays the same size as the catalogue grows. What differs per
 * force is its name, its colours (their contrast is gated at build, lib/themes/colours.ts) and its own pages.
 *
 * pa11y-ci's Node API (`pa11yCi(urls, options)`) loads each URL afresh per viewport in a new browser context
 * and waits for `networkidle2`; this drives pa11y's own API (the engine pa11y-ci runs) on pages it keeps: four
 * workers, each loads a page once at 320 px, checks it, widens it to 1280 px and checks it again. Pages only the
 * service renders are loaded by pa11y itself, with the draft's cookie in the browser and pa11y's `method` and
 * `postData` options.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import puppeteer, { type Browser, type Page } from "puppeteer";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { FormValues } from "../../lib/services/form.ts";
import { loadSite } from "../../lib/site/load.ts";
import { trackUrl } from "../../lib/site/plan.ts";
import { chromiumArgs, isGovukConditionalRevealInput, reportInProgress } from "../helpers/a11y.ts";
import { chromiumPath } from "../helpers/browser.ts";
import { answerTypesOnThePath, errorStates, forceForEachLanguage, onePageOfEachKind, pageKinds, withUnplanned } from "../helpers/page-types.ts";
import { stuckAfterMs } from "../helpers/patience.ts";
import { servedApp, type TestService } from "../helpers/service.ts";
import { startClamd, type RunningClamd } from "../setup/clamd.ts";
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
const content = loadSite(process.cwd());
const planned = pageKinds(content);
const viewports = [
  { width: 320, height: 640 },
  { width: 1280, height: 1024 },
];
const concurrency = 4;

/** A page to check: a built page (GET), or one the service renders, loaded by pa11y with a draft and maybe a post. */
interface Target {
  path: string;
  /** The draft's cookie ("fc_draft=…"), for a page the service renders ("" for one that needs none: the track page). */
  cookie?: string;
  post?: FormValues;
  /** What the page must be, so a check of the wrong page (a redirect to the start, say) cannot pass. */
  expect?: { status: number | "an error, at once (422) or after a redirect"; title: RegExp; text?: string; link?: string };
}

/** The axe issue govuk-frontend's conditional reveals raise by design (see isGovukConditionalRevealInput). */
const knownFalsePositive = (issue: Pa11yIssue) =>
  issue.runner === "axe" && issue.code === "aria-allowed-attr" && issue.context !== null && isGovukConditionalRevealInput(issue.context);

let service: TestService;
let site: Awaited<ReturnType<typeof servedApp>>;
let browser: Browser;

let clamd: RunningClamd;

beforeAll(async () => {
  // The service takes files as it does in production, scanned by ClamAV, so check-answers can list one.
  clamd = await startClamd();
  site = await servedApp(siteDir, clamd.scanner);
  service = site.service;
  browser = await puppeteer.launch({ executablePath: chromiumPath, args: chromiumArgs, timeout: stuckAfterMs, protocolTimeout: stuckAfterMs });
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
  await clamd?.stop();
});

// pa11y's own timeout is a budget for one page; on a busy machine a page is slow, not broken.
const options = { standard: "WCAG2AA", runners: ["axe", "htmlcs"], includeWarnings: false, includeNotices: false, timeout: stuckAfterMs };

/** A page of a context whose waits last until something happens (puppeteer's own default is 30 s). */
async function patientPage(context: Awaited<ReturnType<Browser["createBrowserContext"]>>): Promise<Page> {
  const page = await context.newPage();
  page.setDefaultTimeout(stuckAfterMs);
  page.setDefaultNavigationTimeout(stuckAfterMs);
  return page;
}

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

/** Checks the page loaded for a target: at 320 px, then widened to 1280 px and checked again. */
async function checkLoadedPage(page: Page, target: Target): Promise<string[]> {
  const problems: string[] = [];
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

/** Checks a built page, loaded once. */
async function checkBuiltPage(page: Page, target: Target): Promise<string[]> {
  await page.setViewport(viewports[0]);
  const response = await page.goto(`${site.url}${target.path}`, { waitUntil: "load" });
  if (response?.status() !== 200) return [`${target.path}: answered ${response?.status()}`];
  return checkLoadedPage(page, target);
}

/**
 * Checks a page the service renders, in a context of its own holding the draft's cookie: loaded as a person
 * gets there, by following a link to it or by sending a form to it (a form made in the page, so the browser
 * posts it as it would any form, with its Origin, following any redirect), then made sure to be the right page.
 */
async function checkServicePage(target: Target): Promise<string[]> {
  const context = await browser.createBrowserContext();
  try {
    const page = await patientPage(context);
    await page.setViewport(viewports[0]);
    const [name, ...value] = target.cookie!.split("=");
    if (name) await context.setCookie({ name, value: value.join("="), domain: new URL(site.url).hostname, path: "/", httpOnly: true });
    const url = `${site.url}${target.path}`;
    let response;
    if (target.post) {
      await page.goto(url);
      [response] = await Promise.all([
        page.waitForNavigation({ waitUntil: "load" }),
        page.evaluate(
          (action, fields) => {
            const form = Object.assign(document.createElement("form"), { method: "post", action });
            for (const [field, value] of fields) form.append(Object.assign(document.createElement("input"), { type: "hidden", name: field, value }));
            document.body.append(form);
            form.submit();
          },
          url,
          Object.entries(target.post).flatMap(([field, v]) => (Array.isArray(v) ? v : [v ?? ""]).map((one) => [field, one])),
        ),
      ]);
    } else {
      response = await page.goto(url, { waitUntil: "load" });
    }
    const status = response?.status() ?? 0;
    const redirected = (response?.request().redirectChain().length ?? 0) > 0;
    if (target.expect) {
      const seen = await page.evaluate(() => ({ title: document.title, text: document.body.innerText, links: [...document.querySelectorAll(".govuk-error-summary a")].map((a) => a.getAttribute("href") ?? "") }));
      const { status: wanted, title, text, link } = target.expect;
      const statusRight = typeof wanted === "number" ? status === wanted && !redirected : (status === 422 && !redirected) || (status === 200 && redirected);
      if (!statusRight || !title.test(seen.title) || (text && !seen.text.includes(text)) || (link && !seen.links.some((href) => href.startsWith(link)))) {
        return [`${target.path}${target.post ? " (posted)" : ""}: expected ${wanted} "${title}" ${text ?? ""}${link ? ` an error summary link to ${link}…` : ""}, got ${status}${redirected ? " after a redirect" : ""} "${seen.title}" linking to ${seen.links.join(" ") || "nothing"}`];
      }
    }
    return await checkLoadedPage(page, target);
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
    const page = await patientPage(context);
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

/** Our own strings (from the locales), matched literally at the start of a title. */
const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** A report in progress in `prefix` for each service, made when first asked for (one draft per page checked). */
const draft = (prefix: string, id: string, send = false, files = true) => reportInProgress(service.app, content.servicesByForce.get(prefix.split("/")[1])!.find((d) => d.id === id)!, prefix, { send, files });

describe("pa11y, WCAG2AA with axe and HTML_CodeSniffer, at 320 px and 1280 px, and no sideways scrolling at 320 px", () => {
  it("finds faults where there are some, with both runners (so a pass below means something)", async () => {
    const context = await browser.createBrowserContext();
    try {
      const page = await patientPage(context);
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

  it("knows the kind of every page the build wrote, so that one page of each kind stands for them all", () => {
    const built = new Set(pages);
    expect([...planned.keys()].filter((url) => !built.has(url))).toEqual([]);
    expect(pages.length).toBeGreaterThan(1_000);
  });

  it("finds no errors on one page of each kind, in English and in Welsh", async () => {
    const chosen = onePageOfEachKind(withUnplanned(planned, pages, content));
    const kinds = chosen.flatMap((page) => page.kinds);
    // Every layout and every answer type the content uses, in each language the forces publish.
    for (const { lang } of forceForEachLanguage(content)) {
      expect(kinds).toEqual(expect.arrayContaining([`${lang}: force home page`, `${lang}: guidance page`, `${lang}: service start page`, `${lang}: triage outcome page`, `${lang}: group answer`]));
    }
    expect(kinds).toEqual(expect.arrayContaining(["en: national front door ('find your force')", "cy: national front door ('find your force')", "en: triage outcome with 'find your force'"]));
    console.info(`pa11y: ${chosen.length} built pages stand for ${kinds.length} kinds across ${pages.length} pages`);
    expect(await check(chosen.map(({ url }) => ({ path: url })))).toEqual([]);
  });

  it("finds no errors on check-answers showing every answer type, and on confirmation, in English and in Welsh", async () => {
    const targets: Target[] = [];
    for (const { force, lang, prefix } of forceForEachLanguage(content)) {
      const services = content.servicesByForce.get(force.id)!;
      const strings = content.locales[lang];
      // Services whose check-answers pages between them show every answer type.
      const showing = onePageOfEachKind(new Map(services.map((d) => [d.id, answerTypesOnThePath(d)])));
      for (const { url: id } of showing) {
        targets.push({ path: `${prefix}report/${id}/check-answers/`, cookie: await draft(prefix, id), expect: { status: 200, title: new RegExp(`^${escaped(strings["service.checkAnswersTitle"])}`) } });
      }
      // A confirmation, of a sensitive service and of one that is not, where the force offers both.
      const confirmations = onePageOfEachKind(new Map(services.map((d) => [d.id, [d.sensitive ? "sensitive" : "not sensitive"]])));
      for (const { url: id } of confirmations) {
        targets.push({ path: `${prefix}report/${id}/confirmation/`, cookie: await draft(prefix, id, true), expect: { status: 200, title: /–/, text: strings["service.referenceLabel"] } });
      }
    }
    expect(targets.length).toBeGreaterThanOrEqual(4);
    expect(await check(targets)).toEqual([]);
  });

  // The fixture's crime happened off the railway in the force's area: on BTP's site (it covers the railway) it
  // happened on the railway, so it is a report there too, not "contact another police force".
  const onTheForcesPatch = (force: { covers?: string }) => (force.covers === "railway" ? { "on-the-railway": "yes", "in-force-area": undefined } : {});

  it("finds no errors on the track page, as a form, with its error and with a report's statuses, in English and in Welsh", async () => {
    const fixture = JSON.parse(readFileSync("tests/fixtures/api/report-crime.json", "utf8"));
    const targets: Target[] = [];
    for (const { force, lang } of forceForEachLanguage(content)) {
      const strings = content.locales[lang];
      const made = await service.app.request(`/api/v1/forces/${force.id}/reports`, { method: "POST", body: JSON.stringify({ ...fixture, lang, answers: { ...fixture.answers, ...onTheForcesPatch(force) } }), headers: { "content-type": "application/json" } });
      const { reference } = await made.json();
      const path = trackUrl(force, lang);
      targets.push(
        { path, cookie: "", expect: { status: 200, title: new RegExp(`^${escaped(strings["track.title"])}`) } },
        { path, cookie: "", post: { reference, email: "someone.else@example.com" }, expect: { status: 404, title: new RegExp(`^${escaped(strings["errors.prefix"])}: `), link: "#reference" } },
        { path, cookie: "", post: { reference, email: fixture.answers.email }, expect: { status: 200, title: new RegExp(`^${escaped(strings["track.resultTitle"])}`), text: strings["track.status.received"] } },
      );
    }
    expect(await check(targets)).toEqual([]);
  });

  it("finds no errors on a page re-rendered with errors, for every answer type, in English and in Welsh", async () => {
    const targets: Target[] = [];
    for (const { force, lang, prefix } of forceForEachLanguage(content)) {
      const states = errorStates(content, force, lang);
      expect(states.map((state) => state.kind)).toEqual(expect.arrayContaining(["text", "textarea", "radios", "checkboxes", "date", "group"].map((type) => `${lang}: ${type} answer with an error`)));
      for (const state of states) {
        targets.push({
          path: `${prefix}${state.path}`,
          // No files in the draft: a file question's error is its file left out.
          cookie: await draft(prefix, state.definition.id, false, false),
          post: state.form,
          expect: { status: "an error, at once (422) or after a redirect", title: new RegExp(`^${escaped(content.locales[lang]["errors.prefix"])}: `), link: `#${state.field}` },
        });
      }
    }
    expect(await check(targets)).toEqual([]);
  });
});
