import { readFileSync } from "node:fs";
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsCjs from "ajv-formats";
import { parseJson } from "./json-syntax.ts";
import type { Problem } from "./problems.ts";

const addFormats = addFormatsCjs.default;

/** One ajv for all content schemas: schemas compile once per process. */
const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true, verbose: true });
addFormats(ajv);
ajv.addKeyword({ keyword: "markdownDescription", schemaType: "string" });

const compiled = new Map<string, ValidateFunction>();

export function schemaValidator(schemaPath: string): ValidateFunction {
  let validate = compiled.get(schemaPath);
  if (!validate) {
    validate = ajv.compile(JSON.parse(readFileSync(schemaPath, "utf8")));
    compiled.set(schemaPath, validate);
  }
  return validate;
}

/** A schema that refuses one field (`not: { required: [field] }`), saying why in its description. */
function isFieldRefusal(schema: unknown): schema is { description?: string; not: { required: [string] } } {
  const not = (schema as { not?: { required?: unknown } } | undefined)?.not;
  return Array.isArray(not?.required) && not.required.length === 1;
}

/** Turns ajv's errors into editor-facing problems, one per field. */
export function toProblems(file: string, errors: ErrorObject[] | null | undefined): Problem[] {
  const seen = new Set<string>();
  const problems: Problem[] = [];
  for (const error of errors ?? []) {
    // "if/then" and "anyOf" wrappers repeat what their branches already said.
    if (error.keyword === "if" || error.keyword === "anyOf" || error.keyword === "oneOf") continue;
    let field = error.instancePath;
    let message = error.message ?? "is not valid";
    if (error.keyword === "required") {
      field = `${field}/${(error.params as { missingProperty: string }).missingProperty}`;
      message = "is required but missing";
    } else if (error.keyword === "additionalProperties") {
      field = `${field}/${(error.params as { additionalProperty: string }).additionalProperty}`;
      message = "is not a known field (check the spelling)";
    } else if (error.keyword === "not" && isFieldRefusal(error.parentSchema)) {
      field = `${field}/${error.parentSchema.not.required[0]}`;
      message = error.parentSchema.description ?? "is not allowed here";
    } else if (error.keyword === "enum") {
      message = `must be one of: ${(error.params as { allowedValues: unknown[] }).allowedValues.join(", ")}`;
    } else if (error.keyword === "pattern" && error.parentSchema && typeof error.parentSchema === "object" && "description" in error.parentSchema) {
      message = `must be ${String((error.parentSchema as { description: string }).description)}`;
    }
    const key = `${field}|${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push({ file, field: field || "", message });
  }
  return problems;
}

/** Validates data against a schema file; returns problems (empty when valid). */
export function validateAgainst(schemaPath: string, file: string, data: unknown): Problem[] {
  const validate = schemaValidator(schemaPath);
  return validate(data) ? [] : toProblems(file, validate.errors);
}

/** Reads and parses a JSON file, reporting unreadable or malformed JSON as a problem. */
export function readJson(absolutePath: string, file: string): { data?: unknown; problems: Problem[] } {
  let text: string;
  try {
    text = readFileSync(absolutePath, "utf8");
  } catch {
    return { problems: [{ file, field: "", message: "cannot be read" }] };
  }
  return parseJson(text, file);
}
