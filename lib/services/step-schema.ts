import type { Condition, Question, ServiceDefinition, Step } from "./types.ts";
import { defaultTextLength } from "./types.ts";

/** Checks a UK phone number once spaces, brackets and dashes are taken out. */
export const phonePattern = "^(?:\\+44|0)\\d{9,10}$";
/** A full UK postcode, as readStep writes it: upper case, one space before the last three characters. */
export const postcodePattern = "^[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2}$";
export const timePattern = "^([01][0-9]|2[0-3]):[0-5][0-9]$";

function conditionSchema(condition: Condition): object {
  if ("all" in condition) return { allOf: condition.all.map(conditionSchema) };
  if ("any" in condition) return { anyOf: condition.any.map(conditionSchema) };
  if ("not" in condition) return { not: conditionSchema(condition.not) };
  const q = condition.question;
  if ("equals" in condition) return { required: [q], properties: { [q]: { const: condition.equals } } };
  if ("in" in condition) return { required: [q], properties: { [q]: { enum: condition.in } } };
  if ("includes" in condition) return { required: [q], properties: { [q]: { type: "array", contains: { const: condition.includes } } } };
  return condition.answered ? { required: [q] } : { not: { required: [q] } };
}

function questionSchema(question: Question): object {
  switch (question.type) {
    case "text":
    case "textarea":
      return { type: "string", minLength: 1, maxLength: question.maxLength ?? defaultTextLength };
    case "email":
      return { type: "string", maxLength: 254, format: "email" };
    case "phone":
      return { type: "string", pattern: phonePattern };
    case "postcode":
      return { type: "string", pattern: postcodePattern };
    case "time":
      return { type: "string", pattern: timePattern };
    case "number":
      return { type: "number", ...(question.min !== undefined && { minimum: question.min }), ...(question.max !== undefined && { maximum: question.max }) };
    case "yes-no":
      return { type: "string", enum: ["yes", "no"] };
    case "radios":
      return { type: "string", enum: question.options!.map((o) => o.value) };
    case "checkboxes":
      return { type: "array", minItems: 1, uniqueItems: true, items: { type: "string", enum: question.options!.map((o) => o.value) } };
    case "date": {
      const when = question.when === "past" ? { formatMaximum: { $data: "/today" } } : question.when === "future" ? { formatExclusiveMinimum: { $data: "/today" } } : {};
      return { type: "string", format: "date", ...when };
    }
    case "group":
      return {
        type: "array",
        minItems: 1,
        maxItems: question.maxItems ?? 20,
        items: objectSchema(question.questions!),
      };
  }
}

function objectSchema(questions: Question[]): object {
  const conditional = questions.filter((q) => q.showWhen && !q.optional);
  return {
    type: "object",
    properties: Object.fromEntries(questions.map((q) => [q.id, questionSchema(q)])),
    required: questions.filter((q) => !q.optional && !q.showWhen).map((q) => q.id),
    ...(conditional.length && { allOf: conditional.map((q) => ({ if: conditionSchema(q.showWhen!), then: { required: [q.id] } })) }),
  };
}

export function stepSchemaId(serviceId: string, stepId: string): string {
  return `https://front-counter.invalid/services/${serviceId}/${stepId}.json`;
}

/**
 * The JSON Schema (2020-12) for one step, derived from the definition — never written by hand.
 * It validates the report's answers so far plus this step's (conditions may read earlier answers),
 * and `today` (an ISO date the caller adds), which past and future dates are compared with.
 */
export function stepSchema(definition: ServiceDefinition, step: Step): object {
  const schema = objectSchema(step.questions) as { properties: Record<string, object>; required: string[] };
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: stepSchemaId(definition.id, step.id),
    title: `${definition.title.en}: ${step.id}`,
    ...schema,
    properties: { ...schema.properties, today: { type: "string", format: "date" } },
    required: [...schema.required, "today"],
  };
}
