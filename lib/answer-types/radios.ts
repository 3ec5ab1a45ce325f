import { single, type AnswerType } from "./answer-type.ts";
import { choicesView, oneChoice, optionsField } from "./choices.ts";
import { radiosChecks } from "./radios.checks.ts";

export const radiosType: AnswerType = {
  ...radiosChecks,
  description: "One choice from a list.",
  fields: { options: optionsField },
  requires: ["options"],
  schema: (question) => ({ type: "string", enum: question.options!.map((o) => o.value) }),
  ...oneChoice((question) => question.options!),
  view: (question, context) => choicesView(question, context, question.options!, false, false),
  sample: (question, name, form) => {
    form[name] = question.options![0].value;
  },
  alternatives: (question) => question.options!.map((o) => o.value),
  examples: [
    { name: "one of its options", question: { options: [{ value: "bike", label: { en: "A bike" } }, { value: "car", label: { en: "A car" } }] }, form: { q: "bike" }, answer: "bike", text: "A bike" },
    { name: "a value it does not offer", question: { options: [{ value: "bike", label: { en: "A bike" } }, { value: "car", label: { en: "A car" } }] }, form: { q: "boat" }, breaks: "required" },
    { name: "nothing chosen", question: { options: [{ value: "bike", label: { en: "A bike" } }, { value: "car", label: { en: "A car" } }] }, form: {}, breaks: "required" },
  ],
};
