import type { Language } from "../forces/load.ts";
import { translate } from "../i18n/locales.ts";
import type { FieldError, Strings } from "./errors.ts";
import { groupItemCount, type FormValues } from "./form.ts";
import { text, type Question, type ServiceDefinition, type Step } from "./types.ts";

/**
 * A question ready for its govuk-frontend macro: `component` names the macro, `params` are its options
 * (in the page's language, with the value typed and the error, if any). Revealed questions and group items
 * are rendered by the template into the params where govuk-frontend expects their HTML.
 */
export interface QuestionView {
  component: "govukInput" | "govukCharacterCount" | "govukRadios" | "govukCheckboxes" | "govukDateInput" | "group";
  params: Record<string, unknown>;
  /** Questions revealed under a choice, by the choice's value. */
  reveals?: Record<string, QuestionView[]>;
  group?: { isPageHeading: boolean; legend: string; items: { legend: string; questions: QuestionView[]; removeValue: string }[]; addText: string; addValue: string; removeText: string; canAdd: boolean; name: string };
}

export interface StepView {
  id: string;
  heading: string;
  /** The one question's label is the page heading; otherwise `heading` is an h1 of its own. */
  headingIsQuestion: boolean;
  intro?: string;
  questions: QuestionView[];
  errors: FieldError[];
  /** For govukErrorSummary: each error linking to its field. */
  errorList: { text: string; href: string }[];
}

const inputTypes: Partial<Record<Question["type"], Record<string, unknown>>> = {
  text: { classes: "govuk-!-width-two-thirds" },
  email: { type: "email", spellcheck: false, autocomplete: "email" },
  phone: { type: "tel", autocomplete: "tel", classes: "govuk-input--width-20" },
  postcode: { classes: "govuk-input--width-10", autocomplete: "postal-code", spellcheck: false },
  number: { inputmode: "decimal", classes: "govuk-input--width-10", spellcheck: false },
  time: { classes: "govuk-input--width-5", spellcheck: false },
};

function errorFor(errors: FieldError[], field: string) {
  const error = errors.find((e) => e.field === field);
  return error ? { text: error.text } : undefined;
}

function questionView(question: Question, siblings: Question[], name: string, lang: Language, strings: Strings, values: FormValues, errors: FieldError[], isPageHeading: boolean, nested = false): QuestionView {
  const label = text(question.label, lang)!;
  const hintText = [text(question.hint, lang), question.type === "date" && question.approximate ? strings["question.approximateDate"] : undefined].filter(Boolean).join(" ");
  const hint = hintText ? { text: hintText } : undefined;
  const errorMessage = errorFor(errors, name);
  const value = values[name];
  const single = Array.isArray(value) ? value[0] : value;
  const size = isPageHeading ? "l" : nested ? "s" : "m";
  const legend = { text: label + (question.optional ? ` ${strings["question.optional"]}` : ""), isPageHeading, classes: `govuk-fieldset__legend--${size}` };
  const labelParams = { text: legend.text, isPageHeading, classes: `govuk-label--${size}` };

  switch (question.type) {
    case "textarea":
      return { component: "govukCharacterCount", params: { id: name, name, maxlength: question.maxLength, label: labelParams, hint, value: single, errorMessage } };
    case "radios":
    case "yes-no":
    case "checkboxes": {
      const options = question.type === "yes-no"
        ? [{ value: "yes", label: { en: strings["question.yes"] } }, { value: "no", label: { en: strings["question.no"] } }]
        : question.options!;
      const chosen = new Set(Array.isArray(value) ? value : value ? [value] : []);
      const reveals: Record<string, QuestionView[]> = {};
      for (const sibling of siblings) {
        const condition = sibling.showWhen as { question?: string; equals?: unknown; includes?: string } | undefined;
        if (condition?.question !== question.id) continue;
        const on = String(condition.equals ?? condition.includes);
        (reveals[on] ??= []).push(questionView(sibling, siblings, sibling.id, lang, strings, values, errors, false, true));
      }
      const items: Record<string, unknown>[] = [];
      options.forEach((option, i) => {
        if ("exclusive" in option && option.exclusive) items.push({ divider: strings["question.or"] });
        items.push({
          value: option.value,
          text: question.type === "yes-no" ? option.label.en : text(option.label, lang),
          hint: "hint" in option && option.hint ? { text: text(option.hint, lang) } : undefined,
          checked: chosen.has(option.value),
          ...(question.type === "checkboxes" && "exclusive" in option && option.exclusive && { behaviour: "exclusive" }),
          ...(i === 0 && { id: name }),
        });
      });
      const inline = question.type === "yes-no" && Object.keys(reveals).length === 0;
      return {
        component: question.type === "checkboxes" ? "govukCheckboxes" : "govukRadios",
        params: { name, idPrefix: name, fieldset: { legend }, hint, items, errorMessage, classes: inline ? "govuk-radios--inline" : undefined },
        reveals,
      };
    }
    case "date":
      return {
        component: "govukDateInput",
        params: {
          id: name,
          namePrefix: name,
          fieldset: { legend },
          hint,
          errorMessage,
          items: [
            { name: "day", label: strings["question.day"], classes: `govuk-input--width-2${errorMessage ? " govuk-input--error" : ""}`, value: values[`${name}-day`] },
            { name: "month", label: strings["question.month"], classes: `govuk-input--width-2${errorMessage ? " govuk-input--error" : ""}`, value: values[`${name}-month`] },
            { name: "year", label: strings["question.year"], classes: `govuk-input--width-4${errorMessage ? " govuk-input--error" : ""}`, value: values[`${name}-year`] },
          ],
        },
      };
    case "group": {
      const itemName = text(question.itemName, lang)!;
      const count = groupItemCount(values, name);
      const items = Array.from({ length: count }, (_, n) => ({
        legend: `${itemName.charAt(0).toUpperCase()}${itemName.slice(1)} ${n + 1}`,
        removeValue: `remove:${name}:${n}`,
        questions: question.questions!.map((inner) => questionView(inner, question.questions!, `${name}-${n}-${inner.id}`, lang, strings, values, errors, false, true)),
      }));
      return {
        component: "group",
        params: { errorMessage },
        group: {
          isPageHeading,
          name,
          legend: label,
          items,
          addText: translate(strings, "question.addAnother", { item: itemName }),
          addValue: `add:${name}`,
          removeText: strings["question.remove"],
          canAdd: count < (question.maxItems ?? 20),
        },
      };
    }
    default:
      return { component: "govukInput", params: { id: name, name, label: labelParams, hint, value: single, errorMessage, autocomplete: question.autocomplete, ...inputTypes[question.type] } };
  }
}

/** Everything a step's page shows, in one language, with what was typed and any errors. */
export function stepView(definition: ServiceDefinition, step: Step, lang: Language, strings: Strings, values: FormValues = {}, errors: FieldError[] = [], isStart = false): StepView {
  const revealed = new Set(step.questions.filter((q) => q.showWhen).map((q) => q.id));
  const top = step.questions.filter((q) => !revealed.has(q.id));
  // On the start page the service's title is the heading and the first question sits below its introduction.
  const headingIsQuestion = top.length === 1 && !step.title && !isStart;
  return {
    id: step.id,
    heading: headingIsQuestion ? text(top[0].label, lang)! : isStart ? text(definition.title, lang)! : text(step.title, lang) ?? text(definition.title, lang)!,
    headingIsQuestion,
    intro: text(step.intro, lang),
    questions: top.map((q) => questionView(q, step.questions, q.id, lang, strings, values, errors, headingIsQuestion)),
    errors,
    errorList: errors.map((e) => ({ text: e.text, href: `#${e.href}` })),
  };
}
