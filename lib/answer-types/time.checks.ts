import { single, type AnswerTypeChecks } from "./answer-type.ts";
import { inputView, oneField } from "./input.ts";

/** A time as it is kept, HH:MM on the 24-hour clock. */
export const timePattern = "^([01][0-9]|2[0-3]):[0-5][0-9]$";
export const checkedPattern = `${timePattern.slice(0, -1)}:00$`;
export const pad = (digits: string) => digits.padStart(2, "0");

/** "2:30pm", "14.30" or "14:30" as 14:30; anything else is kept as typed, to fail its check. */
export function tidy(raw: string): string | null {
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

/** What the browser needs of the time answer type: reading a post and wording its errors. */
export const timeChecks: AnswerTypeChecks = {
  type: "time",
  checkedValue: (_question, value) => (typeof value === "string" ? `${value}:00` : value),
  read: (_question, form, name) => tidy(single(form[name]).slice(0, 20)),
  messages: {
    format: { en: "Enter {name} in the correct format, like 14:30", cy: "Rhowch {name} yn y fformat cywir, fel 14:30" },
    past: { en: "{Name} must be now or earlier today", cy: "Rhaid i’r amser ar gyfer {name} fod nawr neu’n gynharach heddiw" },
  },
};

