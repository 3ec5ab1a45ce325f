import { single, type AnswerTypeChecks } from "./answer-type.ts";
import { inputView, oneField } from "./input.ts";

/** A full UK postcode, as it is read: upper case, one space before the last three characters. */
export const postcodePattern = "^[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2}$";

export function tidy(raw: string): string | null {
  if (!raw) return null;
  const compact = raw.toUpperCase().replace(/\s+/g, "");
  return compact.length >= 5 ? `${compact.slice(0, -3)} ${compact.slice(-3)}` : compact;
}

/** What the browser needs of the postcode answer type: reading a post and wording its errors. */
export const postcodeChecks: AnswerTypeChecks = {
  type: "postcode",
  read: (_question, form, name) => tidy(single(form[name])),
  messages: { format: { en: "Enter a postcode, like AA1 1AA", cy: "Rhowch god post, fel AA1 1AA" } },
};

