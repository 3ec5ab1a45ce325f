import type { Language } from "../forces/load.ts";
import type { AnswerValue, Answers, Question, Rule, Step } from "./types.ts";
import { defaultTextLength, text } from "./types.ts";

/** An ajv error, reduced to what we read (the browser's standalone validators give the same shape). */
export interface SchemaError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
}

/** One message for one field, as the GOV.UK error summary and the field show it. */
export interface FieldError {
  /** The id of the input the error summary links to. */
  href: string;
  /** The question's field name (for a group item, `items-0-description`). */
  field: string;
  rule: Rule;
  text: string;
}

/** UI strings by key ("errors.enter" → "Enter {name}"), in one language. */
export type Strings = Record<string, string>;

function ruleFor(question: Question, keyword: string): Rule {
  switch (keyword) {
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
      return ["radios", "yes-no", "checkboxes"].includes(question.type) ? "required" : "format";
    default:
      return "format";
  }
}

function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{([a-zA-Z]+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));
}

function templateKey(question: Question, rule: Rule): string {
  const choice = ["radios", "yes-no", "checkboxes"].includes(question.type);
  switch (rule) {
    case "required":
      return choice ? "errors.select" : question.type === "group" ? "errors.addItem" : "errors.enter";
    case "maxLength":
      return "errors.maxLength";
    case "past":
      return "errors.past";
    case "future":
      return "errors.future";
    case "range":
      if (question.type === "group") return "errors.maxItems";
      return question.min !== undefined && question.max !== undefined ? "errors.between" : question.min !== undefined ? "errors.atLeast" : "errors.atMost";
    case "format":
      return choice ? "errors.select" : `errors.${question.type}`;
  }
}

/** The GOV.UK-style message for a question and a rule: the definition's own wording if it has one, else the pattern. */
export function errorMessage(question: Question, rule: Rule, strings: Strings, lang: Language): string {
  const own = text(question.errors?.[rule], lang);
  if (own) return own;
  const name = text(question.errorName, lang)!;
  return fill(strings[templateKey(question, rule)], {
    name,
    Name: name.charAt(0).toUpperCase() + name.slice(1),
    max: question.type === "group" ? question.maxItems ?? 20 : question.maxLength ?? question.max ?? (question.type === "text" ? defaultTextLength : ""),
    min: question.min ?? "",
    item: text(question.itemName, lang) ?? "",
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
    const rule = ruleFor(target, error.keyword);
    const href = target.type === "date" ? `${field}-day` : question.type === "group" && field === question.id ? `${field}-0-${question.questions![0].id}` : field;
    found.set(field, { href, field, rule, text: errorMessage(target, rule, strings, lang) + suffix });
  }
  const order = (field: string) => step.questions.findIndex((q) => field === q.id || field.startsWith(`${q.id}-`));
  return [...found.values()].sort((a, b) => order(a.field) - order(b.field));
}

function completeDates(questions: Question[], answers: Record<string, AnswerValue>): Record<string, AnswerValue> {
  const out: Record<string, AnswerValue> = {};
  for (const [key, value] of Object.entries(answers)) {
    if (value === null) continue;
    const question = questions.find((q) => q.id === key);
    if (question?.type === "date" && typeof value === "string" && /^\d{4}-\d{2}$/.test(value)) out[key] = `${value}-01`;
    else if (question?.type === "group" && Array.isArray(value)) out[key] = (value as Record<string, AnswerValue>[]).map((item) => completeDates(question.questions!, item));
    else out[key] = value;
  }
  return out;
}

/**
 * What a step's schema validates: the answers so far with this step's on top, blanks left out (so `required`
 * catches them), an approximate month-and-year date checked as the first of its month, and today's date.
 */
export function validationData(step: Step, earlier: Answers, stepAnswers: Answers, today: string): Record<string, AnswerValue> {
  return { ...completeDates(step.questions, { ...earlier, ...stepAnswers }), today };
}
