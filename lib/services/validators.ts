import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import standaloneModule from "ajv/dist/standalone/index.js";
import addFormatsCjs from "ajv-formats";
import type { Answers, ServiceDefinition, Step } from "./types.ts";
import { fieldErrors, validationData, type FieldError, type Strings } from "./errors.ts";
import { stepSchema, stepSchemaId } from "./step-schema.ts";
import type { Language } from "../forces/load.ts";

const addFormats = addFormatsCjs.default;
const standaloneCode = standaloneModule.default;

function stepAjv(forBrowser: boolean): Ajv2020 {
  // $data lets a date be compared with `today` in the data; strictTypes is off because condition
  // schemas (if/then) test properties without restating the object type. Our messages come from the
  // errors' keywords (lib/services/errors.ts), so ajv's own English messages are left out.
  const ajv = new Ajv2020({ allErrors: true, $data: true, strict: true, strictTypes: false, strictRequired: false, messages: false, code: { source: forBrowser, esm: forBrowser } });
  addFormats(ajv, { formats: ["date", "email", "iso-time"], keywords: true });
  return ajv;
}

/** Every step of every service, compiled once: `validators.get(serviceId)!.get(stepId)`. */
export type StepValidators = Map<string, Map<string, ValidateFunction>>;

export function compileValidators(definitions: ServiceDefinition[]): StepValidators {
  const ajv = stepAjv(false);
  // A service's copies for each kind of site (lib/services/sites.ts) ask the same steps: compiled once.
  const once = [...new Map(definitions.map((d) => [d.id, d])).values()];
  return new Map(once.map((d) => [d.id, new Map(d.steps.map((s) => [s.id, ajv.compile(stepSchema(d, s))]))]));
}

/** Validates one step's answers (with the answers before it) and returns GOV.UK-style messages, one per field. */
export function checkStep(validate: ValidateFunction, step: Step, earlier: Answers, stepAnswers: Answers, today: string, strings: Strings, lang: Language, now?: string): FieldError[] {
  if (validate(validationData(step, earlier, stepAnswers, today, now))) return [];
  return fieldErrors(step, validate.errors ?? [], strings, lang);
}

/**
 * The same validators as ES module source for the browser (ajv standalone: no eval, so a strict CSP holds),
 * exported by step id.
 */
export function browserValidatorSource(definition: ServiceDefinition): string {
  const ajv = stepAjv(true);
  const exports: Record<string, string> = {};
  for (const step of definition.steps) {
    ajv.addSchema(stepSchema(definition, step));
    exports[`step_${step.id.replaceAll("-", "_")}`] = stepSchemaId(definition.id, step.id);
  }
  return standaloneCode(ajv, exports);
}
