import type { Language } from "../forces/load.ts";
import type { AnswerValue, Question, Rule, Text } from "../services/types.ts";
import { text } from "../services/types.ts";

/** A posted form, or the fields a page is rendered with: field name → what was typed or chosen. */
export type FormValues = Record<string, string | string[] | undefined>;
/** UI strings by key, in one language. */
export type Strings = Record<string, string>;

/** One message for one field, as the GOV.UK error summary and the field show it. */
export interface FieldError {
  /** The id of the input the error summary links to. */
  href: string;
  /** The question's field name (for a group item, `items-0-description`). */
  field: string;
  rule: Rule;
  text: string;
}

/**
 * A question ready for its govuk-frontend macro: `component` names the macro, `params` are its options
 * (in the page's language, with the value typed and the error, if any). Revealed questions and group items
 * are rendered by the template into the params where govuk-frontend expects their HTML.
 */
export interface QuestionView {
  component: "govukInput" | "govukCharacterCount" | "govukRadios" | "govukCheckboxes" | "govukDateInput" | "govukFileUpload" | "group";
  params: Record<string, unknown>;
  /** Questions revealed under a choice, by the choice's value. */
  reveals?: Record<string, QuestionView[]>;
  /** A file question: the files already added (each with its Remove button) and the button that uploads one more. */
  files?: { name: string; list: { id: string; name: string; kind: string; size: string; field: string; removeValue: string }[]; removeText: string; uploadText: string; uploadValue: string; canAdd: boolean };
  group?: { isPageHeading: boolean; legend: string; items: { legend: string; questions: QuestionView[]; removeValue: string }[]; addText: string; addValue: string; removeText: string; canAdd: boolean; name: string };
}

/** What a unit's view is given: the page's language and strings, what was typed, the errors, and where it sits. */
export interface ViewContext {
  name: string;
  lang: Language;
  strings: Strings;
  values: FormValues;
  errors: FieldError[];
  isPageHeading: boolean;
  nested: boolean;
  /** The other questions of the step (a choice reveals those whose showWhen reads it). */
  siblings: Question[];
  /** Renders another question (a revealed one, or a group's inner ones). */
  viewOf(question: Question, siblings: Question[], name: string, nested: boolean): QuestionView;
}

/** Lets a unit read, write back or word an inner question (a group's) through that question's own unit. */
export interface Inner {
  read(question: Question, form: FormValues, name: string): AnswerValue;
  write(question: Question, value: AnswerValue | undefined, name: string, values: FormValues): void;
  answerText(question: Question, value: AnswerValue | undefined, lang: Language, strings: Strings): string;
  fromJson(question: Question, value: unknown): unknown;
  schema(question: Question): object;
  payloadValue(question: Question, value: AnswerValue): unknown;
  sample(question: Question, name: string, form: FormValues): void;
}

/** An example that drives the unit's own tests: a form post (or API value) and what it must give. */
export interface Example {
  /** What it shows, as a test name reads. */
  name: string;
  question: Partial<Question>;
  form: FormValues;
  /** The answer read from the form, when valid. */
  answer?: AnswerValue;
  /** The rule it breaks, when invalid. */
  breaks?: Rule;
  /** The check-answers text of a valid answer, in English. */
  text?: string;
}

/** What the browser needs of an answer type (reading a post, wording its errors); the rest of the unit stays on the server. */
export interface AnswerTypeChecks {
  type: string;
  /** Chosen from options: a wrong value is "Select …", not a format error. */
  choice?: boolean;
  /** The answer from a posted form: trimmed and tidied; null when blank. */
  read(question: Question, form: FormValues, name: string, inner: Pick<Inner, "read">): AnswerValue;
  /** Messages of this type's own, by rule, in English and Welsh ({name}, {Name}, {max}, {min}, {item} filled in). */
  messages: Partial<Record<Rule, Text>>;
  /** The value the step's schema checks, where it differs from the one kept (an approximate date as the 1st of its month). */
  checkedValue?(question: Question, value: AnswerValue): AnswerValue;
  /** The rule a schema keyword breaks, where this type reads it differently from the usual. */
  ruleFor?(keyword: string, question: Question, schemaPath: string): Rule | undefined;
  /** Words a message fills in beyond {name}, {max} and {min}. */
  messageValues?(question: Question, lang: Language): Record<string, string | number>;
  /** The {max} a message states. */
  limit?(question: Question): number | undefined;
  /** The id of the input an error on this question links to. */
  errorHref?(name: string, question: Question): string;
}

/**
 * One answer type, all in one place (after govuk-frontend's one folder per component): its checks (above, in
 * `<type>.checks.ts`, which the browser loads) and here the JSON Schema fragment of its answer, the fields a
 * definition may give it, how it is read from JSON, its govuk-frontend view, its check-answers and payload
 * value, and the examples its tests run (in `<type>.ts`).
 */
export interface AnswerType extends AnswerTypeChecks {
  /** What the editors' guide and the definition schema say it is for. */
  description: string;
  /** The question fields this type takes beyond the common ones, as JSON Schema properties. */
  fields: Record<string, object>;
  /** Of those, the ones a definition must give. */
  requires?: string[];
  /** The JSON Schema of a valid answer. */
  schema(question: Question, inner: Inner): object;
  /** The form fields that show a stored answer again. */
  write(question: Question, value: AnswerValue, name: string, values: FormValues, inner: Inner): void;
  /** The most values a post may give for this question (checkbox values, group items' fields), bounded by the definition. */
  mostValues(question: Question): number;
  /** An answer given as JSON (the API), tidied the way a form post is, and cut to the definition's bounds before any other work. */
  fromJson(question: Question, value: unknown, inner: Inner): unknown;
  view(question: Question, context: ViewContext): QuestionView;
  /** The answer as a person reads it on check answers and in the plain-text summary. */
  answerText(question: Question, value: AnswerValue, lang: Language, strings: Strings, inner: Inner): string;
  /** The answer as the delivery payload carries it. */
  payloadValue(question: Question, value: AnswerValue, inner: Inner): unknown;
  /** Rules the enclosing object's schema needs for this question (a time on today's date compared with now). */
  objectRules?(question: Question): object[];
  examples: Example[];
  /** A plausible good answer written into a form, as a person might send it (journeys in tests and the preview walk with it). */
  sample(question: Question, name: string, form: FormValues, inner: Inner): void;
  /** For choices: every answer a person could give, in order (journeys try them until the triage keeps the report here). */
  alternatives?(question: Question): (string | string[])[];
}

export const single = (value: string | string[] | undefined): string => (Array.isArray(value) ? value[0] ?? "" : value ?? "").trim();
export const many = (value: string | string[] | undefined): string[] => (Array.isArray(value) ? value : value ? [value] : []).map((v) => v.trim()).filter(Boolean);

/** A JSON answer that is text: trimmed, blank as unanswered, and never longer than `most` (so checks stay cheap). */
export function jsonText(value: unknown, most: number): unknown {
  if (typeof value !== "string") return value;
  const trimmed = value.trim().slice(0, most);
  return trimmed === "" ? null : trimmed;
}

export function errorFor(errors: FieldError[], field: string) {
  const error = errors.find((e) => e.field === field);
  return error ? { text: error.text } : undefined;
}

/** The label or legend of a question: its words, "(optional)" when it is, sized by where it sits. */
export function heading(question: Question, context: ViewContext) {
  const words = text(question.label, context.lang)! + (question.optional ? ` ${context.strings["question.optional"]}` : "");
  const size = context.isPageHeading ? "l" : context.nested ? "s" : "m";
  return {
    label: { text: words, isPageHeading: context.isPageHeading, classes: `govuk-label--${size}` },
    legend: { text: words, isPageHeading: context.isPageHeading, classes: `govuk-fieldset__legend--${size}` },
  };
}

export function hintOf(question: Question, lang: Language, extra?: string) {
  const words = [text(question.hint, lang), extra].filter(Boolean).join(" ");
  return words ? { text: words } : undefined;
}

/** Characters no answer may hold: control characters (tab and line breaks only where `multiline`) and lone surrogates. */
export function safeTextPattern(multiline: boolean, angleBrackets: boolean): string {
  const control = multiline ? "\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f" : "\\u0000-\\u001f\\u007f";
  return `^[^${control}\\ud800-\\udfff${angleBrackets ? "" : "<>"}]*$`;
}

/** The message for text holding characters it may not. */
export const unsafeTextMessage: Text = {
  en: "{Name} must not include < or > or hidden characters",
  cy: "Rhaid i’r ateb ar gyfer {name} beidio â chynnwys < neu > na nodau cudd",
};

/** A UI string with its {placeholders} filled in (the browser runs this too: no Node modules here). */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{([a-zA-Z]+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));
}
