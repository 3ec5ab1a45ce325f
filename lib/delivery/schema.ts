import { readFileSync } from "node:fs";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsCjs from "ajv-formats";

const addFormats = addFormatsCjs.default;

/** payload.schema.json, as a force's developers get it. */
export const payloadSchema: Record<string, unknown> = JSON.parse(readFileSync(new URL("./payload.schema.json", import.meta.url), "utf8"));
const schemaId = payloadSchema.$id as string;

const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true, verbose: true });
addFormats(ajv, { formats: ["date-time", "email"] });
/** The whole document's validator, compiled once per process. */
export const validateDocument = ajv.compile(payloadSchema);

export type SchemaNode = { $ref?: string; type?: string | string[]; properties?: Record<string, SchemaNode>; items?: SchemaNode; enum?: unknown[]; [key: string]: unknown };

const nodes = new Map<string, SchemaNode | undefined>();
/**
 * The node at a JSON pointer ("/$defs/person"), following a local $ref once more where the node is one. Looked up
 * once per pointer (the pointers are the schema's and the definitions' own, so there are a few hundred at most):
 * every delivery asks for the same ones. Read-only.
 */
export function nodeAt(pointer: string): SchemaNode | undefined {
  if (!nodes.has(pointer)) nodes.set(pointer, resolveNode(pointer));
  return nodes.get(pointer);
}

function resolveNode(pointer: string): SchemaNode | undefined {
  let node: unknown = payloadSchema;
  for (const part of pointer.split("/").slice(1)) node = node && typeof node === "object" ? (node as Record<string, unknown>)[part] : undefined;
  const found = node as SchemaNode | undefined;
  return found?.$ref?.startsWith("#/") ? { ...nodeAt(found.$ref.slice(1)), ...found, $ref: undefined } : found;
}

const validators = new Map<string, ValidateFunction>();
/** A validator for the part of the schema at a pointer, so one value is checked by the same rules as the document. */
export function validatorAt(pointer: string): ValidateFunction {
  let validate = validators.get(pointer);
  if (!validate) {
    validate = ajv.compile({ $ref: `${schemaId}#${pointer}` });
    validators.set(pointer, validate);
  }
  return validate;
}
