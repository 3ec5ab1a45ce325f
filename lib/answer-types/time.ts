import { single, type AnswerType } from "./answer-type.ts";
import { inputView, oneField } from "./input.ts";
import { timeChecks, timePattern, checkedPattern, pad, tidy } from "./time.checks.ts";

export const timeType: AnswerType = {
  ...timeChecks,
  description: "A time of day. With `dateQuestion`, a time on today's date cannot be later than now (UK time).",
  fields: { dateQuestion: { description: "The id of the date question this time belongs to: when that date is today, the time must not be later than now.", type: "string", pattern: "^[a-z0-9]+(-[a-z0-9]+)*$" } },
  // Checked as HH:MM:00 (see checkedValue), so a time on today's date can be compared with now.
  schema: () => ({ type: "string", pattern: checkedPattern }),
  objectRules: (question) =>
    question.dateQuestion
      ? [{ if: { properties: { [question.dateQuestion]: { const: { $data: "/today" } } }, required: [question.dateQuestion, question.id] }, then: { properties: { [question.id]: { format: "iso-time", formatMaximum: { $data: "/now" } } } } }]
      : [],
  ...oneField,
  fromJson: (_question, value) => (typeof value === "string" ? tidy(value.trim().slice(0, 20)) : value),
  view: (question, context) => inputView(question, context, { classes: "govuk-input--width-5", spellcheck: false }),
  sample: (_question, name, form) => {
    form[name] = "09:30";
  },
  examples: [
    { name: "2:30pm as 14:30", question: {}, form: { q: "2:30pm" }, answer: "14:30", text: "14:30" },
    { name: "14.30 as 14:30", question: {}, form: { q: "14.30" }, answer: "14:30" },
    { name: "25:00", question: {}, form: { q: "25:00" }, breaks: "format" },
  ],
};
