import type { Language } from "../forces/load.ts";
import type { Question } from "../services/types.ts";
import { errorFor, heading, hintOf, single, type AnswerType, type FormValues } from "./answer-type.ts";

const pad = (digits: string) => digits.padStart(2, "0");
/** No date before this or after this is believed (a typo, or a probe). */
export const earliestDate = "1900-01-01";
export const latestDate = "2199-12-31";

function read(question: Question, form: FormValues, name: string): string | null {
  const [day, month, year] = ["day", "month", "year"].map((part) => single(form[`${name}-${part}`]).slice(0, 10));
  if (!day && !month && !year) return null;
  if (!/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year) || (day && !/^\d{1,2}$/.test(day))) return `${year}-${month}-${day}`; // fails "a real date"
  if (!day) return question.approximate ? `${year}-${pad(month)}` : `${year}-${pad(month)}-`;
  return `${year}-${pad(month)}-${pad(day)}`;
}

const locales: Record<Language, string> = { en: "en-GB", cy: "cy" };
const formats = new Map<string, Intl.DateTimeFormat>();
/** "3 November 2026" or, for a month-and-year answer, "November 2026"; Welsh month names on Welsh pages. */
function format(lang: Language, withDay: boolean): Intl.DateTimeFormat {
  const key = `${lang}:${withDay}`;
  let found = formats.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(locales[lang], { timeZone: "UTC", year: "numeric", month: "long", ...(withDay ? { day: "numeric" } : {}) });
    formats.set(key, found);
  }
  return found;
}

export const dateType: AnswerType = {
  type: "date",
  description: "A date as day, month and year (from 1900 to 2199).",
  fields: {
    when: { description: "Must the date be in the past (today or earlier) or the future?", enum: ["past", "future", "any"] },
    approximate: { description: "The public may give only the month and year.", type: "boolean" },
  },
  schema: (question) => {
    const latest = question.when === "past" ? { $data: "/today" } : latestDate;
    return { type: "string", format: "date", formatMinimum: earliestDate, formatMaximum: latest, ...(question.when === "future" && { formatExclusiveMinimum: { $data: "/today" } }) };
  },
  // An approximate month-and-year date is checked as the first of its month.
  checkedValue: (_question, value) => (typeof value === "string" && /^\d{4}-\d{2}$/.test(value) ? `${value}-01` : value),
  read,
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
  messages: {
    format: { en: "{Name} must be a real date", cy: "Rhowch ddyddiad go iawn ar gyfer {name}" },
    range: { en: "{Name} must be a real date between 1900 and 2199", cy: "Rhaid i {name} fod yn ddyddiad go iawn rhwng 1900 a 2199" },
  },
  ruleFor: (keyword, question) => (keyword === "formatMinimum" ? "range" : keyword === "formatMaximum" ? (question.when === "past" ? "past" : "range") : keyword === "formatExclusiveMinimum" ? "future" : undefined),
  errorHref: (name) => `${name}-day`,
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
