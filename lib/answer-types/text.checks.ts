import { defaultTextLength, type Question } from "../services/types.ts";
import { jsonText, safeTextPattern, single, unsafeTextMessage, type AnswerTypeChecks } from "./answer-type.ts";
import { inputView, oneField } from "./input.ts";

export const most = (question: Question) => question.maxLength ?? defaultTextLength;

/** What the browser needs of the text answer type: reading a post and wording its errors. */
export const textChecks: AnswerTypeChecks = {
  type: "text",
  read: (_question, form, name) => single(form[name]) || null,
  messages: { format: { en: "Enter {name}", cy: "Rhowch {name}" }, characters: unsafeTextMessage },
  limit: most,
  ruleFor: (keyword) => (keyword === "pattern" ? "characters" : undefined),
};

