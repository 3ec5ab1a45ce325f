import type { Option } from "../services/types.ts";
import { single, type AnswerType, type Strings } from "./answer-type.ts";
import { choicesView, oneChoice } from "./choices.ts";
import { yesNoChecks, yesNo } from "./yes-no.checks.ts";

export const yesNoType: AnswerType = {
  ...yesNoChecks,
  description: "Yes or No, in the page's language; its answer is \"yes\" or \"no\".",
  fields: {},
  schema: () => ({ type: "string", enum: ["yes", "no"] }),
  ...oneChoice((_question, strings) => yesNo(strings)),
  view: (question, context) => choicesView(question, context, yesNo(context.strings), false, true),
  sample: (_question, name, form) => {
    form[name] = "no";
  },
  alternatives: () => ["no", "yes"],
  examples: [
    { name: "yes", question: {}, form: { q: "yes" }, answer: "yes", text: "Yes" },
    { name: "anything but yes or no", question: {}, form: { q: "maybe" }, breaks: "required" },
  ],
};
