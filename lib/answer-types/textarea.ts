import type { Question } from "../services/types.ts";
import { errorFor, fill, heading, hintOf, jsonText, safeTextPattern, single, unsafeTextMessage, type AnswerType } from "./answer-type.ts";
import { oneField } from "./input.ts";
import { textareaChecks, defaultAccountLength, most } from "./textarea.checks.ts";

export const textareaType: AnswerType = {
  ...textareaChecks,
  description: "A free-text account over several lines, with a character count.",
  fields: { maxLength: { description: "The most characters accepted (5,000 unless given).", type: "integer", minimum: 1, maximum: 10000 } },
  schema: (question) => ({ type: "string", minLength: 1, maxLength: most(question), pattern: safeTextPattern(true, true) }),
  ...oneField,
  fromJson: (question, value) => jsonText(typeof value === "string" ? value.replace(/\r\n?/g, "\n") : value, most(question) + 1),
  view: (question, context) => {
    const { name, values, errors, lang, strings } = context;
    const max = most(question);
    return {
      component: "govukCharacterCount",
      params: {
        id: name,
        name,
        maxlength: max,
        label: heading(question, context).label,
        hint: hintOf(question, lang),
        value: single(values[name]) || undefined,
        errorMessage: errorFor(errors, name),
        // An address over several lines ("street-address"): the character count passes attributes to its textarea.
        attributes: question.autocomplete ? { autocomplete: question.autocomplete } : undefined,
        // govuk-frontend's own words are English: every one is given in the page's language, numbers written the same way.
        textareaDescriptionText: fill(strings["characterCount.description"], { count: max.toLocaleString("en-GB") }),
        charactersUnderLimitText: { one: strings["characterCount.underOne"], other: strings["characterCount.underOther"] },
        charactersAtLimitText: strings["characterCount.atLimit"],
        charactersOverLimitText: { one: strings["characterCount.overOne"], other: strings["characterCount.overOther"] },
      },
    };
  },
  sample: (question, name, form) => {
    form[name] = `Sample ${question.id.replaceAll("-", " ")}`.slice(0, most(question));
  },
  examples: [
    { name: "an account over several lines, line breaks as one character", question: {}, form: { q: "It was dark.\r\nThey ran." }, answer: "It was dark.\nThey ran.", text: "It was dark.\nThey ran." },
    { name: "a real account of 5,000 characters", question: {}, form: { q: "a".repeat(5000) }, answer: "a".repeat(5000) },
    { name: "an account of more than 5,000 characters", question: {}, form: { q: "a".repeat(5001) }, breaks: "maxLength" },
    { name: "a NUL character", question: {}, form: { q: "a\u0000b" }, breaks: "characters" },
    { name: "a blank answer, as unanswered", question: {}, form: { q: "\r\n " }, breaks: "required" },
  ],
};
