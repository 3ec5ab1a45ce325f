import type { AnswerValue, Question } from "../services/types.ts";
import { text } from "../services/types.ts";
import { errorFor, fill, type AnswerTypeChecks, type FormValues } from "./answer-type.ts";

/** The most items a group holds where the definition does not say. */
export const defaultMaxItems = 20;
export const mostItems = (question: Question) => question.maxItems ?? defaultMaxItems;
export type Item = Record<string, AnswerValue>;

/**
 * The item numbers a form holds for a group, read from its field names (`items-0-description`), in order.
 * Only numbers below the group's maximum count: a posted `items-999999-x` is ignored, never a loop bound.
 */
export function itemNumbers(values: FormValues, name: string, most: number): number[] {
  const found = new Set<number>();
  const prefix = `${name}-`;
  for (const key of Object.keys(values)) {
    if (!key.startsWith(prefix)) continue;
    const digits = key.slice(prefix.length).split("-", 1)[0];
    if (digits.length === 0 || digits.length > 3 || !/^\d+$/.test(digits)) continue;
    const n = Number(digits);
    if (n < most) found.add(n);
  }
  return [...found].sort((a, b) => a - b);
}

/** How many items of a group a form shows: at least one, one for every item typed, never more than the group holds. */
export function itemsShown(values: FormValues, name: string, most: number): number {
  const numbers = itemNumbers(values, name, most);
  return Math.min(most, Math.max(1, numbers.length ? numbers[numbers.length - 1] + 1 : 1));
}

/** What the browser needs of the group answer type: reading a post and wording its errors. */
export const groupChecks: AnswerTypeChecks = {
  type: "group",
  read: (question, form, name, inner) => {
    const items: Item[] = [];
    for (const n of itemNumbers(form, name, mostItems(question))) {
      const item: Item = {};
      for (const q of question.questions!) {
        const value = inner.read(q, form, `${name}-${n}-${q.id}`);
        if (value !== null) item[q.id] = value;
      }
      if (Object.keys(item).length) items.push(item);
    }
    return items.length ? items : null;
  },
  messages: {
    required: { en: "Add at least one {item}", cy: "Ychwanegwch o leiaf un {item}" },
    range: { en: "You can add up to {max} of these", cy: "Gallwch ychwanegu hyd at {max} o’r rhain" },
  },
  limit: mostItems,
  messageValues: (question, lang) => ({ item: text(question.itemName, lang) ?? "" }),
  errorHref: (name, question) => `${name}-0-${question.questions![0].id}`,
};

