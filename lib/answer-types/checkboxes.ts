import { text } from "../services/types.ts";
import { many, type AnswerType } from "./answer-type.ts";
import { choicesView, optionWords, optionsField } from "./choices.ts";

const options = [
  { value: "phone", label: { en: "A phone" } },
  { value: "wallet", label: { en: "A wallet" } },
  { value: "none", label: { en: "None of these" }, exclusive: true },
];

export const checkboxesType: AnswerType = {
  type: "checkboxes",
  description: "Any number of choices from a list; an option marked `exclusive` (\"None of these\") cannot be chosen with another.",
  fields: { options: optionsField },
  requires: ["options"],
  choice: true,
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
  // Never more values than there are options (plus one, to be refused): a post of thousands is cut before it is checked.
  read: (question, form, name) => {
    const chosen = many(form[name]).slice(0, question.options!.length + 1);
    return chosen.length ? chosen : null;
  },
  write: (_question, value, name, values) => {
    values[name] = value as string[];
  },
  mostValues: (question) => question.options!.length,
  fromJson: (question, value) => (Array.isArray(value) ? value.slice(0, question.options!.length + 1) : value),
  view: (question, context) => choicesView(question, context, question.options!, true, false),
  answerText: (question, value, lang) => (value as string[]).map((v) => optionWords(question.options!, v, lang)).join("\n"),
  payloadValue: (_question, value) => value,
  messages: {
    exclusive: { en: "Select ‘{option}’ on its own, or the other answers without it", cy: "Dewiswch ‘{option}’ ar ei ben ei hun, neu’r atebion eraill hebddo" },
  },
  ruleFor: (keyword, _question, schemaPath) => (keyword === "maxItems" && schemaPath.endsWith("/then/maxItems") ? "exclusive" : keyword === "maxItems" || keyword === "uniqueItems" ? "required" : undefined),
  messageValues: (question, lang) => ({ option: text(question.options!.find((o) => o.exclusive)?.label, lang) ?? "" }),
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
