import type { Hono } from "hono";
import type { FormValues } from "../../lib/services/form.ts";
import { inner, unitOf } from "../../lib/answer-types/registry.ts";
import { readStep } from "../../lib/services/form.ts";
import type { Answers, Question, ServiceDefinition, Step } from "../../lib/services/types.ts";
import { passes } from "../../lib/triage/conditions.ts";
import { routeFrom } from "../../lib/triage/triage.ts";

import { expect } from "vitest";

type Send = (url: string, init: RequestInit) => Promise<Response>;

/**
 * A member of the public with a browser's cookie jar (Path-scoped), talking to the app in-process
 * (`new Visitor(app)`) or over HTTP to a listening server (`new Visitor(baseUrl)`), following no redirects.
 */
export class Visitor {
  private cookies = new Map<string, { path: string; value: string }>();
  private send: Send;
  private origin: string;
  constructor(target: Hono | string) {
    if (typeof target === "string") {
      this.origin = target;
      this.send = (url, init) => fetch(new URL(url, target), { ...init, redirect: "manual" });
    } else {
      this.origin = "http://localhost";
      this.send = async (url, init) => target.request(url, init);
    }
  }

  private cookieHeader(url: string): string {
    const path = new URL(url, this.origin).pathname;
    return [...this.cookies.entries()]
      .filter(([, c]) => path.startsWith(c.path))
      .map(([key, c]) => `${key.split("|")[0]}=${c.value}`)
      .join("; ");
  }

  private remember(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(";").map((s) => s.trim());
      const [name, ...rest] = pair.split("=");
      const path = attributes.find((a) => a.toLowerCase().startsWith("path="))?.slice(5) ?? "/";
      this.cookies.set(`${name}|${path}`, { path, value: rest.join("=") });
    }
  }

  setCookie(name: string, path: string, value: string) {
    this.cookies.set(`${name}|${path}`, { path, value });
  }

  async get(url: string): Promise<Response> {
    const response = await this.send(url, { headers: { cookie: this.cookieHeader(url) } });
    this.remember(response);
    return response;
  }

  /** A form with files, as a browser sends a page with a file input (multipart/form-data). */
  async postMultipart(url: string, form: FormData): Promise<Response> {
    const response = await this.send(url, { method: "POST", body: form, headers: { origin: this.origin, cookie: this.cookieHeader(url) } });
    this.remember(response);
    return response;
  }

  async post(url: string, form: FormValues, headers: Record<string, string> = {}): Promise<Response> {
    const body = new URLSearchParams();
    for (const [name, value] of Object.entries(form)) for (const v of Array.isArray(value) ? value : [value ?? ""]) body.append(name, v);
    const response = await this.send(url, {
      method: "POST",
      body: body.toString(),
      headers: { "content-type": "application/x-www-form-urlencoded", origin: this.origin, cookie: this.cookieHeader(url), ...headers },
    });
    this.remember(response);
    return response;
  }
}

/** Every answer a person could give to a choice, from its answer type. */
const choices = (question: Question) => unitOf(question).alternatives!(question);

function* combinations(lists: (string | string[])[][]): Generator<(string | string[])[]> {
  if (!lists.length) return yield [];
  for (const head of lists[0]) for (const tail of combinations(lists.slice(1))) yield [head, ...tail];
}

/** A form for one step: every question answered with a plausible value, choices as given, revealed questions too. */
function stepForm(step: Step, picked: Map<string, string | string[]>): FormValues {
  const form: FormValues = {};
  for (const [id, value] of picked) form[id] = value;
  const chosen: Answers = Object.fromEntries(picked);
  for (const question of step.questions) {
    if (picked.has(question.id)) continue;
    if (question.showWhen && !passes(question.showWhen, chosen)) continue;
    inner.sample(question, question.id, form);
  }
  return form;
}

/**
 * One way through a service from its start to check-answers: the pages in order, each with a form a person
 * might send. Choices are tried in order until the triage keeps the report here rather than sending it elsewhere.
 */
export function happyPath(definition: ServiceDefinition): { step: Step; form: FormValues }[] {
  const path = formPath(definition);
  if (!path) throw new Error(`${definition.id}: no way through to check-answers`);
  return path;
}

type Page = { step: Step; form: FormValues };

/**
 * Every way through a service, depth first: the pages in order, each with a form a person might send, and where
 * the last one leads (an outcome or check-answers). Each page's choices are tried in order, at most 200 on a page.
 */
function* journeys(definition: ServiceDefinition): Generator<{ pages: Page[]; end: { outcome: string } | { checkAnswers: true } }> {
  function* walk(step: Step, answers: Answers, pages: Page[]): Generator<{ pages: Page[]; end: { outcome: string } | { checkAnswers: true } }> {
    const choiceQuestions = step.questions.filter((q) => unitOf(q).alternatives && !q.showWhen);
    let tried = 0;
    for (const combination of combinations(choiceQuestions.map(choices))) {
      if (++tried > 200) break;
      const form = stepForm(step, new Map(choiceQuestions.map((q, i) => [q.id, combination[i]])));
      const all = { ...answers, ...readStep(step, form, answers) };
      const next = routeFrom(definition, step.id, all);
      const here = [...pages, { step, form }];
      if ("step" in next) yield* walk(definition.steps.find((s) => s.id === next.step)!, all, here);
      else yield { pages: here, end: next };
    }
  }
  yield* walk(definition.steps[0], {}, []);
}

/** The happy path, or undefined for a service that only triages: every answer ends at an outcome, with no form to send. */
export function formPath(definition: ServiceDefinition): Page[] | undefined {
  for (const { pages, end } of journeys(definition)) if ("checkAnswers" in end) return pages;
  return undefined;
}

/** Every way through a service that ends at an outcome page (for a service that only triages), and the outcome reached. */
export function outcomeJourneys(definition: ServiceDefinition): { pages: Page[]; outcome: string }[] {
  return [...journeys(definition)].flatMap(({ pages, end }) => ("outcome" in end ? [{ pages, outcome: end.outcome }] : []));
}

/**
 * Answers each step of the happy path from the service's start page `start`, each answered with 303, and
 * returns one answer typed into a text box (to look for later on check-answers).
 */
export async function answerEveryStep(visitor: Visitor, start: string, definition: ServiceDefinition): Promise<string> {
  const path = happyPath(definition);
  for (const { step, form } of path) {
    const url = step === definition.steps[0] ? start : `${start}${step.id}/`;
    const response = await visitor.post(url, form);
    expect(response.status).toBe(303);
    // A page refused is shown again by a redirect to itself: show its errors.
    const location = response.headers.get("location");
    if (location === url) expect.fail(`${url} was refused: ${(await (await visitor.get(url)).text()).match(/govuk-error-summary__list[\s\S]*?<\/ul>/)?.[0]}`);
  }
  return path.flatMap(({ form }) => Object.values(form)).find((value): value is string => typeof value === "string" && value.startsWith("Sample "))!;
}

/** A reference as the confirmation page shows it. */
export const referencePattern = /\b([A-Z]{3}-[0-9A-Z]{4}-[0-9A-Z]{4})\b/;

/**
 * Walks a whole report through the forms, as a browser without JavaScript would — every step answered with 303,
 * check-answers shown and sent, the confirmation never cached — and returns the reference shown.
 */
export async function completeReport(visitor: Visitor, force: string, definition: ServiceDefinition, prefix = `/${force}/`): Promise<string> {
  const start = `${prefix}report/${definition.id}/`;
  await answerEveryStep(visitor, start, definition);
  const check = await visitor.get(`${start}check-answers/`);
  expect(check.status).toBe(200);
  const sent = await visitor.post(`${start}check-answers/`, {});
  expect(sent.status).toBe(303);
  expect(sent.headers.get("location")).toBe(`${start}confirmation/`);
  const confirmation = await visitor.get(`${start}confirmation/`);
  expect(confirmation.status).toBe(200);
  expect(confirmation.headers.get("cache-control")).toBe("no-store");
  return referencePattern.exec(await confirmation.text())![1];
}
