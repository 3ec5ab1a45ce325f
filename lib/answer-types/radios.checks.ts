import { single, type AnswerTypeChecks } from "./answer-type.ts";
import { choicesView, oneChoice, optionsField } from "./choices.ts";


/** What the browser needs of the radios answer type: reading a post and wording its errors. */
export const radiosChecks: AnswerTypeChecks = {
  choice: true,
  messages: {},
  type: "radios",
  read: (_question, form, name) => single(form[name]) || null,
};

