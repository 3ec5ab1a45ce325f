import { objectSchema } from "../answer-types/registry.ts";
import { earlierAnswersRead } from "./earlier-answers.ts";
import type { ServiceDefinition, Step } from "./types.ts";

export { earlierAnswersRead } from "./earlier-answers.ts";

export { phonePattern } from "../answer-types/phone.checks.ts";
export { postcodePattern } from "../answer-types/postcode.checks.ts";
export { timePattern } from "../answer-types/time.checks.ts";


export function stepSchemaId(serviceId: string, stepId: string): string {
  return `https://front-counter.invalid/services/${serviceId}/${stepId}.json`;
}

/**
 * The JSON Schema (2020-12) for one step, derived from the definition — never written by hand.
 * It validates this step's answers with the earlier answers its conditions read, `today` (the ISO date past
 * and future dates are compared with) and optionally `now` (HH:MM:SS, UK time). It is closed: any other key is refused.
 */
export function stepSchema(definition: ServiceDefinition, step: Step): object {
  const schema = objectSchema(step.questions, earlierAnswersRead(step)) as { properties: Record<string, object>; required: string[] };
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: stepSchemaId(definition.id, step.id),
    title: `${definition.title.en}: ${step.id}`,
    ...schema,
    properties: { ...schema.properties, today: { type: "string", format: "date" }, now: { type: "string", pattern: "^\\d{2}:\\d{2}:\\d{2}$" } },
    required: [...schema.required, "today"],
  };
}
