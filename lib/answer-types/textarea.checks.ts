import type { Question } from "../services/types.ts";
import { errorFor, fill, heading, hintOf, jsonText, safeTextPattern, single, unsafeTextMessage, type AnswerTypeChecks } from "./answer-type.ts";
import { oneField } from "./input.ts";

/** A free-text account: room for a real one (5,000 characters unless the definition says otherwise). */
export const defaultAccountLength = 5000;
export const most = (question: Question) => question.maxLength ?? defaultAccountLength;

/** What the browser needs of the textarea answer type: reading a post and wording its errors. */
export const textareaChecks: AnswerTypeChecks = {
  type: "textarea",
  // Browsers send line breaks as CR LF; one line break is one character, as the character count counts it.
  read: (_question, form, name) => single(form[name]).replace(/\r\n?/g, "\n") || null,
  messages: { format: { en: "Enter {name}", cy: "Rhowch {name}" }, characters: { en: "{Name} must not include hidden characters", cy: "Rhaid i’r ateb ar gyfer {name} beidio â chynnwys nodau cudd" } },
  limit: most,
  ruleFor: (keyword) => (keyword === "pattern" ? "characters" : undefined),
};

