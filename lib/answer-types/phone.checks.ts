import { single, type AnswerTypeChecks } from "./answer-type.ts";
import { inputView, oneField } from "./input.ts";

/** A UK phone number once spaces, brackets and dashes are taken out. */
export const phonePattern = "^(?:\\+44|0)\\d{9,10}$";
export const tidy = (raw: string) => raw.replace(/[\s()-]/g, "");

/** What the browser needs of the phone answer type: reading a post and wording its errors. */
export const phoneChecks: AnswerTypeChecks = {
  type: "phone",
  read: (_question, form, name) => tidy(single(form[name])) || null,
  messages: { format: { en: "Enter {name}, like 01632 960 001 or 07700 900 982", cy: "Rhowch {name}, fel 01632 960 001 neu 07700 900 982" } },
};

