import type { Language } from "../forces/load.ts";
import type { Option, Question } from "../services/types.ts";
import { text } from "../services/types.ts";
import { errorFor, heading, hintOf, type AnswerType, type QuestionView, type Strings, type ViewContext } from "./answer-type.ts";

/** The choices a question offers: its options, or Yes and No in the page's language. */
export type ChoicesOf = (question: Question, strings: Strings) => Option[];

/** The shared view of radios, yes-no and checkboxes, with the questions each choice reveals. */
export function choicesView(question: Question, context: ViewContext, options: Option[], many: boolean, inlineWhenPlain: boolean): QuestionView {
  const { name, values, errors, lang, strings } = context;
  const value = values[name];
  const chosen = new Set(Array.isArray(value) ? value : value ? [value] : []);
  const reveals: Record<string, QuestionView[]> = {};
  for (const sibling of context.siblings) {
    const condition = sibling.showWhen as { question?: string; equals?: unknown; includes?: string } | undefined;
    if (condition?.question !== question.id) continue;
    const on = String(condition.equals ?? condition.includes);
    (reveals[on] ??= []).push(context.viewOf(sibling, context.siblings, sibling.id, true));
  }
  const items: Record<string, unknown>[] = [];
  options.forEach((option, i) => {
    if (option.exclusive) items.push({ divider: strings["question.or"] });
    items.push({
      value: option.value,
      text: text(option.label, lang),
      hint: option.hint ? { text: text(option.hint, lang) } : undefined,
      checked: chosen.has(option.value),
      ...(many && option.exclusive && { behaviour: "exclusive" }),
      ...(i === 0 && { id: name }),
    });
  });
  const inline = inlineWhenPlain && Object.keys(reveals).length === 0;
  return {
    component: many ? "govukCheckboxes" : "govukRadios",
    params: { name, idPrefix: name, fieldset: { legend: heading(question, context).legend }, hint: hintOf(question, lang), items, errorMessage: errorFor(errors, name), classes: inline ? "govuk-radios--inline" : undefined },
    reveals,
  };
}

/** A chosen value in the words of its option. */
export const optionWords = (options: Option[], value: string, lang: Language) => text(options.find((o) => o.value === value)?.label, lang) ?? value;

export const optionsField = { description: "The choices.", type: "array", items: { $ref: "#/$defs/option" }, minItems: 2 };

/** What radios and yes-no share: one value from a list. */
export function oneChoice(choices: ChoicesOf): Pick<AnswerType, "write" | "mostValues" | "fromJson" | "answerText" | "payloadValue"> {
  return {
    write: (_question, value, name, values) => {
      values[name] = String(value);
    },
    mostValues: () => 1,
    fromJson: (_question, value) => (typeof value === "string" ? value.trim().slice(0, 100) || null : value),
    answerText: (question, value, lang, strings) => optionWords(choices(question, strings), String(value), lang),
    payloadValue: (_question, value) => value,
  };
}
