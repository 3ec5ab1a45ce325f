import { single, type AnswerType } from "./answer-type.ts";
import { inputView, oneField } from "./input.ts";

export const emailType: AnswerType = {
  type: "email",
  description: "An email address.",
  fields: {},
  schema: () => ({ type: "string", maxLength: 254, format: "email" }),
  read: (_question, form, name) => single(form[name]) || null,
  ...oneField,
  view: (question, context) => inputView(question, context, { type: "email", spellcheck: false, autocomplete: "email" }),
  messages: { format: { en: "Enter {name} in the correct format, like name@example.com", cy: "Rhowch {name} yn y fformat cywir, fel enw@enghraifft.com" }, maxLength: { en: "Enter {name} in the correct format, like name@example.com", cy: "Rhowch {name} yn y fformat cywir, fel enw@enghraifft.com" } },
  sample: (_question, name, form) => {
    form[name] = "sam@example.com";
  },
  examples: [
    { name: "an address", question: {}, form: { q: " sam@example.com " }, answer: "sam@example.com", text: "sam@example.com" },
    { name: "an address without its domain", question: {}, form: { q: "sam@" }, breaks: "format" },
  ],
};
