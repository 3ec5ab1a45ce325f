import { single, type AnswerType } from "./answer-type.ts";
import { inputView, oneField } from "./input.ts";
import { postcodeChecks, postcodePattern, tidy } from "./postcode.checks.ts";

export const postcodeType: AnswerType = {
  ...postcodeChecks,
  description: "A UK postcode.",
  fields: {},
  schema: () => ({ type: "string", pattern: postcodePattern }),
  ...oneField,
  fromJson: (_question, value) => (typeof value === "string" ? tidy(value.trim().slice(0, 20)) : value),
  view: (question, context) => inputView(question, context, { classes: "govuk-input--width-10", autocomplete: "postal-code", spellcheck: false }),
  sample: (_question, name, form) => {
    form[name] = "ME14 1XX";
  },
  examples: [
    { name: "a postcode, spaced and capitalised", question: {}, form: { q: "sw1a1aa" }, answer: "SW1A 1AA", text: "SW1A 1AA" },
    { name: "words", question: {}, form: { q: "NOT A CODE" }, breaks: "format" },
  ],
};
