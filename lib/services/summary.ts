import type { Language } from "../forces/load.ts";
import { passes } from "../triage/conditions.ts";
import { visibleQuestions } from "../triage/triage.ts";
import type { AnswerValue, Answers, Question, ServiceDefinition } from "./types.ts";
import { text } from "./types.ts";

/** UI strings by key, in one language. */
type Strings = Record<string, string>;

const locales: Record<Language, string> = { en: "en-GB", cy: "cy" };
const dateFormats = new Map<string, Intl.DateTimeFormat>();
/** "3 November 2026" or, for a month-and-year answer, "November 2026"; Welsh month names on Welsh pages. */
function dateFormat(lang: Language, withDay: boolean): Intl.DateTimeFormat {
  const key = `${lang}:${withDay}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locales[lang], { timeZone: "UTC", year: "numeric", month: "long", ...(withDay ? { day: "numeric" } : {}) });
    dateFormats.set(key, format);
  }
  return format;
}

/** An answer as a person reads it: the option's words, a date written out, items one per line. */
export function answerText(question: Question, value: AnswerValue | undefined, lang: Language, strings: Strings): string {
  if (value === null || value === undefined || (Array.isArray(value) && value.length === 0)) return strings["answers.notAnswered"];
  switch (question.type) {
    case "yes-no":
      return value === "yes" ? strings["question.yes"] : strings["question.no"];
    case "radios":
    case "checkboxes": {
      const chosen = Array.isArray(value) ? (value as string[]) : [String(value)];
      return chosen.map((v) => text(question.options!.find((o) => o.value === v)?.label, lang) ?? v).join("\n");
    }
    case "date": {
      const [year, month, day] = String(value).split("-").map(Number);
      const date = new Date(Date.UTC(year, month - 1, day || 1));
      return dateFormat(lang, Boolean(day)).format(date);
    }
    case "group":
      return (value as Record<string, AnswerValue>[])
        .map((item, n) => `${text(question.itemName, lang)} ${n + 1}: ${question.questions!.filter((q) => item[q.id] !== undefined).map((q) => answerText(q, item[q.id], lang, strings)).join(", ")}`)
        .join("\n");
    default:
      return String(value);
  }
}

export interface SummaryRow {
  stepId: string;
  questionId: string;
  question: string;
  answer: string;
}

/** Every question asked on the report's path with its answer, in the order asked. */
export function summaryRows(definition: ServiceDefinition, answers: Answers, path: string[], lang: Language, strings: Strings): SummaryRow[] {
  return path.flatMap((stepId) => {
    const step = definition.steps.find((s) => s.id === stepId)!;
    return visibleQuestions(step, answers).map((question) => ({
      stepId,
      questionId: question.id,
      question: text(question.label, lang)!,
      answer: answerText(question, answers[question.id], lang, strings),
    }));
  });
}

/** Urgent when the service always is (hate crime, domestic abuse) or the answers show vulnerability or ongoing risk. */
export function priorityOf(definition: ServiceDefinition, answers: Answers): "urgent" | "standard" {
  const { always, when } = definition.priority ?? {};
  return always || (when && passes(when, answers)) ? "urgent" : "standard";
}
