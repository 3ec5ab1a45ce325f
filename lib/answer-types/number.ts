import type { Question } from "../services/types.ts";
import { single, type AnswerType } from "./answer-type.ts";
import { inputView } from "./input.ts";
import { numberChecks, defaultMaximum, maximum, formatted } from "./number.checks.ts";

/** Pounds as people write them: £250, £1,200.50. */
const inPounds = (value: number) => new Intl.NumberFormat("en-GB", { style: "currency", currency: "GBP", minimumFractionDigits: Number.isInteger(value) ? 0 : 2 }).format(value);

export const numberType: AnswerType = {
  ...numberChecks,
  description: "A number, such as a value in pounds (a £ sign and commas are allowed).",
  fields: {
    min: { description: "The smallest value accepted.", type: "number" },
    max: { description: "The largest value accepted (1,000,000,000 unless given).", type: "number" },
    pounds: { description: "true when the answer is a sum of money in pounds: the box shows £ before it, and the answer is shown as £1,200.", type: "boolean" },
  },
  schema: (question) => ({ type: "number", maximum: maximum(question), ...(question.min !== undefined && { minimum: question.min }) }),
  write: (_question, value, name, values) => {
    values[name] = String(value);
  },
  mostValues: () => 1,
  fromJson: (_question, value) => (typeof value === "string" ? value.slice(0, 40) : value),
  view: (question, context) => inputView(question, context, { inputmode: "decimal", classes: "govuk-input--width-10", spellcheck: false, ...(question.pounds && { prefix: { text: "£" } }) }),
  answerText: (question, value) => (typeof value !== "number" ? String(value) : question.pounds ? inPounds(value) : formatted.format(value)),
  payloadValue: (_question, value) => value,
  sample: (question, name, form) => {
    form[name] = String(Math.min(question.max ?? 1, Math.max(question.min ?? 1, 1)));
  },
  examples: [
    { name: "£1,200 as 1200", question: {}, form: { q: "£1,200" }, answer: 1200, text: "1,200" },
    { name: "a sum of money, shown in pounds", question: { pounds: true }, form: { q: "1200.5" }, answer: 1200.5, text: "£1,200.50" },
    { name: "a whole sum of money, shown without pence", question: { pounds: true }, form: { q: "£250" }, answer: 250, text: "£250" },
    { name: "words", question: {}, form: { q: "lots" }, breaks: "format" },
    { name: "more than the maximum", question: { max: 100 }, form: { q: "101" }, breaks: "range" },
    { name: "more than a billion, where no maximum is set", question: {}, form: { q: "1e12" }, breaks: "range" },
    { name: "Infinity", question: {}, form: { q: "1e400" }, breaks: "format" },
  ],
};
