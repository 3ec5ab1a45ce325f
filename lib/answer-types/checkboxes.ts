import { text } from "../services/types.ts";
import { many, type AnswerType } from "./answer-type.ts";
import { choicesView, optionWords, optionsField } from "./choices.ts";
import { checkboxesChecks, options } from "./checkboxes.checks.ts";

export const checkboxesType: AnswerType = {
  ...checkboxesChecks,
  description: "Any number of choices from a list; an option marked `exclusive` (\"None of these\") cannot be chosen with another.",
  fields: { options: optionsField },
  requires: ["options"],
  schema: (question) => {
    const exclusive = question.options!.filter((o) => o.exclusive).map((o) => o.value);
    return {
      type: "array",
      minItems: 1,
      maxItems: question.options!.length,
      uniqueItems: true,
      items: { type: "string", enum: question.options!.map((o) => o.value) },
      ...(exclusive.length && { if: { contains: { enum: exclusive } }, then: { maxItems: 1 } }),
    };
  },
  write: (_question, value, name, values) => {
    values[name] = value as string[];
  },
  mostValues: (question) => question.options!.length,
  fromJson: (question, value) => (Array.isArray(value) ? value.slice(0, question.options!.length + 1) : value),
  view: (question, context) => choicesView(question, context, question.options!, true, false),
  answerText: (question, value, lang) => (value as string[]).map((v) => optionWords(question.options!, v, lang)).join("\n"),
  payloadValue: (_question, value) => value,
  sample: (question, name, form) => {
    form[name] = [question.options![0].value];
  },
  // Each option alone, the exclusive ones ("None of these") last.
  alternatives: (question) => [...question.options!.filter((o) => !o.exclusive), ...question.options!.filter((o) => o.exclusive)].map((o) => [o.value]),
  examples: [
    { name: "two of its options", question: { options }, form: { q: ["phone", "wallet"] }, answer: ["phone", "wallet"], text: "A phone\nA wallet" },
    { name: "nothing chosen", question: { options }, form: {}, breaks: "required" },
    { name: "“None of these” with another", question: { options }, form: { q: ["phone", "none"] }, breaks: "exclusive" },
    { name: "a value it does not offer", question: { options }, form: { q: ["phone", "boat"] }, breaks: "required" },
    { name: "thousands of values (cut to one more than the options before they are checked)", question: { options }, form: { q: Array.from({ length: 5000 }, () => "phone") }, breaks: "required" },
  ],
};
