import { single, type AnswerType } from "./answer-type.ts";
import { inputView, oneField } from "./input.ts";

/** A UK phone number once spaces, brackets and dashes are taken out. */
export const phonePattern = "^(?:\\+44|0)\\d{9,10}$";
const tidy = (raw: string) => raw.replace(/[\s()-]/g, "");

export const phoneType: AnswerType = {
  type: "phone",
  description: "A UK phone number.",
  fields: {},
  schema: () => ({ type: "string", pattern: phonePattern }),
  read: (_question, form, name) => tidy(single(form[name])) || null,
  ...oneField,
  fromJson: (_question, value) => (typeof value === "string" ? tidy(value.slice(0, 40)) || null : value),
  view: (question, context) => inputView(question, context, { type: "tel", autocomplete: "tel", classes: "govuk-input--width-20" }),
  messages: { format: { en: "Enter {name}, like 01632 960 001 or 07700 900 982", cy: "Rhowch {name}, fel 01632 960 001 neu 07700 900 982" } },
  sample: (_question, name, form) => {
    form[name] = "07700 900 982";
  },
  examples: [
    { name: "a mobile number, spaces taken out", question: {}, form: { q: "07700 900 982" }, answer: "07700900982", text: "07700900982" },
    { name: "too few digits", question: {}, form: { q: "12345" }, breaks: "format" },
  ],
};
