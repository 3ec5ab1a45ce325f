import type { AnswerType } from "../answer-types/answer-type.ts";
import { answerTypes } from "../answer-types/registry.ts";

type Schema = Record<string, unknown>;
const list = (types: string[]) => types.join(types.length > 2 ? ", " : " and ").replace(/, ([^,]*)$/, " and $1");

/**
 * The answer-type part of a question's definition schema, made from the answer types' own units: the `type`
 * enum, the fields each type takes (with their descriptions), which it must give, and that no other type may
 * give them. Everything else in the question's schema (the common fields, delivery) is kept as written.
 */
export function questionSchemaWithAnswerTypes(question: Schema): Schema {
  const units = Object.values(answerTypes) as AnswerType[];
  const owners = new Map<string, AnswerType[]>();
  for (const unit of units) for (const field of Object.keys(unit.fields)) owners.set(field, [...(owners.get(field) ?? []), unit]);

  const properties = { ...(question.properties as Record<string, Schema>) };
  properties.type = { description: "The answer type (see lib/answer-types).", enum: units.map((u) => u.type) };
  for (const [field, byType] of owners) {
    const schemas = byType.map((u) => u.fields[field] as Schema);
    // "text and textarea: …", or each type's own words where they differ.
    const byWords = new Map<string, string[]>();
    for (const unit of byType) {
      const words = String((unit.fields[field] as Schema).description);
      byWords.set(words, [...(byWords.get(words) ?? []), unit.type]);
    }
    const description = [...byWords].map(([words, types]) => `${list(types)}: ${words.charAt(0).toLowerCase()}${words.slice(1)}`).join(" ");
    const widest = schemas.some((s) => "maximum" in s) ? { maximum: Math.max(...schemas.map((s) => Number(s.maximum ?? 0))) } : {};
    properties[field] = { ...schemas[0], description, ...widest };
  }

  const typeIs = (types: string[]) => ({ properties: { type: types.length === 1 ? { const: types[0] } : { enum: types } } });
  const rules: Schema[] = [];
  for (const [field, byType] of owners) {
    const types = byType.map((u) => u.type);
    rules.push({ if: { not: typeIs(types) }, then: { description: `is only for ${list(types)} questions`, not: { required: [field] } } });
    if (byType.length > 1) for (const unit of byType) rules.push({ if: typeIs([unit.type]), then: { properties: { [field]: unit.fields[field] } } });
  }
  for (const unit of units) if (unit.requires?.length) rules.push({ if: typeIs([unit.type]), then: { required: unit.requires } });
  return { ...question, properties, allOf: rules };
}

/** The whole service schema with its question part made from the answer types. */
export function serviceSchemaWithAnswerTypes(schema: Schema): Schema {
  const defs = schema.$defs as Record<string, Schema>;
  return { ...schema, $defs: { ...defs, question: questionSchemaWithAnswerTypes(defs.question) } };
}
