import type { Language } from "../forces/load.ts";
import { inner } from "../answer-types/registry.ts";
import { passes } from "../triage/conditions.ts";
import { visibleQuestions } from "../triage/triage.ts";
import type { AnswerValue, Answers, Question, ServiceDefinition } from "./types.ts";
import { text } from "./types.ts";

/** UI strings by key, in one language. */
type Strings = Record<string, string>;

/** An answer as a person reads it: the option's words, a date written out, items one per line. */
export function answerText(question: Question, value: AnswerValue | undefined, lang: Language, strings: Strings): string {
  return inner.answerText(question, value, lang, strings);
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
