import type { AnswerValue, Question } from "../services/types.ts";
import { text } from "../services/types.ts";
import { errorFor, fill, type AnswerType, type FormValues } from "./answer-type.ts";
import { groupChecks, type Item, defaultMaxItems, mostItems, itemNumbers, itemsShown } from "./group.checks.ts";

export const groupType: AnswerType = {
  ...groupChecks,
  description: "\"Add another\": the same few questions asked for each of several items (people, vehicles, stolen things).",
  fields: {
    questions: { description: "The questions asked for each item (no group inside a group).", type: "array", items: { $ref: "#/$defs/question" }, minItems: 1 },
    itemName: { $ref: "#/$defs/text", description: "What one item is called, lower case: 'item', 'person'." },
    maxItems: { description: "The most items one report can hold (20 unless given).", type: "integer", minimum: 1, maximum: 20 },
  },
  requires: ["questions", "itemName"],
  schema: (question, inner) => ({ type: "array", minItems: 1, maxItems: mostItems(question), items: inner.schema(question) }),
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
