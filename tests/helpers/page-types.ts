/**
 * The kinds of page the site is made of, read from the content itself, so that the expensive checks (pa11y,
 * journeys in Chromium) can look at one page of each kind instead of every page of every force: a template,
 * an answer type or a language has the same markup on every force and every service, and a faulty one shows on
 * any page that has it. The content decides the kinds: a new layout, answer type or language is a new kind,
 * picked up with no list to update; a tripled catalogue adds pages, not kinds.
 */
import type { Force, Language } from "../../lib/forces/load.ts";
import { reachableSteps } from "../../lib/services/sites.ts";
import { readStep, type FormValues } from "../../lib/services/form.ts";
import { defaultTextLength, type Answers, type Question, type ServiceDefinition, type Step } from "../../lib/services/types.ts";
import { loadSite, type Site } from "../../lib/site/load.ts";
import { forceBase, pageUrl, serviceUrl, stepUrl } from "../../lib/site/plan.ts";
import { findForceOutcome, findForcePaths, findForceServices, nationalBase, nationalLanguages } from "../../lib/site/national.ts";
import { passes } from "../../lib/triage/conditions.ts";
import { visibleQuestions } from "../../lib/triage/triage.ts";
import { formPath } from "./journey.ts";

/** Every page the build writes (its URL), with the kinds of thing on it that a check must see at least once. */
export type PageKinds = Map<string, string[]>;

const layoutNames = { home: "force home page", hub: "'what do you want to report' hub", page: "guidance page", search: "site search page" } as const;

function questionKinds(lang: Language, question: Question, inGroup = false): string[] {
  const kinds = [`${lang}: ${question.type} answer${inGroup ? " in a group" : ""}`];
  if (question.showWhen) kinds.push(`${lang}: a question revealed by an answer`);
  if (question.options?.some((option) => option.exclusive)) kinds.push(`${lang}: an exclusive option ('none of these')`);
  if (question.optional) kinds.push(`${lang}: an optional question`);
  for (const inner of question.questions ?? []) kinds.push(...questionKinds(lang, inner, true));
  return kinds;
}

function stepKinds(lang: Language, definition: ServiceDefinition, step: Step): string[] {
  const kinds = [`${lang}: ${step === definition.steps[0] ? "service start page" : "step page"}`];
  kinds.push(`${lang}: a step of ${step.questions.length === 1 ? "one question (its label is the heading)" : "several questions"}`);
  if (step.intro) kinds.push(`${lang}: a step with an introduction`);
  if (definition.sensitive || definition.exitPage) kinds.push(`${lang}: a step with 'Exit this page'`);
  for (const question of step.questions) kinds.push(...questionKinds(lang, question));
  return kinds;
}

function outcomesOf(definition: ServiceDefinition): string[] {
  const goTos = definition.steps.flatMap((step) => (step.routes ?? []).map((route) => route.goTo));
  return [...new Set(goTos.filter((goTo) => goTo.startsWith("outcome:")).map((goTo) => goTo.slice("outcome:".length)))];
}

/** The kinds on every page the build makes from this content (the build's own plan: lib/site/plan.ts). */
export function pageKinds(site: Site): PageKinds {
  const kinds: PageKinds = new Map();
  const add = (url: string, these: string[]) => kinds.set(url, [...(kinds.get(url) ?? []), ...these]);
  // The national site (lib/site/national.ts): its front door, its own pages and the answers of "find your force".
  const areaForce = site.forces.find((force) => site.geography.areas.some((area) => area.force === force.id))!;
  for (const lang of nationalLanguages) {
    add(nationalBase(lang), [`${lang}: national front door ('find your force')`]);
    for (const page of site.national.filter((p) => p.lang === lang)) add(`${nationalBase(lang)}${page.slug}/`, [`${lang}: national guidance page`]);
    add(findForcePaths.councilArea(lang), [`${lang}: 'find your force' council list`]);
    add(findForcePaths.result(lang, areaForce.id), [`${lang}: 'find your force' answer`]);
    for (const definition of findForceServices(site)) {
      add(findForcePaths.councilArea(lang, definition.id), [`${lang}: 'find your force' council list for a service`]);
      add(findForcePaths.result(lang, areaForce.id, definition.id), [`${lang}: 'find your force' answer for a service`]);
    }
  }
  for (const force of site.forces) {
    const theme = site.themes.get(force.theme)!;
    const branding = `a theme with a ${"svg" in theme.logo ? "logo image" : "wordmark"}`;
    for (const page of site.pagesByForce.get(force.id) ?? []) {
      const lang = page.lang;
      add(pageUrl(force, lang, page.slug), [`${lang}: ${layoutNames[page.layout]}`, branding, ...(page.file.startsWith("forces/") ? [`${lang}: a force's own page`] : [])]);
      if (page.slug !== "") continue;
      for (const definition of site.servicesByForce.get(force.id) ?? []) {
        for (const step of reachableSteps(definition)) add(stepUrl(force, lang, definition, step.id), [...stepKinds(lang, definition, step), branding]);
        for (const outcome of outcomesOf(definition)) add(`${serviceUrl(force, lang, definition.id)}outcome/${outcome}/`, [`${lang}: triage outcome page`, branding, ...(outcome === findForceOutcome ? [`${lang}: triage outcome with 'find your force'`] : [])]);
      }
    }
  }
  return kinds;
}

/** The site's content, as the build reads it. */
export const contentKinds = (): PageKinds => pageKinds(loadSite(process.cwd()));

/**
 * The fewest pages (near enough: each next page is the one showing most kinds not yet seen) that between them
 * show every kind, each with the kinds it stands for. Ties go to the page planned first, so the choice is
 * the same from one run to the next.
 */
export function onePageOfEachKind(kinds: PageKinds): { url: string; kinds: string[] }[] {
  const unseen = new Set([...kinds.values()].flat());
  const chosen: { url: string; kinds: string[] }[] = [];
  while (unseen.size) {
    let best: { url: string; kinds: string[] } | undefined;
    for (const [url, these] of kinds) {
      const fresh = [...new Set(these)].filter((kind) => unseen.has(kind));
      if (fresh.length > (best?.kinds.length ?? 0)) best = { url, kinds: fresh };
    }
    chosen.push(best!);
    for (const kind of best!.kinds) unseen.delete(kind);
  }
  return chosen;
}

/**
 * Built pages the content's plan does not describe (a page type added to the build but not to this file), each
 * as a kind of its own by the shape of its address, so that it is still checked, once rather than per force.
 */
export function withUnplanned(kinds: PageKinds, built: string[], site: Site): PageKinds {
  const all: PageKinds = new Map(kinds);
  for (const url of built) if (!all.has(url)) all.set(url, [`a page outside the content's plan, at ${shapeOf(url, site)}`]);
  return all;
}

/** An address with its force and service named by what they are: "/<force>/report/<service>/check-answers/". */
export function shapeOf(url: string, site: Site): string {
  const forces = new Set(site.forces.map((force) => force.id));
  const services = new Set([...site.servicesByForce.values()].flat().map((definition) => definition.id));
  return url
    .split("/")
    .map((segment) => (forces.has(segment) ? "<force>" : services.has(segment) ? "<service>" : segment))
    .join("/");
}

/** The first force (in the content's order) publishing each language it has: where service pages are checked. */
export function forceForEachLanguage(site: Site): { force: Force; lang: Language; prefix: string }[] {
  const langs = [...new Set(site.forces.flatMap((force) => force.languages))];
  return langs.map((lang) => {
    const force = site.forces.find((f) => f.languages.includes(lang))!;
    return { force, lang, prefix: forceBase(force, lang) };
  });
}

/** The answer types a report shows on check-answers (and in its confirmation), for choosing services to show. */
export function answerTypesOnThePath(definition: ServiceDefinition): string[] {
  const types = (question: Question): string[] => [question.type, ...(question.questions ?? []).flatMap(types)];
  return [...new Set((formPath(definition) ?? []).flatMap(({ step, form }) => visibleQuestions(step, readStep(step, form, {})).flatMap(types)))];
}

/** A page re-rendered with an error: a step on a service's way through, posted with one answer made wrong. */
export interface ErrorState {
  kind: string;
  definition: ServiceDefinition;
  /** The step's address below the force's root ("report/report-crime/when-it-happened/"). */
  path: string;
  form: FormValues;
  /** The field the error summary must link to (its id starts so: "date-of-crime" → "#date-of-crime-day"). */
  field: string;
}

/**
 * What makes an answer of each type wrong, as a person might get it wrong: left blank when required, else not a
 * real date, not a time, not an email address…; and, a state of its own (the character count's), too long.
 * Each error of a type shows in the same markup, so the first that applies stands for them all ("with an
 * error"). Keyed by answer type (types.ts): a new type without a way to get it wrong stops with its name.
 */
function wrongAnswers(question: Question, name: string): { problem: string; wrong: (form: FormValues) => FormValues }[] {
  const set = (patch: FormValues) => (form: FormValues) => ({ ...form, ...patch });
  // Every field of the answer taken out (a date's three, a group's items'), as an untouched form sends it.
  const blank = (form: FormValues) => Object.fromEntries(Object.entries(form).filter(([field]) => field !== name && !field.startsWith(`${name}-`)));
  const wrongs = question.optional ? [] : [{ problem: "with an error", wrong: blank }];
  switch (question.type) {
    case "text":
    case "radios":
    case "yes-no":
    case "checkboxes":
    case "group":
    // A file answer goes wrong only by being left out: every refused file (its kind, size, a virus) is the
    // upload's own message on the same page, in the same error markup (tests/service/upload.test.ts).
    case "file":
      break;
    case "textarea":
      wrongs.push({ problem: "over its length (the character count's error)", wrong: set({ [name]: "x".repeat((question.maxLength ?? defaultTextLength) + 1) }) });
      break;
    case "date":
      wrongs.push({ problem: "with an error", wrong: set({ [`${name}-day`]: "31", [`${name}-month`]: "2", [`${name}-year`]: "2026" }) });
      break;
    case "time":
      wrongs.push({ problem: "with an error", wrong: set({ [name]: "25:99" }) });
      break;
    case "email":
      wrongs.push({ problem: "with an error", wrong: set({ [name]: "sam-at-example" }) });
      break;
    case "phone":
      wrongs.push({ problem: "with an error", wrong: set({ [name]: "call me" }) });
      break;
    case "postcode":
      wrongs.push({ problem: "with an error", wrong: set({ [name]: "NOT A POSTCODE" }) });
      break;
    case "number":
      wrongs.push({ problem: "with an error", wrong: set({ [name]: "lots" }) });
      break;
    case "reference":
      wrongs.push({ problem: "with an error", wrong: set({ [name]: "NOT-A-REF" }) });
      break;
    default:
      throw new Error(`no wrong answer is known for the answer type "${(question as Question).type}": add one to wrongAnswers in tests/helpers/page-types.ts`);
  }
  return wrongs;
}

/** The step's form with `question` shown: if a choice on the same step reveals it, that choice made. */
function revealing(step: Step, form: FormValues, question: Question, earlier: Answers): FormValues | undefined {
  const shows = (f: FormValues) => !question.showWhen || passes(question.showWhen, { ...earlier, ...readStep(step, f, earlier) });
  if (shows(form)) return form;
  for (const choice of step.questions.filter((q) => q.options || q.type === "yes-no")) {
    const values = choice.type === "yes-no" ? ["yes", "no"] : choice.options!.map((option) => option.value);
    for (const value of values) {
      const tried = { ...form, [choice.id]: choice.type === "checkboxes" ? [value] : value };
      if (shows(tried)) return tried;
    }
  }
  return undefined;
}

/**
 * One page re-rendered with an error for each way an answer of each type can be wrong (in a group too), in
 * `lang`: the first step, on the way through the first service the force offers, that asks such a question.
 */
export function errorStates(site: Site, force: Force, lang: Language): ErrorState[] {
  const found = new Map<string, ErrorState>();
  for (const definition of site.servicesByForce.get(force.id) ?? []) {
    let earlier: Answers = {};
    for (const { step, form } of formPath(definition) ?? []) {
      const path = `report/${definition.id}/${step === definition.steps[0] ? "" : `${step.id}/`}`;
      const asked = step.questions.flatMap((question) => [
        { question, name: question.id, where: "" },
        ...(question.questions ?? []).map((inner) => ({ question: inner, name: `${question.id}-0-${inner.id}`, where: " in a group" })),
      ]);
      for (const { question, name, where } of asked) {
        const top = step.questions.find((q) => name === q.id || name.startsWith(`${q.id}-0-`))!;
        const shown = revealing(step, form, top, earlier);
        if (!shown) continue;
        for (const { problem, wrong } of wrongAnswers(question, name)) {
          const kind = `${lang}: ${question.type} answer${where} ${problem}`;
          const form = wrong(shown);
          // A group item with every field blank is no item at all, not an item with an error.
          const item = name.slice(0, name.length - question.id.length);
          if (where && !Object.entries(form).some(([field, value]) => field.startsWith(item) && field !== name && value)) continue;
          if (!found.has(kind)) found.set(kind, { kind, definition, path, form, field: name });
        }
      }
      earlier = { ...earlier, ...readStep(step, form, earlier) };
    }
  }
  return [...found.values()];
}
