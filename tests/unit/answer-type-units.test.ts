import { readFileSync } from "node:fs";
import { parse } from "node-html-parser";
import { describe, expect, it } from "vitest";
import type { AnswerType, Example } from "../../lib/answer-types/answer-type.ts";
import { answerTypeChecks } from "../../lib/answer-types/checks.ts";
import { answerTypes, inner } from "../../lib/answer-types/registry.ts";
import { answerTypesGuide, schemaFileWithAnswerTypes } from "../../lib/cli/schemas.ts";
import { loadLocales } from "../../lib/i18n/locales.ts";
import { createEnvironment } from "../../lib/render/environment.ts";
import { formValues, formWithinBounds, readStep, stepAnswersFromJson } from "../../lib/services/form.ts";
import { answerText } from "../../lib/services/summary.ts";
import type { Question, ServiceDefinition } from "../../lib/services/types.ts";
import { checkStep, compileValidators } from "../../lib/services/validators.ts";
import { stepView } from "../../lib/services/views.ts";

const { locales } = loadLocales(".");
const env = createEnvironment(".", () => locales);
const today = "2026-11-27";
const units = Object.values(answerTypes) as AnswerType[];

/** A one-step service asking the example's question, as an editor would write it. */
function serviceFor(unit: AnswerType, example: Example): ServiceDefinition {
  const question = { id: "q", type: unit.type, label: { en: "The question", cy: "Y cwestiwn" }, errorName: { en: "the answer", cy: "yr ateb" }, ...example.question } as Question;
  return {
    schemaVersion: 1,
    id: "example",
    title: { en: "Example", cy: "Enghraifft" },
    summary: { en: "Example" },
    category: "crime",
    sensitive: false,
    steps: [{ id: "only", title: { en: "Only", cy: "Unig" }, questions: [question] }],
    checkAnswers: { declaration: { en: "True" } },
    confirmation: { title: { en: "Sent" }, next: { en: "Next" } },
  };
}

function check(definition: ServiceDefinition, answers: ReturnType<typeof readStep>, lang: "en" | "cy" = "en") {
  const step = definition.steps[0];
  return checkStep(compileValidators([definition]).get("example")!.get("only")!, step, {}, answers, today, locales[lang], lang);
}

/** The question rendered with the project's own template and govuk-frontend's macros. */
function render(definition: ServiceDefinition, values: Record<string, string | string[] | undefined>, lang: "en" | "cy", errors: ReturnType<typeof check> = []) {
  const view = stepView(definition, definition.steps[0], lang, locales[lang], values, errors);
  const html = env.renderString('{% from "components/question/macro.njk" import fcQuestion %}{% for q in questions %}{{ fcQuestion(q) }}{% endfor %}', { questions: view.questions });
  return parse(html);
}

describe.each(units.map((unit) => [unit.type, unit] as const))("the %s answer type", (_type, unit) => {
  const valid = unit.examples.filter((e) => e.answer !== undefined);
  const invalid = unit.examples.filter((e) => e.breaks);

  it("has examples of a good answer and of a refused one", () => {
    expect(valid.length).toBeGreaterThan(0);
    expect(invalid.length).toBeGreaterThan(0);
  });

  it.each(valid.map((e) => [e.name, e] as const))("accepts %s", (_name, example) => {
    const definition = serviceFor(unit, example);
    const step = definition.steps[0];
    const answers = readStep(step, example.form, {});
    expect(answers.q).toEqual(example.answer);
    expect(check(definition, answers)).toEqual([]);
    if (example.text) expect(answerText(step.questions[0], answers.q, "en", locales.en)).toBe(example.text);
    // The same answer given as JSON (the API) is read the same and passes the same checks.
    const fromJson = stepAnswersFromJson(step, JSON.parse(JSON.stringify({ q: example.answer })), {});
    expect(fromJson.q).toEqual(example.answer);
    expect(check(definition, fromJson)).toEqual([]);
    // The payload carries it as JSON, and a page brought back to change it shows it again.
    expect(JSON.parse(JSON.stringify(inner.payloadValue(step.questions[0], answers.q)))).toEqual(inner.payloadValue(step.questions[0], answers.q));
    expect(readStep(step, formValues(step, answers), {}).q).toEqual(example.answer);
  });

  it.each(invalid.map((e) => [e.name, e] as const))("refuses %s, with its message in English and Welsh on the field", (_name, example) => {
    const definition = serviceFor(unit, example);
    const step = definition.steps[0];
    const answers = readStep(step, example.form, {});
    for (const lang of ["en", "cy"] as const) {
      const errors = check(definition, answers, lang);
      expect(errors.map((e) => e.rule)).toEqual([example.breaks]);
      expect(errors[0].text).not.toMatch(/\{[a-zA-Z]+\}/);
      const page = render(definition, example.form, lang, errors);
      expect(page.querySelector(".govuk-error-message")?.textContent).toContain(errors[0].text);
      expect(page.querySelector(`#${errors[0].href}`), `the message links to #${errors[0].href}`).not.toBeNull();
    }
    expect(check(definition, answers, "cy")[0].text).not.toBe(check(definition, answers, "en")[0].text);
  });

  it("renders its question with a label or legend in each language, and the answer typed", () => {
    const example = valid[0];
    const definition = serviceFor(unit, example);
    for (const lang of ["en", "cy"] as const) {
      const page = render(definition, example.form, lang);
      const words = page.querySelector(unit.type === "group" ? "h1, h2" : "label, legend")?.textContent ?? "";
      expect(words).toContain(lang === "en" ? "The question" : "Y cwestiwn");
    }
    const typed = Object.values(example.form).flat().filter((v): v is string => typeof v === "string" && v.trim() !== "");
    const html = render(definition, example.form, "en").toString();
    for (const value of typed.slice(0, 3)) expect(html).toContain(value.trim().slice(0, 10));
  });

  it("gives a sample answer (the one test journeys walk with) that passes its own checks", () => {
    const definition = serviceFor(unit, valid[0]);
    const step = definition.steps[0];
    const form = {};
    inner.sample(step.questions[0], "q", form);
    expect(check(definition, readStep(step, form, {}))).toEqual([]);
  });

  it("bounds what a post may hold by the definition, and every example is within it", () => {
    for (const example of unit.examples.filter((e) => e.answer !== undefined)) {
      const definition = serviceFor(unit, example);
      expect(formWithinBounds(definition.steps[0], example.form)).toBe(true);
    }
    const definition = serviceFor(unit, valid[0]);
    const flood = Object.fromEntries(Array.from({ length: 1000 }, (_, n) => [`q-${n}`, "x"]));
    expect(formWithinBounds(definition.steps[0], flood)).toBe(false);
  });
});

describe("the answer types' registry", () => {
  it("and the browser's list of their checks name the same types, in the same order, with the same checks", () => {
    expect(Object.keys(answerTypeChecks)).toEqual(Object.keys(answerTypes));
    for (const unit of units) expect(answerTypeChecks[unit.type].read).toBe(unit.read);
  });

  it("is what the definition schema's question part says: the same types, fields and requirements", () => {
    const file = readFileSync("content/services/service.schema.json", "utf8");
    expect(schemaFileWithAnswerTypes(file), "run `npm run schemas` after changing an answer type").toBe(file);
    const schema = JSON.parse(file);
    expect(schema.$defs.question.properties.type.enum).toEqual(units.map((u) => u.type));
    expect(readFileSync("docs/answer-types.md", "utf8"), "run `npm run schemas` after changing an answer type").toBe(answerTypesGuide());
  });
});

describe("a time on the day it happened", () => {
  const definition: ServiceDefinition = {
    ...serviceFor(answerTypes.time, { name: "", question: {}, form: {} }),
    steps: [
      {
        id: "only",
        questions: [
          { id: "when", type: "date", when: "past", label: { en: "Date" }, errorName: { en: "the date" } },
          { id: "at", type: "time", dateQuestion: "when", label: { en: "Time" }, errorName: { en: "the time it happened" } },
        ],
      },
    ],
  };
  const step = definition.steps[0];
  const validate = compileValidators([definition]).get("example")!.get("only")!;
  const post = (date: string[], time: string, now: string) =>
    checkStep(validate, step, {}, readStep(step, { "when-day": date[0], "when-month": date[1], "when-year": date[2], at: time }, {}), today, locales.en, "en", now).map((e) => e.text);

  it("cannot be later than now (UK time) when the date is today", () => {
    expect(post(["27", "11", "2026"], "3pm", "14:10:00")).toEqual(["The time it happened must be now or earlier today"]);
    expect(post(["27", "11", "2026"], "2pm", "14:10:00")).toEqual([]);
  });

  it("can be any time on an earlier day", () => {
    expect(post(["26", "11", "2026"], "11:59pm", "00:05:00")).toEqual([]);
  });
});
