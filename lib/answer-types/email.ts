import { single, type AnswerType } from "./answer-type.ts";
import { inputView, oneField } from "./input.ts";
import { emailChecks } from "./email.checks.ts";

export const emailType: AnswerType = {
  ...emailChecks,
  description: "An email address.",
  fields: {},
  schema: () => ({ type: "string", maxLength: 254, format: "email" }),
  ...oneField,
  view: (question, context) => inputView(question, context, { type: "email", spellcheck: false, autocomplete: "email" }),
  sample: (_question, name, form) => {
    form[name] = "sam@example.com";
  },
  examples: [
    { name: "an address", question: {}, form: { q: " sam@example.com " }, answer: "sam@example.com", text: "sam@example.com" },
    { name: "an address without its domain", question: {}, form: { q: "sam@" }, breaks: "format" },
  ],
};
