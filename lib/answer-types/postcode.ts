import { single, type AnswerType } from "./answer-type.ts";
import { inputView, oneField } from "./input.ts";

/** A full UK postcode, as it is read: upper case, one space before the last three characters. */
export const postcodePattern = "^[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2}$";

function tidy(raw: string): string | null {
  if (!raw) return null;
  const compact = raw.toUpperCase().replace(/\s+/g, "");
  return compact.length >= 5 ? `${compact.slice(0, -3)} ${compact.slice(-3)}` : compact;
}

export const postcodeType: AnswerType = {
  type: "postcode",
  description: "A UK postcode.",
  fields: {},
  schema: () => ({ type: "string", pattern: postcodePattern }),
  read: (_question, form, name) => tidy(single(form[name])),
  ...oneField,
  fromJson: (_question, value) => (typeof value === "string" ? tidy(value.trim().slice(0, 20)) : value),
  view: (question, context) => inputView(question, context, { classes: "govuk-input--width-10", autocomplete: "postal-code", spellcheck: false }),
  messages: { format: { en: "Enter a postcode, like AA1 1AA", cy: "Rhowch god post, fel AA1 1AA" } },
  sample: (_question, name, form) => {
    form[name] = "ME14 1XX";
  },
  examples: [
    { name: "a postcode, spaced and capitalised", question: {}, form: { q: "sw1a1aa" }, answer: "SW1A 1AA", text: "SW1A 1AA" },
    { name: "words", question: {}, form: { q: "NOT A CODE" }, breaks: "format" },
  ],
};
