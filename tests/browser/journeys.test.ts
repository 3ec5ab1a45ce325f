/**
 * A member of the public in Chromium, on the real app listening on loopback: whole reports with JavaScript on
 * and off, mistakes and changes, triage, leaving a sensitive service quickly, a report by keyboard alone, and
 * each force's branding. axe (WCAG 2.0, 2.1 and 2.2 A and AA) checks each kind of page they reach, in each
 * state they see it (a page re-rendered with errors, a page with errors shown by the browser), with JavaScript
 * on and off; and each test fails if a page loaded without being checked, or standing for a kind already checked
 * in this file (tests/helpers/page-types.ts: a kind's markup is the same wherever it is; pa11y checks one of
 * each too).
 */
import { mkdirSync } from "node:fs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { loadSite } from "../../lib/site/load.ts";
import { axeViolations, serviceDefinition } from "../helpers/a11y.ts";
import { answer, launchChromium, newContext } from "../helpers/browser.ts";
import { happyPath } from "../helpers/journey.ts";
import { pageKinds, shapeOf } from "../helpers/page-types.ts";
import { stuckAfterMs } from "../helpers/patience.ts";
import { servedApp, type TestService } from "../helpers/service.ts";

const siteDir = inject("siteDir");
const crime = serviceDefinition("report-crime");
const exitUrl = "https://www.bbc.co.uk/weather";
const referencePattern = /^[A-Z]{3}-[0-9A-Z]{4}-[0-9A-Z]{4}$/;
const content = loadSite(process.cwd());
const planned = pageKinds(content);
/** The kinds of page (in the state seen, with JavaScript on or off) axe has checked in this file. */
const checkedKinds = new Set<string>();

let service: TestService;
let site: Awaited<ReturnType<typeof servedApp>>;
let browser: Browser;

beforeAll(async () => {
  site = await servedApp(siteDir);
  service = site.service;
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
});

/**
 * One person in one browser tab. Every page of ours that loads is checked with axe before they act on it
 * (`audit`); `done()` fails the test for any violation, and for any page that loaded but was not checked.
 */
class Person {
  readonly problems: string[] = [];
  readonly unchecked: string[] = [];
  private pending: string | undefined;
  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
    readonly javaScript: boolean,
  ) {
    page.on("load", () => {
      if (this.pending) this.unchecked.push(this.pending);
      this.pending = page.url().startsWith(site.url) ? page.url() : undefined;
    });
  }

  static async start({ javaScript = true } = {}): Promise<Person> {
    const context = await newContext(browser, { javaScriptEnabled: javaScript });
    await context.route("https://www.bbc.co.uk/**", (route) => route.fulfill({ contentType: "text/html", body: "left" }));
    return new Person(context, await context.newPage(), javaScript);
  }

  /** The kinds of thing on the page as it is now: its kinds (or its address's shape), in this state. */
  private async kindsNow(): Promise<string[]> {
    const url = new URL(this.page.url());
    const state = [this.javaScript ? "JavaScript on" : "JavaScript off", (await this.page.locator(".govuk-error-summary").isVisible()) ? "errors shown" : "no errors"].join(", ");
    return (planned.get(url.pathname) ?? [shapeOf(url.pathname, content)]).map((kind) => `${kind} (${state})`);
  }

  /** Checks the page as it is now with axe, unless every kind of thing on it has been checked so already. */
  async audit() {
    const kinds = await this.kindsNow();
    if (kinds.some((kind) => !checkedKinds.has(kind))) {
      this.problems.push(...(await axeViolations(this.page, { javaScript: this.javaScript })));
      for (const kind of kinds) checkedKinds.add(kind);
    }
    this.pending = undefined;
  }

  async goto(path: string) {
    await this.page.goto(`${site.url}${path}`);
    await this.audit();
  }

  /** Does something that loads a page (follows a link, sends a form), waits for the page, and checks it. */
  async navigates(action: () => Promise<unknown>) {
    const from = this.page.url();
    // However long a busy machine takes; a link or form that does nothing is caught as stuck.
    const loaded = this.page.waitForEvent("load").catch(() => {
      throw new Error(`No page loaded within ${stuckAfterMs / 60_000} minutes of acting on ${from}: the link or form did nothing`);
    });
    await action();
    await loaded;
    await this.audit();
  }

  path() {
    const url = new URL(this.page.url());
    return url.pathname + url.search;
  }

  async done() {
    await this.context.close();
    expect(this.problems).toEqual([]);
    expect([...this.unchecked, ...(this.pending ? [this.pending] : [])]).toEqual([]);
  }
}

const continueButton = (page: Page) => page.getByRole("button", { name: "Continue" });

/**
 * Reports a theft in Kent from the force's home page: a mistake in the date fixed from the error summary,
 * the place changed from check-answers, then sent. Returns the reference the confirmation page shows.
 */
async function reportTheft(person: Person, javaScript: boolean): Promise<string> {
  const { page } = person;
  const start = "/kent/report/report-crime/";
  await person.goto("/kent/");
  await person.navigates(() => page.getByRole("button", { name: "Report something" }).click());
  expect(person.path()).toBe("/kent/report/");
  await person.navigates(() => page.getByRole("link", { name: "Report a crime", exact: true }).click());
  expect(person.path()).toBe(start);

  await page.getByRole("group", { name: /immediate danger/ }).getByLabel("No").check();
  await page.getByLabel("Theft").check();
  await person.navigates(() => continueButton(page).click());

  for (const { step, form: sample } of happyPath(crime).slice(1)) {
    expect(person.path()).toBe(`${start}${step.id}/`);
    let form = sample;
    if (step.id === "when-it-happened") {
      // A date that does not exist: the error summary says so, its link goes to the field, and it is fixed there.
      await page.getByLabel("Day").fill("31");
      await page.getByLabel("Month").fill("2");
      await page.getByLabel("Year").fill("2026");
      if (javaScript) {
        await continueButton(page).click();
        await page.locator(".govuk-error-summary").waitFor();
        await person.audit();
        expect(await page.evaluate(() => document.activeElement?.classList.contains("govuk-error-summary"))).toBe(true);
      } else {
        await person.navigates(() => continueButton(page).click());
      }
      expect(await page.title()).toMatch(/^Error: /);
      const link = page.locator(".govuk-error-summary a");
      expect(await link.allTextContents()).toEqual([expect.stringMatching(/must be a real date/)]);
      await link.click();
      expect(await page.evaluate(() => document.activeElement?.id)).toBe("date-of-crime-day");
      await page.keyboard.press("ControlOrMeta+A");
      await page.keyboard.type("20");
      await page.getByLabel("Month").fill("11");
      // govuk-frontend's Button ignores a second press within a second (preventDoubleClick): a person who has
      // just read an error and fixed a field has taken longer than that.
      if (javaScript) await page.waitForTimeout(1_000);
      form = Object.fromEntries(Object.entries(sample).filter(([name]) => !name.startsWith("date-of-crime-"))); // the date is as fixed
    }
    await answer(page, form);
    await person.navigates(() => continueButton(page).click());
  }

  expect(person.path()).toBe(`${start}check-answers/`);
  const place = page.locator(".govuk-summary-list__row", { hasText: "Address or description of the place" }).locator("dd").first();
  expect(await place.textContent()).toContain("Sample crime location");
  await person.navigates(() => page.getByRole("link", { name: "Change Address or description of the place" }).click());
  expect(person.path()).toBe(`${start}where-it-happened/?change=yes`);
  expect(await page.getByLabel("Address or description of the place").inputValue()).toBe("Sample crime location");
  await page.getByLabel("Address or description of the place").fill("Outside the library, High Street, Maidstone");
  await person.navigates(() => continueButton(page).click());
  expect(person.path()).toBe(`${start}check-answers/`);
  expect(await place.textContent()).toContain("Outside the library, High Street, Maidstone");

  await person.navigates(() => page.getByRole("button", { name: "Send report" }).click());
  expect(person.path()).toBe(`${start}confirmation/`);
  expect(await page.locator(".govuk-panel__title").textContent()).toBeTruthy();
  return (await page.locator(".fc-reference").textContent())!.trim();
}

describe("a member of the public in Chromium, every page checked with axe", () => {
  for (const javaScript of [true, false]) {
    it(`reports a theft with JavaScript ${javaScript ? "on" : "off"}, fixing a mistake from the error summary and changing an answer, and gets a reference`, async () => {
      const person = await Person.start({ javaScript });
      const reference = await reportTheft(person, javaScript);
      expect(reference).toMatch(referencePattern);
      const stored = (await service.store.getReport(reference))!;
      expect(stored).toMatchObject({ forceId: "kent", serviceId: "report-crime", lang: "en" });
      expect(stored.answers["crime-location"]).toBe("Outside the library, High Street, Maidstone");
      expect(stored.answers["date-of-crime"]).toBe("2026-11-20");
      await person.done();
    });

    it(`is sent to 'call 999' and to Report Fraud by the triage, with JavaScript ${javaScript ? "on" : "off"}`, async () => {
      const person = await Person.start({ javaScript });
      const { page } = person;
      await person.goto("/kent/report/report-crime/");
      await page.getByRole("group", { name: /immediate danger/ }).getByLabel("Yes").check();
      await page.getByLabel("Theft").check();
      await person.navigates(() => continueButton(page).click());
      expect(person.path()).toBe("/kent/report/report-crime/outcome/call-999/");
      expect(await page.locator("h1").textContent()).toContain("Call 999");

      await person.goto("/kent/report/report-crime/");
      await page.getByRole("group", { name: /immediate danger/ }).getByLabel("No").check();
      await page.getByLabel("Fraud").check();
      await person.navigates(() => continueButton(page).click());
      expect(person.path()).toBe("/kent/report/report-crime/outcome/report-fraud/");
      expect(await page.locator("h1").textContent()).toContain("Report Fraud");
      await person.done();
    });

    it(`leaves the domestic abuse service by the 'Exit this page' button, with JavaScript ${javaScript ? "on" : "off"}`, async () => {
      const person = await Person.start({ javaScript });
      const { page } = person;
      await person.goto("/kent/report/report-domestic-abuse/");
      await page.getByRole("group", { name: /immediate danger/ }).getByLabel("No").check();
      await page.getByRole("button", { name: "Exit this page" }).click();
      await page.waitForURL(exitUrl);
      expect(await page.textContent("body")).toBe("left");
      await person.done();
    });
  }

  it("leaves the domestic abuse service by pressing Escape", async () => {
    const person = await Person.start();
    const { page } = person;
    await person.goto("/kent/report/report-domestic-abuse/");
    await page.getByRole("group", { name: /immediate danger/ }).getByLabel("No").check();
    // The way out is the service's exit route, which redirects; Playwright's stand-in for the neutral site has been
    // seen to miss the first request of that redirect after a key press, which the browser then retries.
    const left = page.waitForEvent("framenavigated", { predicate: (frame) => frame === page.mainFrame() && frame.url() === exitUrl });
    await page.keyboard.press("Escape");
    await left;
    await page.waitForLoadState();
    expect(await page.textContent("body")).toBe("left");
    await person.done();
  });

  it("completes a whole report with the keyboard alone: Tab, arrow keys, Space, Enter and typing, no clicks", async () => {
    const person = await Person.start();
    const { page } = person;
    const found = serviceDefinition("report-found-property");
    const focused = (selector: string) => page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector);
    /** Presses Tab until the element is focused, as someone would; fails if Tab never reaches it. */
    const tabTo = async (selector: string) => {
      for (let i = 0; i < 80; i++) {
        await page.keyboard.press("Tab");
        if (await focused(selector)) return;
      }
      throw new Error(`Tab never reaches ${selector} on ${page.url()}`);
    };

    await person.goto("/city-of-london/");
    await tabTo(".govuk-button--start");
    await person.navigates(() => page.keyboard.press("Enter"));
    await tabTo(`a[href="/city-of-london/report/report-found-property/"]`);
    await person.navigates(() => page.keyboard.press("Enter"));

    for (const { step, form } of happyPath(found)) {
      expect(person.path()).toBe(`/city-of-london/report/report-found-property/${step === found.steps[0] ? "" : `${step.id}/`}`);
      const order = await page.evaluate(() => [...document.querySelector<HTMLFormElement>("form[data-fc-step]")!.elements].map((e) => (e as HTMLInputElement).name));
      for (const [name, value] of Object.entries(form).sort(([a], [b]) => order.indexOf(a) - order.indexOf(b))) {
        const type = await page.locator(`[name="${name}"]`).first().getAttribute("type");
        // The photos are optional: this person adds none (uploading is proved in tests/service/upload.test.ts).
        if (type === "file") continue;
        if (type === "radio") {
          // Tab goes to the group; the arrow keys move through it, choosing as they go.
          await tabTo(`input[name="${name}"]`);
          if (await focused(`[value="${value}"]`)) await page.keyboard.press("Space");
          for (let i = 0; i < 10 && !(await focused(`[value="${value}"]`)); i++) await page.keyboard.press("ArrowDown");
          expect(await page.locator(`[name="${name}"][value="${value}"]`).isChecked()).toBe(true);
        } else if (type === "checkbox") {
          for (const v of [value].flat()) {
            await tabTo(`input[name="${name}"][value="${v}"]`);
            await page.keyboard.press("Space");
          }
        } else {
          await tabTo(`[name="${name}"]`);
          await page.keyboard.type(String(value));
        }
      }
      // Continue, not a file question's own "Upload file" button before it.
      await tabTo('form[data-fc-step] > .govuk-button:not([value^="upload:"])');
      await person.navigates(() => page.keyboard.press("Enter"));
    }

    expect(person.path()).toBe("/city-of-london/report/report-found-property/check-answers/");
    await tabTo("form > .govuk-button");
    await person.navigates(() => page.keyboard.press("Enter"));
    expect(person.path()).toBe("/city-of-london/report/report-found-property/confirmation/");
    const reference = (await page.locator(".fc-reference").textContent())!.trim();
    expect(reference).toMatch(/^COL-/);
    expect(await service.store.getReport(reference)).toMatchObject({ forceId: "city-of-london", serviceId: "report-found-property" });
    await person.done();
  });

  it("shows each force's own branding: two home pages, screenshots kept, different header colours", async () => {
    const person = await Person.start();
    const { page } = person;
    mkdirSync(".artifacts/screenshots", { recursive: true });
    const colours: Record<string, string> = {};
    for (const force of ["kent", "city-of-london"]) {
      await person.goto(`/${force}/`);
      colours[force] = await page.locator(".govuk-generic-header").evaluate((header) => getComputedStyle(header).backgroundColor);
      await page.screenshot({ path: `.artifacts/screenshots/${force}-home.png`, fullPage: true });
    }
    expect(colours.kent).toMatch(/^rgb\(/);
    expect(colours["city-of-london"]).toMatch(/^rgb\(/);
    expect(colours.kent).not.toBe(colours["city-of-london"]);
    await person.done();
  });
});
