import { text } from "../services/types.ts";
import { many, type AnswerTypeChecks } from "./answer-type.ts";
import { choicesView, optionWords, optionsField } from "./choices.ts";

export const options = [
  { value: "phone", label: { en: "A phone" } },
  { value: "wallet", label: { en: "A wallet" } },
  { value: "none", label: { en: "None of these" }, exclusive: true },
];

/** What the browser needs of the checkboxes answer type: reading a post and wording its errors. */
export const checkboxesChecks: AnswerTypeChecks = {
  type: "checkboxes",
  choice: true,
  // Never more values than there are options (plus one, to be refused): a post of thousands is cut before it is checked.
  read: (question, form, name) => {
    const chosen = many(form[name]).slice(0, question.options!.length + 1);
    return chosen.length ? chosen : null;
  },
  messages: {
    exclusive: { en: "Select ‘{option}’ on its own, or the other answers without it", cy: "Dewiswch ‘{option}’ ar ei ben ei hun, neu’r atebion eraill hebddo" },
  },
  ruleFor: (keyword, _question, schemaPath) => (keyword === "maxItems" && schemaPath.endsWith("/then/maxItems") ? "exclusive" : keyword === "maxItems" || keyword === "uniqueItems" ? "required" : undefined),
  messageValues: (question, lang) => ({ option: text(question.options!.find((o) => o.exclusive)?.label, lang) ?? "" }),
};

