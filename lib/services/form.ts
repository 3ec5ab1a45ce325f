import { inner, unitOf } from "../answer-types/registry.ts";
import { visibleQuestions } from "../triage/triage.ts";
import type { Answers, Step } from "./types.ts";

export type { FormValues } from "../answer-types/answer-type.ts";
import type { FormValues } from "../answer-types/answer-type.ts";

/** Fields any step's form may carry beside its questions' own: the honeypot, "change", and an add/remove action. */
const formControls = 4;

/** The most fields, and values, a post to this step can hold: bounded by its definition, never by what was posted. */
export function mostValuesPosted(step: Step): number {
  return step.questions.reduce((sum, q) => sum + unitOf(q).mostValues(q), formControls);
}

/**
 * Whether a posted form is within what its step can hold (fields and values counted), so nothing larger is ever
 * read or checked: a post with thousands of fields or values is refused at once.
 */
export function formWithinBounds(step: Step, form: FormValues): boolean {
  const most = mostValuesPosted(step);
  let count = 0;
  for (const value of Object.values(form)) {
    count += Array.isArray(value) ? value.length : 1;
    if (count > most) return false;
  }
  return true;
}

export { readStep } from "./read.ts";

/** The other way: the form fields that show stored answers, for a page brought back to change an answer. */
export function formValues(step: Step, answers: Answers): FormValues {
  const values: FormValues = {};
  for (const question of step.questions) inner.write(question, answers[question.id], question.id, values);
  return values;
}

/**
 * Answers given as JSON (the API) for one step, tidied as a form post is (trimmed; blank as unanswered) and cut
 * to the definition's bounds before they are checked.
 */
export function stepAnswersFromJson(step: Step, given: Record<string, unknown>, earlier: Answers): Answers {
  const draft: Answers = { ...earlier };
  for (const question of step.questions) draft[question.id] = (Object.hasOwn(given, question.id) ? inner.fromJson(question, given[question.id]) ?? null : null) as Answers[string];
  const answers: Answers = {};
  for (const question of visibleQuestions(step, draft)) answers[question.id] = draft[question.id];
  return answers;
}

/** Every field name a step's form can post, from its questions' own names (a date's parts, a group's first item). */
export function fieldNamesOf(step: Step): string[] {
  const form: FormValues = {};
  for (const question of step.questions) inner.sample(question, question.id, form);
  return [...new Set([...step.questions.map((q) => q.id), ...Object.keys(form)])];
}
