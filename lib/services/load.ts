import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { mergeMisspellings, type Problem } from "../schema/problems.ts";
import { readJson, validateAgainst } from "../schema/validate.ts";
import { inner, unitOf } from "../answer-types/registry.ts";
import { questionsIn } from "../triage/conditions.ts";
import { outcomeOf } from "../triage/outcome.ts";
import { withPlaces } from "./place.ts";
import { siteKinds, variesBySite } from "./sites.ts";
import type { Condition, Question, ServiceDefinition } from "./types.ts";

/** Service definitions in one folder (content/services or forces/<id>/services), each checked against the schema and for sense. */
export function loadServices(root: string, folder: string, outcomes: Set<string>): { services: ServiceDefinition[]; problems: Problem[] } {
  const dir = path.join(root, folder);
  const schema = path.join(root, "content", "services", "service.schema.json");
  const services: ServiceDefinition[] = [];
  const problems: Problem[] = [];
  const categories = readCategories(root);
  // The categories file's own problems are told once, with the national services.
  if (folder === "content/services") problems.push(...categories.problems);
  if (!existsSync(dir)) return { services, problems };
  for (const entry of readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    const file = `${folder}/${entry.name}/service.json`;
    if (!existsSync(path.join(root, file))) {
      problems.push({ file, field: "", message: "is missing: every service folder needs a service.json" });
      continue;
    }
    const { data, problems: readProblems } = readJson(path.join(root, file), file);
    const category = (data as { category?: unknown } | undefined)?.category;
    const unknownCategory = typeof category === "string" && categories.ids && !categories.ids.includes(category);
    const invalid = readProblems.length
      ? readProblems
      : [
          // The schema's list of categories is written from categories.json, which is the one to name.
          ...mergeMisspellings(validateAgainst(schema, file, data)).filter((p) => !(p.field === "/category" && categories.ids)),
          ...(unknownCategory ? [{ file, field: "/category", message: `is "${category}", which is not in content/services/categories.json (${categories.ids!.join(", ")}): use one of those, or add it there` }] : []),
        ];
    if (invalid.length) {
      problems.push(...withPlaces(data, invalid));
      continue;
    }
    const definition = data as ServiceDefinition;
    const found = checkDefinition(definition, file, entry.name, outcomes);
    problems.push(...withPlaces(definition, found));
    if (!found.length) services.push(definition);
  }
  return { services, problems };
}

/** What the schema cannot say: ids unique, routes to real places and only forwards, every step reachable, conditions about earlier questions. */
export function checkDefinition(definition: ServiceDefinition, file: string, folderName: string, outcomes: Set<string>): Problem[] {
  const problems: Problem[] = [];
  const problem = (field: string, message: string) => problems.push({ file, field, message });
  if (definition.id !== folderName) problem("/id", `is "${definition.id}" but the folder is named ${folderName}; they must match`);
  if (definition.sensitive && !definition.exitPage) problem("/exitPage", "must be true: a sensitive service shows 'Exit this page' on every page");

  const stepIndex = new Map<string, number>();
  definition.steps.forEach((step, i) => {
    if (stepIndex.has(step.id)) problem(`/steps/${i}/id`, `"${step.id}" is used by another step; step ids must be unique`);
    else if (["check-answers", "confirmation", "outcome"].includes(step.id)) problem(`/steps/${i}/id`, `"${step.id}" is reserved for the service's own pages`);
    else stepIndex.set(step.id, i);
  });

  // Where each question is asked: step index, and position on that step.
  const asked = new Map<string, { step: number; position: number; question: Question }>();
  definition.steps.forEach((step, s) =>
    step.questions.forEach((question, q) => {
      if (!asked.has(question.id)) asked.set(question.id, { step: s, position: q, question });
    }),
  );
  const seenQuestions = new Set<string>();
  definition.steps.forEach((step, s) =>
    step.questions.forEach((question, q) => {
      const field = `/steps/${s}/questions/${q}`;
      if (seenQuestions.has(question.id)) problem(`${field}/id`, `"${question.id}" is used by another question; question ids must be unique in a service`);
      seenQuestions.add(question.id);
      const nested = new Set<string>();
      question.questions?.forEach((inner, i) => {
        if (nested.has(inner.id)) problem(`${field}/questions/${i}/id`, `"${inner.id}" is used twice in this group`);
        if (inner.type === "group") problem(`${field}/questions/${i}/type`, "a group cannot hold another group");
        nested.add(inner.id);
      });
      if (question.options) {
        const values = question.options.map((o) => o.value);
        values.forEach((v, i) => values.indexOf(v) !== i && problem(`${field}/options/${i}/value`, `"${v}" is used by another option`));
      }
      if (question.type === "number" && question.min !== undefined && question.max !== undefined && question.min > question.max) {
        problem(`${field}/max`, "must not be smaller than min");
      }
      // HTML's "street-address" is a whole address over several lines: a one-line box must ask for a line of it.
      if (question.autocomplete === "street-address" && question.type !== "textarea") {
        problem(`${field}/autocomplete`, `"street-address" is a whole address over several lines: make the question a textarea, or ask for one line of it ("address-line1")`);
      }
      if (question.dateQuestion) {
        const date = asked.get(question.dateQuestion);
        if (date?.question.type !== "date" || date.step > s || (date.step === s && date.position >= q)) {
          problem(`${field}/dateQuestion`, `must name a date question asked before this one ("${question.dateQuestion}" is not)`);
        }
      }
      // A static page cannot know earlier pages' answers, so a question is only ever revealed by a choice on its own page.
      if (question.showWhen) {
        if (!("equals" in question.showWhen) && !("includes" in question.showWhen)) {
          problem(`${field}/showWhen`, "must name one choice ({ question, equals } or { question, includes }): the question is revealed under that choice");
        } else checkCondition(question.showWhen, `${field}/showWhen`, { step: s, position: q, samePageChoice: true });
      }
    }),
  );

  function checkCondition(condition: Condition, field: string, at: { step: number; position: number; samePageChoice?: boolean }) {
    for (const id of questionsIn(condition)) {
      const source = asked.get(id);
      if (!source) problem(field, `refers to question "${id}", which this service does not ask`);
      else if (source.step > at.step || (source.step === at.step && source.position >= at.position)) {
        problem(field, `refers to question "${id}", which is not asked before this point`);
      } else if (at.samePageChoice && (source.step !== at.step || !unitOf(source.question).choice)) {
        problem(field, `refers to question "${id}"; a question can only be revealed by a radios, checkboxes or yes-no question earlier on its own page`);
      }
    }
    const visit = (c: Condition) => {
      if ("all" in c) return c.all.forEach(visit);
      if ("any" in c) return c.any.forEach(visit);
      if ("not" in c) return visit(c.not);
      const source = asked.get(c.question)?.question;
      if (!source || "answered" in c) return;
      for (const message of conditionValueProblems(source, c)) problem(field, message);
    };
    visit(condition);
  }

  // Routes go forwards only, to real steps and outcomes; every step must be reachable from the first, on some
  // kind of site when routes are only on some (a route's "sites").
  const reachable = new Set<number>([0]);
  // The first step from which an answer can go on to check answers (by a route, or past the last step), on any kind of site.
  let toCheckAnswers: string | undefined;
  const kinds = variesBySite(definition) ? siteKinds : [undefined];
  for (const kind of kinds) {
    const onSite = new Set<number>([0]);
    definition.steps.forEach((step, s) => {
      if (!onSite.has(s)) return;
      reachable.add(s);
      let fallsThrough = true;
      step.routes?.forEach((route, r) => {
        if (kind && route.sites && route.sites !== kind) return;
        const field = `/steps/${s}/routes/${r}`;
        if (route.when) checkCondition(route.when, `${field}/when`, { step: s, position: step.questions.length });
        else fallsThrough = false;
        const goTo = route.goTo;
        if (goTo === "check-answers") {
          toCheckAnswers ??= step.id;
          return;
        }
        const outcome = outcomeOf(goTo);
        if (outcome !== undefined) {
          if (!outcomes.has(outcome)) problem(`${field}/goTo`, `names outcome "${outcome}", but there is no content/outcomes/${outcome}.md`);
          return;
        }
        const target = stepIndex.get(goTo);
        if (target === undefined) problem(`${field}/goTo`, `names step "${goTo}", which this service does not have`);
        else if (target <= s) problem(`${field}/goTo`, `goes back to step "${goTo}", which would make a loop; routes may only go forwards`);
        else onSite.add(target);
      });
      if (fallsThrough && s + 1 < definition.steps.length) onSite.add(s + 1);
      if (fallsThrough && s + 1 === definition.steps.length) toCheckAnswers ??= step.id;
    });
  }
  // Check answers and the confirmation are shown only by a service that sends a report, and must be there for it.
  for (const [field, what] of [["checkAnswers", "checkAnswers.declaration, what the person confirms by sending"], ["confirmation", "confirmation.title and confirmation.next, the page after sending"]] as const) {
    if (toCheckAnswers && !definition[field]) {
      problem(`/${field}`, `is missing: answers can go on from step "${toCheckAnswers}" to check answers, so this service sends a report and needs ${what}. A service that only points people elsewhere ends that step with a route to an outcome for every answer`);
    } else if (!toCheckAnswers && definition[field]) {
      problem(`/${field}`, "is never shown: every answer ends at an outcome page, so no report is sent; remove it");
    }
  }
  definition.steps.forEach((step, s) => {
    if (!reachable.has(s)) problem(`/steps/${s}`, `step "${step.id}" can never be reached: no route leads to it`);
  });
  if (definition.priority?.when) checkCondition(definition.priority.when, "/priority/when", { step: definition.steps.length, position: 0 });
  // A route checked once for each kind of site is told once.
  return problems.filter((p, i) => problems.findIndex((q) => q.field === p.field && q.message === p.message) === i);
}

/**
 * Whether a condition can ever pass, from what the question's answer type says its answers are: its
 * `alternatives` (every answer a choice can have: yes-no's are "yes" and "no") and its answer schema's type
 * (one value or a list). Without this, `"equals": "No"` on a yes-no question is a route that never fires.
 */
function conditionValueProblems(source: Question, condition: Exclude<Condition, { all: unknown } | { any: unknown } | { not: unknown } | { answered: boolean }>): string[] {
  const unit = unitOf(source);
  const possible = unit.alternatives ? [...new Set(unit.alternatives(source).flat())] : undefined;
  const shape = (unit.schema(source, inner) as { type?: string }).type;
  const what = `a ${source.type} question`;
  const notOne = (value: unknown) => (possible && !possible.includes(value as string) ? [`tests "${source.id}" for ${JSON.stringify(value)}, which is not an answer ${what} can have (${possible.map((v) => JSON.stringify(v)).join(", ")})`] : []);
  if ("equals" in condition) {
    const value = condition.equals;
    if (shape === "array") return [`uses "equals", which never matches ${what}: its answer is a list of choices, so test it with "includes"`];
    if ((shape === "number" || shape === "integer") && typeof value !== "number") return [`tests "${source.id}" for ${JSON.stringify(value)}, but the answer to ${what} is a number: write it without quotes`];
    if (shape === "string" && typeof value !== "string") return [`tests "${source.id}" for ${JSON.stringify(value)}, but the answer to ${what} is text: write it in double quotes`];
    return notOne(value);
  }
  if ("in" in condition) {
    if (shape !== "string") return [`uses "in", which never matches ${what}: "in" tests one chosen value${shape === "array" ? ', so test a list with "includes"' : ""}`];
    return condition.in.flatMap(notOne);
  }
  if (shape !== "array") return [`uses "includes", which never matches ${what}: its answer is one value, so test it with "equals"`];
  return notOne(condition.includes);
}

export interface Category {
  id: string;
  label: { en: string; cy: string };
  /** The group (what people came to do: report, request, apply, pay, feedback) the hub lists it under. */
  group: string;
}

/** What people come to do, as the hub groups services: Report, Request, Apply, Pay, Feedback. */
export interface ServiceGroup {
  id: string;
  label: { en: string; cy: string };
}

/**
 * content/services/categories.json: the kinds of service, as the back office files a report. Adding one is a
 * change of data; `npm run schemas` writes the ids into service.schema.json (for editors' tools) and into the
 * delivery payload schema, and the check says when those are behind.
 */
export function readCategories(root: string): { categories: Category[]; groups: ServiceGroup[]; ids?: string[]; problems: Problem[] } {
  const file = "content/services/categories.json";
  const { data, problems } = readJson(path.join(root, file), file);
  const invalid = problems.length ? problems : validateAgainst(path.join(root, "content", "services", "categories.schema.json"), file, data);
  if (invalid.length) return { categories: [], groups: [], problems: invalid };
  const { categories, groups } = data as { categories: Category[]; groups: ServiceGroup[] };
  const ids = categories.map((c) => c.id);
  ids.forEach((id, i) => ids.indexOf(id) !== i && invalid.push({ file, field: `/categories/${i}/id`, message: `"${id}" is used by another category` }));
  const groupIds = groups.map((g) => g.id);
  groupIds.forEach((id, i) => groupIds.indexOf(id) !== i && invalid.push({ file, field: `/groups/${i}/id`, message: `"${id}" is used by another group` }));
  categories.forEach((c, i) => {
    if (!groupIds.includes(c.group)) invalid.push({ file, field: `/categories/${i}/group`, message: `is "${c.group}", which is not one of the groups above (${groupIds.join(", ")}): use one of those, or add it to "groups"` });
  });
  const schemaFile = "content/services/service.schema.json";
  const listed = (readJson(path.join(root, schemaFile), schemaFile).data as { properties?: { category?: { enum?: string[] } } } | undefined)?.properties?.category?.enum;
  if (listed && JSON.stringify(listed) !== JSON.stringify(ids)) {
    invalid.push({ file: schemaFile, field: "/properties/category/enum", message: `lists other categories than ${file}: run npm run schemas to write them in` });
  }
  return { categories, groups, ids, problems: invalid };
}
