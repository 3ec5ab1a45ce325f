import type { Language } from "../forces/load.ts";
import type { FieldError, Strings } from "../answer-types/answer-type.ts";
import { checksOf } from "../answer-types/checks.ts";
import { earlierAnswersRead } from "./earlier-answers.ts";
import type { AnswerValue, Answers, Question, Rule, Step } from "./types.ts";
import { text } from "./types.ts";

export type { FieldError, Strings } from "../answer-types/answer-type.ts";

/** An ajv error, reduced to what we read (the browser's standalone validators give the same shape). */
export interface SchemaError {
  instancePath: string;
  schemaPath?: string;
  keyword: string;
  params: Record<string, unknown>;
}

function ruleFor(question: Question, error: SchemaError): Rule {
  const own = checksOf(question).ruleFor?.(error.keyword, question, error.schemaPath ?? "");
  if (own) return own;
  switch (error.keyword) {
    case "required":
    case "minLength":
    case "minItems":
      return "required";
    case "maxLength":
      return "maxLength";
    case "formatMaximum":
      return "past";
    case "formatExclusiveMinimum":
      return "future";
    case "minimum":
    case "maximum":
    case "maxItems":
      return "range";
    case "enum":
    case "type":
    case "const":
      return checksOf(question).choice ? "required" : "format";
    default:
      return "format";
  }
}

function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{([a-zA-Z]+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));
}

/** The shared pattern for a rule (in content/locales), where the answer type has no message of its own. */
function sharedKey(question: Question, rule: Rule): string {
  const choice = checksOf(question).choice;
  switch (rule) {
    case "maxLength":
      return "errors.maxLength";
    case "past":
      return "errors.past";
    case "future":
      return "errors.future";
    case "range":
      return question.min !== undefined && question.max !== undefined ? "errors.between" : question.min !== undefined ? "errors.atLeast" : "errors.atMost";
    default:
      return choice ? "errors.select" : "errors.enter";
  }
}

/** The GOV.UK-style message for a question and a rule: the definition's own wording, else its answer type's, else the shared pattern. */
export function errorMessage(question: Question, rule: Rule, strings: Strings, lang: Language): string {
  const own = text(question.errors?.[rule], lang);
  if (own) return own;
  const unit = checksOf(question);
  const name = text(question.errorName, lang)!;
  const limit = unit.limit?.(question) ?? question.max;
  const template = text(unit.messages[rule], lang) ?? strings[sharedKey(question, rule)];
  return fill(template, {
    name,
    Name: name.charAt(0).toUpperCase() + name.slice(1),
    max: limit === undefined ? "" : limit.toLocaleString("en-GB"),
    min: question.min === undefined ? "" : question.min.toLocaleString("en-GB"),
    ...unit.messageValues?.(question, lang),
  });
}

/** Turns schema errors into one message per field, in the order the questions are asked. */
export function fieldErrors(step: Step, errors: SchemaError[], strings: Strings, lang: Language): FieldError[] {
  const found = new Map<string, FieldError>();
  for (const error of errors) {
    const segments = error.instancePath.split("/").filter(Boolean);
    if (error.keyword === "required") segments.push(String(error.params.missingProperty));
    const question = step.questions.find((q) => q.id === segments[0]);
    if (!question) continue;
    let target = question;
    let field = question.id;
    let suffix = "";
    if (question.type === "group" && segments.length >= 3) {
      const inner = question.questions!.find((q) => q.id === segments[2]);
      if (!inner) continue;
      target = inner;
      field = `${question.id}-${segments[1]}-${inner.id}`;
      suffix = fill(strings["errors.inItem"], { item: text(question.itemName, lang)!, number: Number(segments[1]) + 1 });
    }
    if (found.has(field)) continue;
    const rule = ruleFor(target, error);
    const href = field === question.id ? checksOf(question).errorHref?.(field, question) ?? field : checksOf(target).errorHref?.(field, target) ?? field;
    found.set(field, { href, field, rule, text: errorMessage(target, rule, strings, lang) + suffix });
  }
  const order = (field: string) => step.questions.findIndex((q) => field === q.id || field.startsWith(`${q.id}-`));
  return [...found.values()].sort((a, b) => order(a.field) - order(b.field));
}

function checkedValues(questions: Question[], answers: Record<string, AnswerValue>): Record<string, AnswerValue> {
  const out: Record<string, AnswerValue> = {};
  for (const [key, value] of Object.entries(answers)) {
    if (value === null) continue;
    const question = questions.find((q) => q.id === key);
    if (!question) out[key] = value;
    else if (question.type === "group" && Array.isArray(value)) out[key] = (value as Record<string, AnswerValue>[]).map((item) => (item && typeof item === "object" ? checkedValues(question.questions!, item) : item));
    else out[key] = checksOf(question).checkedValue?.(question, value) ?? value;
  }
  return out;
}

/**
 * What a step's schema validates: this step's answers, blanks left out (so `required` catches them), each as
 * its answer type checks it (an approximate date as the 1st of its month), the earlier answers its conditions
 * read, today's date, and (when given) the time now in the UK as HH:MM:SS.
 */
export function validationData(step: Step, earlier: Answers, stepAnswers: Answers, today: string, now?: string): Record<string, AnswerValue> {
  const read: Answers = {};
  for (const id of earlierAnswersRead(step)) if (id in earlier) read[id] = earlier[id];
  const earlierChecked = checkedValues([], read);
  return { ...earlierChecked, ...checkedValues(step.questions, stepAnswers), today, ...(now && { now }) };
}
