import { single, type AnswerType } from "./answer-type.ts";
import { inputView, oneField } from "./input.ts";
import { phoneChecks, phonePattern, tidy } from "./phone.checks.ts";

export const phoneType: AnswerType = {
  ...phoneChecks,
  description: "A UK phone number.",
  fields: {},
  schema: () => ({ type: "string", pattern: phonePattern }),
  ...oneField,
  fromJson: (_question, value) => (typeof value === "string" ? tidy(value.slice(0, 40)) || null : value),
  view: (question, context) => inputView(question, context, { type: "tel", autocomplete: "tel", classes: "govuk-input--width-20" }),
  sample: (_question, name, form) => {
    form[name] = "07700 900 982";
  },
  examples: [
    { name: "a mobile number, spaces taken out", question: {}, form: { q: "07700 900 982" }, answer: "07700900982", text: "07700900982" },
    { name: "too few digits", question: {}, form: { q: "12345" }, breaks: "format" },
  ],
};
