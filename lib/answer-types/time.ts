import { single, type AnswerType } from "./answer-type.ts";
import { inputView, oneField } from "./input.ts";

/** A time as it is kept, HH:MM on the 24-hour clock. */
export const timePattern = "^([01][0-9]|2[0-3]):[0-5][0-9]$";
const checkedPattern = `${timePattern.slice(0, -1)}:00$`;
const pad = (digits: string) => digits.padStart(2, "0");

/** "2:30pm", "14.30" or "14:30" as 14:30; anything else is kept as typed, to fail its check. */
function tidy(raw: string): string | null {
  if (!raw) return null;
  const match = /^(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?$/i.exec(raw.replace(/\s+/g, " "));
  if (!match || (!match[2] && !match[3])) return raw;
  let hours = Number(match[1]);
  const meridiem = match[3]?.toLowerCase();
  if (meridiem && (hours < 1 || hours > 12)) return raw;
  if (meridiem === "pm" && hours < 12) hours += 12;
  if (meridiem === "am" && hours === 12) hours = 0;
  return `${pad(String(hours))}:${match[2] ?? "00"}`;
}

export const timeType: AnswerType = {
  type: "time",
  description: "A time of day. With `dateQuestion`, a time on today's date cannot be later than now (UK time).",
  fields: { dateQuestion: { description: "The id of the date question this time belongs to: when that date is today, the time must not be later than now.", type: "string", pattern: "^[a-z0-9]+(-[a-z0-9]+)*$" } },
  // Checked as HH:MM:00 (see checkedValue), so a time on today's date can be compared with now.
  schema: () => ({ type: "string", pattern: checkedPattern }),
  checkedValue: (_question, value) => (typeof value === "string" ? `${value}:00` : value),
  objectRules: (question) =>
    question.dateQuestion
      ? [{ if: { properties: { [question.dateQuestion]: { const: { $data: "/today" } } }, required: [question.dateQuestion, question.id] }, then: { properties: { [question.id]: { format: "iso-time", formatMaximum: { $data: "/now" } } } } }]
      : [],
  read: (_question, form, name) => tidy(single(form[name]).slice(0, 20)),
  ...oneField,
  fromJson: (_question, value) => (typeof value === "string" ? tidy(value.trim().slice(0, 20)) : value),
  view: (question, context) => inputView(question, context, { classes: "govuk-input--width-5", spellcheck: false }),
  messages: {
    format: { en: "Enter {name} in the correct format, like 14:30", cy: "Rhowch {name} yn y fformat cywir, fel 14:30" },
    past: { en: "{Name} must be now or earlier today", cy: "Rhaid i’r amser ar gyfer {name} fod nawr neu’n gynharach heddiw" },
  },
  sample: (_question, name, form) => {
    form[name] = "09:30";
  },
  examples: [
    { name: "2:30pm as 14:30", question: {}, form: { q: "2:30pm" }, answer: "14:30", text: "14:30" },
    { name: "14.30 as 14:30", question: {}, form: { q: "14.30" }, answer: "14:30" },
    { name: "25:00", question: {}, form: { q: "25:00" }, breaks: "format" },
  ],
};
