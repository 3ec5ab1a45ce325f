import { visibleQuestions } from "../triage/triage.ts";
import type { AnswerValue, Answers, Question, Step } from "./types.ts";

/** A posted form, or the fields a page is rendered with: field name → what was typed or chosen. */
export type FormValues = Record<string, string | string[] | undefined>;

const single = (value: string | string[] | undefined): string => (Array.isArray(value) ? value[0] ?? "" : value ?? "").trim();
const many = (value: string | string[] | undefined): string[] => (Array.isArray(value) ? value : value ? [value] : []).map((v) => v.trim()).filter(Boolean);
const pad = (digits: string) => digits.padStart(2, "0");

function readDate(question: Question, form: FormValues, name: string): string | null {
  const [day, month, year] = ["day", "month", "year"].map((part) => single(form[`${name}-${part}`]));
  if (!day && !month && !year) return null;
  if (!/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year) || (day && !/^\d{1,2}$/.test(day))) return `${year}-${month}-${day}`; // fails "a real date"
  if (!day) return question.approximate ? `${year}-${pad(month)}` : `${year}-${pad(month)}-`;
  return `${year}-${pad(month)}-${pad(day)}`;
}

function readTime(raw: string): string | null {
  if (!raw) return null;
  const match = /^(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?$/i.exec(raw.replace(/\s+/g, " "));
  if (!match || (!match[2] && !match[3])) return raw;
  let hours = Number(match[1]);
  const meridiem = match[3]?.toLowerCase();
  if (meridiem && (hours < 1 || hours > 12)) return raw;
  if (meridiem === "pm" && hours < 12) hours += 12;
  if (meridiem === "am" && hours === 12) hours = 0;
  return `${pad(String(hours))}:${match[2] ?? "00"}`;
}

function readPostcode(raw: string): string | null {
  if (!raw) return null;
  const compact = raw.toUpperCase().replace(/\s+/g, "");
  return compact.length >= 5 ? `${compact.slice(0, -3)} ${compact.slice(-3)}` : compact;
}

function readQuestion(question: Question, form: FormValues, name: string): AnswerValue {
  const raw = single(form[name]);
  switch (question.type) {
    case "date":
      return readDate(question, form, name);
    case "time":
      return readTime(raw);
    case "postcode":
      return readPostcode(raw);
    case "phone":
      return raw ? raw.replace(/[\s()-]/g, "") : null;
    case "number": {
      if (!raw) return null;
      const number = Number(raw.replace(/[£,\s]/g, ""));
      return Number.isFinite(number) ? number : raw;
    }
    case "checkboxes": {
      const chosen = many(form[name]);
      const exclusive = question.options!.find((o) => o.exclusive && chosen.includes(o.value));
      if (exclusive) return [exclusive.value];
      return chosen.length ? chosen : null;
    }
    case "group": {
      const items: Record<string, AnswerValue>[] = [];
      for (let n = 0; n < 50; n++) {
        const prefix = `${name}-${n}`;
        if (!Object.keys(form).some((key) => key.startsWith(`${prefix}-`))) break;
        const item: Record<string, AnswerValue> = {};
        for (const inner of question.questions!) {
          const value = readQuestion(inner, form, `${prefix}-${inner.id}`);
          if (value !== null) item[inner.id] = value;
        }
        if (Object.keys(item).length) items.push(item);
      }
      return items.length ? items : null;
    }
    default:
      return raw || null;
  }
}

/**
 * Reads one step's answers from a posted form: trimmed, typed and tidied (postcodes spaced, times as HH:MM,
 * dates as YYYY-MM-DD or YYYY-MM when approximate). Every question the step asks gets a key, null when blank,
 * so the triage knows the step was answered. Questions the earlier answers hide are left out.
 */
export function readStep(step: Step, form: FormValues, earlier: Answers): Answers {
  const answers: Answers = {};
  // Same-page conditions (conditional reveals) read this step's own choices, so read those first.
  const draft: Answers = { ...earlier };
  for (const question of step.questions) draft[question.id] = readQuestion(question, form, question.id);
  for (const question of visibleQuestions(step, draft)) answers[question.id] = draft[question.id];
  return answers;
}

/** The other way: the form fields that show stored answers, for a page brought back to change an answer. */
export function formValues(step: Step, answers: Answers): FormValues {
  const values: FormValues = {};
  const write = (question: Question, value: AnswerValue | undefined, name: string) => {
    if (value === null || value === undefined) return;
    if (question.type === "date" && typeof value === "string") {
      const [year, month, day] = value.split("-");
      Object.assign(values, { [`${name}-day`]: day ? String(Number(day)) : "", [`${name}-month`]: month ? String(Number(month)) : "", [`${name}-year`]: year });
    } else if (question.type === "group" && Array.isArray(value)) {
      (value as Record<string, AnswerValue>[]).forEach((item, n) => question.questions!.forEach((inner) => write(inner, item[inner.id], `${name}-${n}-${inner.id}`)));
    } else if (Array.isArray(value)) {
      values[name] = value as string[];
    } else {
      values[name] = String(value);
    }
  };
  for (const question of step.questions) write(question, answers[question.id], question.id);
  return values;
}

/** How many items of an "add another" group a form shows: at least one, and one for every item typed. */
export function groupItemCount(values: FormValues, name: string): number {
  const indexes = Object.keys(values)
    .filter((key) => key.startsWith(`${name}-`))
    .map((key) => Number(key.slice(name.length + 1).split("-")[0]))
    .filter(Number.isFinite);
  return Math.max(1, ...indexes.map((i) => i + 1));
}
