import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import standaloneCjs from "ajv/dist/standalone/index.js";
import addFormatsCjs from "ajv-formats";
import { parseJson } from "./json-syntax.ts";
import { cachedSync, cacheKey, packageVersion } from "../site/cache.ts";
import type { Problem } from "./problems.ts";

const addFormats = addFormatsCjs.default;
const standaloneCode = standaloneCjs.default;

const options = { allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true, verbose: true } as const;
let ajv: Ajv2020 | undefined;
/** One ajv for all content schemas, made only when a schema is not in the cache. */
function contentAjv(): Ajv2020 {
  if (!ajv) {
    ajv = new Ajv2020({ ...options, code: { source: true } });
    addFormats(ajv);
    ajv.addKeyword({ keyword: "markdownDescription", schemaType: "string" });
  }
  return ajv;
}

/** Validators by schema path, and by schema text (another content folder's copy of a schema is the same validator). */
const byPath = new Map<string, ValidateFunction>();
const byText = new Map<string, ValidateFunction>();
const requireFromHere = createRequire(import.meta.url);

/**
 * A schema's validator. Compiling the content schemas takes ajv most of a second, so the compiled code (ajv
 * standalone, keyed by the schema's text and ajv's version) is kept with the build's other caches.
 */
export function schemaValidator(schemaPath: string): ValidateFunction {
  let validate = byPath.get(schemaPath);
  if (!validate) {
    const text = readFileSync(schemaPath, "utf8");
    validate = byText.get(text) ?? compiledValidator(text);
    byText.set(text, validate);
    byPath.set(schemaPath, validate);
  }
  return validate;
}

function compiledValidator(text: string): ValidateFunction {
  const key = cacheKey(text, JSON.stringify(options), packageVersion("ajv"), packageVersion("ajv-formats"));
  return cachedSync(
    "schema",
    key,
    () => {
      const schema = JSON.parse(text) as { $id?: string };
      const instance = contentAjv();
      // A different schema under the same $id (another content folder's, changed): the newer one wins.
      if (schema.$id && instance.getSchema(schema.$id)) instance.removeSchema(schema.$id);
      return standaloneCode(instance, instance.compile(schema));
    },
    (code) => {
      const module = { exports: {} as { default?: ValidateFunction } };
      new Function("require", "module", "exports", code)(requireFromHere, module, module.exports);
      if (typeof module.exports.default !== "function") throw new Error("not a validator module");
      return module.exports.default;
    },
  );
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
