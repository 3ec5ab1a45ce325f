import type { Question } from "../services/types.ts";
import { single, type AnswerTypeChecks } from "./answer-type.ts";
import { inputView } from "./input.ts";

/** The largest number accepted where the definition sets none. */
export const defaultMaximum = 1_000_000_000;
export const maximum = (question: Question) => question.max ?? defaultMaximum;
export const formatted = new Intl.NumberFormat("en-GB");

/** What the browser needs of the number answer type: reading a post and wording its errors. */
export const numberChecks: AnswerTypeChecks = {
  type: "number",
  read: (_question, form, name) => {
    const raw = single(form[name]).slice(0, 40);
    if (!raw) return null;
    const number = Number(raw.replace(/[£,\s]/g, ""));
    return Number.isFinite(number) ? number : raw;
  },
  messages: {
    format: { en: "{Name} must be a number", cy: "Rhaid i’r ateb ar gyfer {name} fod yn rhif" },
  },
  limit: maximum,
};

