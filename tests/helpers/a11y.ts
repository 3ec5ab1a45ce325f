import { readFileSync } from "node:fs";
import { AxeBuilder } from "@axe-core/playwright";
import type { Hono } from "hono";
import type { Browser, BrowserContext, Page } from "playwright-core";
import type { FormValues } from "../../lib/services/form.ts";
import type { ServiceDefinition } from "../../lib/services/types.ts";
import { newContext } from "./browser.ts";
import { acceptedKinds } from "../../lib/answer-types/file.checks.ts";
import { happyPath, Visitor } from "./journey.ts";
import { sampleFile } from "./uploads.ts";

/** How the browser tests start Debian's Chromium (as tests/helpers/browser.ts does): no sandbox as root, no network chatter. */
export const chromiumArgs = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** The WCAG levels every page must meet: 2.0 and 2.1 A and AA, and 2.2 AA. */
export const wcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

export function serviceDefinition(id: string): ServiceDefinition {
  return JSON.parse(readFileSync(`content/services/${id}/service.json`, "utf8"));
}

/** A URL-encoded form body, as a browser sends it. */
export function formBody(form: FormValues): string {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(form)) for (const v of Array.isArray(value) ? value : [value ?? ""]) body.append(name, v);
  return body.toString();
}

/**
 * A report in progress, made through the service's own forms: every step of the service's happy path answered,
 * so check-answers and every step on the path can be shown; sent too when `send` is set, so its confirmation
 * can. Returns the `Cookie` header a browser would then send (the draft's signed cookie).
 */
export async function reportInProgress(app: Hono, definition: ServiceDefinition, prefix: string, { send = false, files = true } = {}): Promise<string> {
  const visitor = new Visitor(app);
  const start = `${prefix}report/${definition.id}/`;
  let cookie = "";
  const keep = (response: Response) => {
    for (const line of response.headers.getSetCookie()) if (line.startsWith("fc_draft=")) cookie = line.split(";")[0];
  };
  for (const { step, form } of happyPath(definition)) {
    const url = step === definition.steps[0] ? start : `${start}${step.id}/`;
    // A file question on the way gets a file, uploaded as a browser does, so check-answers lists one (the
    // service must then be taking files: testService given a scanner); `files: false` leaves them out.
    for (const question of files ? step.questions.filter((q) => q.type === "file" && !q.showWhen) : []) {
      const file = sampleFile(acceptedKinds(question));
      const upload = new FormData();
      upload.append(question.id, new Blob([new Uint8Array(file.bytes)]), file.name);
      upload.append("action", `upload:${question.id}`);
      const response = await visitor.postMultipart(url, upload);
      if (response.status !== 303) throw new Error(`${url}: uploading ${file.name} answered ${response.status}, not 303`);
      keep(response);
    }
    const response = await visitor.post(url, form);
    if (response.status !== 303) throw new Error(`${start}${step.id}/ answered ${response.status}, not 303`);
    keep(response);
  }
  if (send) {
    const response = await visitor.post(`${start}check-answers/`, {});
    if (response.headers.get("location") !== `${start}confirmation/`) throw new Error(`${start}check-answers/ did not send the report`);
    keep(response);
  }
  if (!cookie) throw new Error(`${start}: no draft cookie`);
  return cookie;
}

/**
 * govuk-frontend's Radios and Checkboxes set `aria-expanded` on an input that reveals a conditional question.
 * ARIA 1.2 does not list aria-expanded for the radio and checkbox roles, so axe reports `aria-allowed-attr`;
 * GOV.UK keeps it on purpose because screen readers announce the reveal (alphagov/govuk-frontend#979, listed
 * as a known axe issue in #1280). It is the design system's markup, not ours: that one attribute on those
 * inputs is allowed, and every other attribute, element and rule is still checked.
 */
export function isGovukConditionalRevealInput(html: string): boolean {
  const input = /^<input\b[^>]*>/.exec(html.trim())?.[0];
  if (!input || !/class="govuk-(radios|checkboxes)__input"/.test(input) || !/\saria-controls="conditional-/.test(input)) return false;
  const aria = [...input.matchAll(/\s(aria-[a-z]+)=/g)].map((m) => m[1]);
  return aria.includes("aria-expanded") && aria.every((name) => ["aria-controls", "aria-expanded", "aria-describedby"].includes(name));
}

/**
 * A copy of a page with JavaScript off, in a page with JavaScript on, for axe to run in: axe runs inside the
 * page, asynchronously, which a page with JavaScript off cannot do. The copy is the page's document as it
 * stands, its scripts left out (none of them ran), served at the same URL so that its stylesheets and images
 * load from the real server.
 */
async function copyWithoutScripts(page: Page): Promise<Page> {
  const html = (await page.content()).replace(/<script\b[\s\S]*?<\/script>/gi, "");
  // <noscript> is parsed as elements with JavaScript off and as text with it on: the copy would differ.
  if (/<noscript/i.test(html)) throw new Error(`${page.url()}: a page with <noscript> cannot be copied for axe faithfully`);
  const url = page.url().split("#")[0];
  const browser = page.context().browser()!;
  if (!inspectors.has(browser)) inspectors.set(browser, newContext(browser));
  const copy = await (await inspectors.get(browser)!).newPage();
  const viewport = page.viewportSize();
  if (viewport) await copy.setViewportSize(viewport);
  await copy.route((target) => target.href === url, (route) => route.fulfill({ contentType: "text/html; charset=utf-8", body: html }));
  await copy.goto(url);
  return copy;
}
/** One context with JavaScript on per browser, for the copies (closed with the browser). */
const inspectors = new WeakMap<Browser, Promise<BrowserContext>>();

/**
 * Runs axe (WCAG 2.0, 2.1 and 2.2, A and AA) on the page as it is now; returns each violation as a readable line.
 * Give `javaScript: false` for a page in a context with JavaScript off.
 */
export async function axeViolations(page: Page, { javaScript = true } = {}): Promise<string[]> {
  const target = javaScript ? page : await copyWithoutScripts(page);
  let results;
  try {
    results = await new AxeBuilder({ page: target }).withTags(wcagTags).analyze();
  } finally {
    if (target !== page) await target.close();
  }
  const problems: string[] = [];
  for (const violation of results.violations) {
    for (const node of violation.nodes) {
      if (violation.id === "aria-allowed-attr" && isGovukConditionalRevealInput(node.html)) {
        const data = [...node.all, ...node.any, ...node.none].flatMap((check) => (Array.isArray(check.data) ? (check.data as string[]) : []));
        if (data.length && data.every((attribute) => /^aria-expanded="(true|false)"$/.test(attribute))) continue;
      }
      problems.push(`${page.url()} [${violation.id}] ${node.target.join(" ")}: ${violation.help} — ${node.failureSummary ?? ""}`.replace(/\s+/g, " "));
    }
  }
  return problems;
}
