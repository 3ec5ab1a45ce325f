import type { Question } from "../services/types.ts";
import type { AnswerTypeChecks, Inner } from "./answer-type.ts";
import { checkboxesChecks } from "./checkboxes.checks.ts";
import { dateChecks } from "./date.checks.ts";
import { fileChecks } from "./file.checks.ts";
import { emailChecks } from "./email.checks.ts";
import { groupChecks } from "./group.checks.ts";
import { numberChecks } from "./number.checks.ts";
import { phoneChecks } from "./phone.checks.ts";
import { postcodeChecks } from "./postcode.checks.ts";
import { radiosChecks } from "./radios.checks.ts";
import { referenceChecks } from "./reference.checks.ts";
import { textChecks } from "./text.checks.ts";
import { textareaChecks } from "./textarea.checks.ts";
import { timeChecks } from "./time.checks.ts";
import { yesNoChecks } from "./yes-no.checks.ts";

/**
 * The answer types' checks, as the browser loads them (the registry in registry.ts holds the whole units, and a
 * test proves the two name the same types in the same order).
 */
export const answerTypeChecks: Record<string, AnswerTypeChecks> = {
  text: textChecks,
  textarea: textareaChecks,
  email: emailChecks,
  phone: phoneChecks,
  postcode: postcodeChecks,
  reference: referenceChecks,
  number: numberChecks,
  date: dateChecks,
  time: timeChecks,
  "yes-no": yesNoChecks,
  radios: radiosChecks,
  checkboxes: checkboxesChecks,
  group: groupChecks,
  file: fileChecks,
};

export function checksOf(question: Question): AnswerTypeChecks {
  const checks = answerTypeChecks[question.type];
  if (!checks) throw new Error(`No answer type "${question.type}"`);
  return checks;
}

/** Reads a question's answer from a post through its type's checks (a group reads its inner questions the same way). */
export const readInner: Pick<Inner, "read"> = { read: (question, form, name) => checksOf(question).read(question, form, name, readInner) };
