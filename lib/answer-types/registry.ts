import type { Condition, Question } from "../services/types.ts";
import type { AnswerType, Inner } from "./answer-type.ts";
import { checkboxesType } from "./checkboxes.ts";
import { dateType } from "./date.ts";
import { fileType } from "./file.ts";
import { emailType } from "./email.ts";
import { groupType } from "./group.ts";
import { numberType } from "./number.ts";
import { phoneType } from "./phone.ts";
import { postcodeType } from "./postcode.ts";
import { radiosType } from "./radios.ts";
import { referenceType } from "./reference.ts";
import { textType } from "./text.ts";
import { textareaType } from "./textarea.ts";
import { timeType } from "./time.ts";
import { yesNoType } from "./yes-no.ts";

/** Every answer type, by the name a definition gives in `type`. The one list: the definition schema's enum is made from it. */
export const answerTypes = {
  text: textType,
  textarea: textareaType,
  email: emailType,
  phone: phoneType,
  postcode: postcodeType,
  reference: referenceType,
  number: numberType,
  date: dateType,
  time: timeType,
  "yes-no": yesNoType,
  radios: radiosType,
  checkboxes: checkboxesType,
  group: groupType,
  file: fileType,
} satisfies Record<string, AnswerType>;

export type AnswerTypeName = keyof typeof answerTypes;

export function unitOf(question: Question): AnswerType {
  const unit = (answerTypes as Record<string, AnswerType>)[question.type];
  if (!unit) throw new Error(`No answer type "${question.type}"`);
  return unit;
}

function conditionSchema(condition: Condition): object {
  if ("all" in condition) return { allOf: condition.all.map(conditionSchema) };
  if ("any" in condition) return { anyOf: condition.any.map(conditionSchema) };
  if ("not" in condition) return { not: conditionSchema(condition.not) };
  const q = condition.question;
  if ("equals" in condition) return { required: [q], properties: { [q]: { const: condition.equals } } };
  if ("in" in condition) return { required: [q], properties: { [q]: { enum: condition.in } } };
  if ("includes" in condition) return { required: [q], properties: { [q]: { type: "array", contains: { const: condition.includes } } } };
  return condition.answered ? { required: [q] } : { not: { required: [q] } };
}

/**
 * A closed object schema for questions asked together (a step, or a group's item): each question's own schema,
 * what must be answered (conditionally when a condition reveals it), and nothing else — an unknown key is refused.
 * `others` are keys the object may also hold without checking them (earlier answers its conditions read).
 */
export function objectSchema(questions: Question[], others: string[] = []): object {
  const conditional = questions.filter((q) => q.showWhen && !q.optional);
  const rules = [
    ...conditional.map((q) => ({ if: conditionSchema(q.showWhen!), then: { required: [q.id] } })),
    ...questions.flatMap((q) => unitOf(q).objectRules?.(q) ?? []),
  ];
  return {
    type: "object",
    properties: { ...Object.fromEntries(others.map((id) => [id, true])), ...Object.fromEntries(questions.map((q) => [q.id, unitOf(q).schema(q, inner)])) },
    required: questions.filter((q) => !q.optional && !q.showWhen).map((q) => q.id),
    additionalProperties: false,
    ...(rules.length && { allOf: rules }),
  };
}

/** How a unit reaches the units of the questions inside it (a group's). */
export const inner: Inner = {
  read: (question, form, name) => unitOf(question).read(question, form, name, inner),
  write: (question, value, name, values) => {
    if (value !== null && value !== undefined) unitOf(question).write(question, value, name, values, inner);
  },
  answerText: (question, value, lang, strings) => (value === null || value === undefined || (Array.isArray(value) && value.length === 0) ? strings["answers.notAnswered"] : unitOf(question).answerText(question, value, lang, strings, inner)),
  fromJson: (question, value) => unitOf(question).fromJson(question, value, inner),
  schema: (question) => objectSchema(question.questions ?? []),
  payloadValue: (question, value) => unitOf(question).payloadValue(question, value, inner),
  sample: (question, name, form) => unitOf(question).sample(question, name, form, inner),
};
