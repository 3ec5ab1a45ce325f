import type { AnswerValue, Question } from "../services/types.ts";
import { text } from "../services/types.ts";
import { errorFor, fill, type AnswerType, type FormValues } from "./answer-type.ts";

/** The most items a group holds where the definition does not say. */
export const defaultMaxItems = 20;
const mostItems = (question: Question) => question.maxItems ?? defaultMaxItems;
type Item = Record<string, AnswerValue>;

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

export const groupType: AnswerType = {
  type: "group",
  description: "\"Add another\": the same few questions asked for each of several items (people, vehicles, stolen things).",
  fields: {
    questions: { description: "The questions asked for each item (no group inside a group).", type: "array", items: { $ref: "#/$defs/question" }, minItems: 1 },
    itemName: { $ref: "#/$defs/text", description: "What one item is called, lower case: 'item', 'person'." },
    maxItems: { description: "The most items one report can hold (20 unless given).", type: "integer", minimum: 1, maximum: 20 },
  },
  requires: ["questions", "itemName"],
  schema: (question, inner) => ({ type: "array", minItems: 1, maxItems: mostItems(question), items: inner.schema(question) }),
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
  write: (question, value, name, values, inner) => {
    (value as Item[]).forEach((item, n) => question.questions!.forEach((q) => inner.write(q, item[q.id], `${name}-${n}-${q.id}`, values)));
  },
  mostValues: (question) => mostItems(question) * question.questions!.length * 3,
  fromJson: (question, value, inner) => {
    if (!Array.isArray(value)) return value;
    return value.slice(0, mostItems(question) + 1).map((item) => {
      if (!item || typeof item !== "object" || Array.isArray(item)) return item;
      const tidied: Record<string, unknown> = {};
      for (const [key, given] of Object.entries(item as Record<string, unknown>)) {
        const q = question.questions!.find((x) => x.id === key);
        const v = q ? inner.fromJson(q, given) : given;
        if (v !== null) tidied[key] = v;
      }
      return tidied;
    });
  },
  view: (question, context) => {
    const { name, values, errors, lang, strings } = context;
    const itemName = text(question.itemName, lang)!;
    const most = mostItems(question);
    const count = itemsShown(values, name, most);
    const items = Array.from({ length: count }, (_, n) => ({
      legend: `${itemName.charAt(0).toUpperCase()}${itemName.slice(1)} ${n + 1}`,
      removeValue: `remove:${name}:${n}`,
      questions: question.questions!.map((q) => context.viewOf(q, question.questions!, `${name}-${n}-${q.id}`, true)),
    }));
    return {
      component: "group",
      params: { errorMessage: errorFor(errors, name) },
      group: {
        isPageHeading: context.isPageHeading,
        name,
        legend: text(question.label, lang)!,
        items,
        addText: fill(strings["question.addAnother"], { item: itemName }),
        addValue: `add:${name}`,
        removeText: strings["question.remove"],
        canAdd: count < most,
      },
    };
  },
  answerText: (question, value, lang, strings, inner) =>
    (value as Item[])
      .map((item, n) => `${text(question.itemName, lang)} ${n + 1}: ${question.questions!.filter((q) => item[q.id] !== undefined).map((q) => inner.answerText(q, item[q.id], lang, strings)).join(", ")}`)
      .join("\n"),
  payloadValue: (question, value, inner) => (value as Item[]).map((item) => Object.fromEntries(Object.entries(item).map(([key, v]) => [key, inner.payloadValue(question.questions!.find((q) => q.id === key)!, v)]))),
  messages: {
    required: { en: "Add at least one {item}", cy: "Ychwanegwch o leiaf un {item}" },
    range: { en: "You can add up to {max} of these", cy: "Gallwch ychwanegu hyd at {max} o’r rhain" },
  },
  limit: mostItems,
  messageValues: (question, lang) => ({ item: text(question.itemName, lang) ?? "" }),
  errorHref: (name, question) => `${name}-0-${question.questions![0].id}`,
  sample: (question, name, form, inner) => {
    for (const q of question.questions!) if (!q.optional) inner.sample(q, `${name}-0-${q.id}`, form);
  },
  examples: [
    {
      name: "two items, numbered as posted",
      question: { itemName: { en: "item" }, questions: [{ id: "what", type: "text", label: { en: "What" }, errorName: { en: "what it is" } }] },
      form: { "q-0-what": "Bike", "q-1-what": "Helmet" },
      answer: [{ what: "Bike" }, { what: "Helmet" }],
      text: "item 1: Bike\nitem 2: Helmet",
    },
    {
      name: "items numbered beyond the group's maximum (ignored, never counted up to)",
      question: { itemName: { en: "item" }, maxItems: 2, questions: [{ id: "what", type: "text", label: { en: "What" }, errorName: { en: "what it is" } }] },
      form: { "q-0-what": "Bike", "q-999999999-what": "Boat" },
      answer: [{ what: "Bike" }],
    },
    { name: "no items", question: { itemName: { en: "item" }, questions: [{ id: "what", type: "text", label: { en: "What" }, errorName: { en: "what it is" } }] }, form: {}, breaks: "required" },
  ],
};
