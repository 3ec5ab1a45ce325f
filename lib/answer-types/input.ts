import type { Question } from "../services/types.ts";
import type { AnswerType, QuestionView, ViewContext } from "./answer-type.ts";
import { errorFor, heading, hintOf, jsonText, single } from "./answer-type.ts";

/** The shared view of the one-line types: govuk-frontend's text input with this type's own attributes. */
export function inputView(question: Question, context: ViewContext, attributes: Record<string, unknown>): QuestionView {
  const { name, values, errors, lang } = context;
  return {
    component: "govukInput",
    params: { id: name, name, label: heading(question, context).label, hint: hintOf(question, lang), value: single(values[name]) || undefined, errorMessage: errorFor(errors, name), autocomplete: question.autocomplete, ...attributes },
  };
}

/** What every one-line text type does the same way: one field, written back as typed, one value at most. */
export const oneField: Pick<AnswerType, "write" | "mostValues" | "fromJson" | "answerText" | "payloadValue"> = {
  write: (_question, value, name, values) => {
    values[name] = String(value);
  },
  mostValues: () => 1,
  fromJson: (_question, value) => jsonText(value, 1000),
  answerText: (_question, value) => String(value),
  payloadValue: (_question, value) => value,
};
