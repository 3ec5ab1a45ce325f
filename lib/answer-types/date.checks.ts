import type { Language } from "../forces/load.ts";
import type { Question } from "../services/types.ts";
import { errorFor, heading, hintOf, single, type AnswerTypeChecks, type FormValues } from "./answer-type.ts";

export const pad = (digits: string) => digits.padStart(2, "0");
/** No date before this or after this is believed (a typo, or a probe). */
export const earliestDate = "1900-01-01";
export const latestDate = "2199-12-31";

export function read(question: Question, form: FormValues, name: string): string | null {
  const [day, month, year] = ["day", "month", "year"].map((part) => single(form[`${name}-${part}`]).slice(0, 10));
  if (!day && !month && !year) return null;
  if (!/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year) || (day && !/^\d{1,2}$/.test(day))) return `${year}-${month}-${day}`; // fails "a real date"
  if (!day) return question.approximate ? `${year}-${pad(month)}` : `${year}-${pad(month)}-`;
  return `${year}-${pad(month)}-${pad(day)}`;
}

export const locales: Record<Language, string> = { en: "en-GB", cy: "cy" };
export const formats = new Map<string, Intl.DateTimeFormat>();
/** "3 November 2026" or, for a month-and-year answer, "November 2026"; Welsh month names on Welsh pages. */
export function format(lang: Language, withDay: boolean): Intl.DateTimeFormat {
  const key = `${lang}:${withDay}`;
  let found = formats.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(locales[lang], { timeZone: "UTC", year: "numeric", month: "long", ...(withDay ? { day: "numeric" } : {}) });
    formats.set(key, found);
  }
  return found;
}

/** What the browser needs of the date answer type: reading a post and wording its errors. */
export const dateChecks: AnswerTypeChecks = {
  type: "date",
  // An approximate month-and-year date is checked as the first of its month.
  checkedValue: (_question, value) => (typeof value === "string" && /^\d{4}-\d{2}$/.test(value) ? `${value}-01` : value),
  read,
  messages: {
    format: { en: "{Name} must be a real date", cy: "Rhowch ddyddiad go iawn ar gyfer {name}" },
    range: { en: "{Name} must be a real date between 1900 and 2199", cy: "Rhaid i {name} fod yn ddyddiad go iawn rhwng 1900 a 2199" },
  },
  ruleFor: (keyword, question) => (keyword === "formatMinimum" ? "range" : keyword === "formatMaximum" ? (question.when === "past" ? "past" : "range") : keyword === "formatExclusiveMinimum" ? "future" : undefined),
  errorHref: (name) => `${name}-day`,
};

