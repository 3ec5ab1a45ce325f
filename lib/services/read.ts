import { readInner } from "../answer-types/checks.ts";
import type { FormValues } from "../answer-types/answer-type.ts";
import { visibleQuestions } from "../triage/triage.ts";
import type { Answers, Step } from "./types.ts";

/**
 * Reads one step's answers from a posted form: trimmed, typed and tidied by each question's answer type.
 * Every question the step asks gets a key, null when blank, so the triage knows the step was answered.
 * Questions the earlier answers hide are left out.
 */
export function readStep(step: Step, form: FormValues, earlier: Answers): Answers {
  const answers: Answers = {};
  // Same-page conditions (conditional reveals) read this step's own choices, so read those first.
  const draft: Answers = { ...earlier };
  for (const question of step.questions) draft[question.id] = readInner.read(question, form, question.id);
  for (const question of visibleQuestions(step, draft)) answers[question.id] = draft[question.id];
  return answers;
}
