import type { Language } from "../forces/load.ts";
import type { Question } from "../services/types.ts";
import { errorFor, heading, hintOf, single, type AnswerType, type FormValues } from "./answer-type.ts";
import { dateChecks, pad, earliestDate, latestDate, read, locales, formats, format } from "./date.checks.ts";

export const dateType: AnswerType = {
  ...dateChecks,
  description: "A date as day, month and year (from 1900 to 2199).",
  fields: {
    when: { description: "Must the date be in the past (today or earlier) or the future?", enum: ["past", "future", "any"] },
    approximate: { description: "The public may give only the month and year.", type: "boolean" },
  },
  schema: (question) => {
    const latest = question.when === "past" ? { $data: "/today" } : latestDate;
    return { type: "string", format: "date", formatMinimum: earliestDate, formatMaximum: latest, ...(question.when === "future" && { formatExclusiveMinimum: { $data: "/today" } }) };
  },
  write: (_question, value, name, values) => {
    const [year, month, day] = String(value).split("-");
    Object.assign(values, { [`${name}-day`]: day ? String(Number(day)) : "", [`${name}-month`]: month ? String(Number(month)) : "", [`${name}-year`]: year });
  },
  mostValues: () => 3,
  fromJson: (_question, value) => (typeof value === "string" ? value.trim().slice(0, 10) || null : value),
  view: (question, context) => {
    const { name, values, errors, lang, strings } = context;
    const errorMessage = errorFor(errors, name);
    const part = (key: "day" | "month" | "year", width: number) => ({ name: key, label: strings[`question.${key}`], classes: `govuk-input--width-${width}${errorMessage ? " govuk-input--error" : ""}`, value: values[`${name}-${key}`] });
    return {
      component: "govukDateInput",
      params: {
        id: name,
        namePrefix: name,
        fieldset: { legend: heading(question, context).legend },
        hint: hintOf(question, lang, question.approximate ? strings["question.approximateDate"] : undefined),
        errorMessage,
        items: [part("day", 2), part("month", 2), part("year", 4)],
      },
    };
  },
  answerText: (_question, value, lang) => {
    const [year, month, day] = String(value).split("-").map(Number);
    return format(lang, Boolean(day)).format(new Date(Date.UTC(year, month - 1, day || 1)));
  },
  payloadValue: (_question, value) => value,
  sample: (question, name, form) => {
    const [year, month, day] = question.when === "future" ? ["2199", "12", "20"] : ["2026", "11", "20"];
    Object.assign(form, { [`${name}-day`]: day, [`${name}-month`]: month, [`${name}-year`]: year });
  },
  examples: [
    { name: "a real date in the past", question: { when: "past" }, form: { "q-day": "3", "q-month": "11", "q-year": "2026" }, answer: "2026-11-03", text: "3 November 2026" },
    { name: "a month and year, when approximate", question: { approximate: true }, form: { "q-day": "", "q-month": "6", "q-year": "2025" }, answer: "2025-06", text: "June 2025" },
    { name: "31 February", question: {}, form: { "q-day": "31", "q-month": "2", "q-year": "2026" }, breaks: "format" },
    { name: "a date after today where it must be past", question: { when: "past" }, form: { "q-day": "1", "q-month": "1", "q-year": "2100" }, breaks: "past" },
    { name: "a year before 1900", question: {}, form: { "q-day": "1", "q-month": "1", "q-year": "1850" }, breaks: "range" },
    { name: "a year after 2199", question: { when: "future" }, form: { "q-day": "1", "q-month": "1", "q-year": "2300" }, breaks: "range" },
  ],
};
