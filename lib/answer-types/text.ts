import { defaultTextLength, type Question } from "../services/types.ts";
import { jsonText, safeTextPattern, single, unsafeTextMessage, type AnswerType } from "./answer-type.ts";
import { inputView, oneField } from "./input.ts";
import { textChecks, most } from "./text.checks.ts";

export const textType: AnswerType = {
  ...textChecks,
  description: "A short answer on one line: a name, a registration number.",
  fields: { maxLength: { description: "The most characters accepted (500 unless given).", type: "integer", minimum: 1, maximum: 500 } },
  schema: (question) => ({ type: "string", minLength: 1, maxLength: most(question), pattern: safeTextPattern(false, false) }),
  ...oneField,
  fromJson: (question, value) => jsonText(value, most(question) + 1),
  view: (question, context) => inputView(question, context, { classes: "govuk-!-width-two-thirds" }),
  sample: (question, name, form) => {
    form[name] = `Sample ${question.id.replaceAll("-", " ")}`.slice(0, most(question));
  },
  examples: [
    { name: "a name, trimmed", question: {}, form: { q: "  Sam Jones " }, answer: "Sam Jones", text: "Sam Jones" },
    { name: "a blank answer, as unanswered", question: {}, form: { q: "   " }, breaks: "required" },
    { name: "a script tag", question: {}, form: { q: "<script>alert(1)</script>" }, breaks: "characters" },
    { name: "a control character", question: {}, form: { q: "Sam\u0000Jones" }, breaks: "characters" },
    { name: "a lone surrogate", question: {}, form: { q: "Sam\ud800" }, breaks: "characters" },
    { name: "an answer longer than its limit", question: { maxLength: 5 }, form: { q: "Samuel" }, breaks: "maxLength" },
  ],
};
