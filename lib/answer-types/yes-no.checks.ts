import type { Option } from "../services/types.ts";
import { single, type AnswerTypeChecks, type Strings } from "./answer-type.ts";
import { choicesView, oneChoice } from "./choices.ts";

export const yesNo = (strings: Strings): Option[] => [
  { value: "yes", label: { en: strings["question.yes"] } },
  { value: "no", label: { en: strings["question.no"] } },
];

/** What the browser needs of the yes-no answer type: reading a post and wording its errors. */
export const yesNoChecks: AnswerTypeChecks = {
  choice: true,
  messages: {},
  type: "yes-no",
  read: (_question, form, name) => single(form[name]) || null,
};

