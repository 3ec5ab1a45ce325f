import { postcodePattern } from "../services/step-schema.ts";
import { nodeAt, validatorAt, type SchemaNode } from "./schema.ts";

/**
 * An answer made into a payload attribute, by the rules payload.schema.json gives that attribute: a yes/no
 * answer becomes a boolean where the attribute is one, a choice is kept only when the attribute's code list
 * (its enum) holds it, and anything the schema would refuse is left out (it is still in the submission's
 * answers). So the code lists live in the schema alone, and a definition only says where an answer goes.
 */

export type EntityKind = "incident" | "person" | "object" | "location";

const attributes: Record<EntityKind, string> = {
  incident: "/$defs/incident/properties/attributes",
  person: "/$defs/person/properties/attributes",
  object: "/$defs/object/properties/attributes",
  location: "/$defs/location/properties/attributes",
};

/** Attributes the mapper sets itself: what kind of object, a person's roles, the incident's service facts. */
const setByTheMapper: Record<EntityKind, string[]> = {
  incident: ["category", "serviceId", "priority"],
  person: ["roles"],
  object: ["objectType", "involvement"],
  location: [],
};

/** The pointer of an attribute ("collision.detailsExchanged" is a member of an object attribute). */
function pointerOf(kind: EntityKind, field: string): string {
  return `${attributes[kind]}${field.split(".").map((part) => `/properties/${part}`).join("")}`;
}

/** The attributes a definition may send an answer to, in the order the schema lists them (and the payload writes them). */
export function fieldsOf(kind: EntityKind): string[] {
  const walk = (node: SchemaNode | undefined, prefix: string): string[] =>
    Object.entries(node?.properties ?? {}).flatMap(([name, inner]) => {
      const resolved = inner.$ref ? nodeAt(inner.$ref.slice(1)) : inner;
      // An object whose members are each optional (collision) is filled member by member; one with required
      // members (estimatedValue) is one value.
      return resolved?.type === "object" && resolved.properties && !resolved.required ? walk(resolved, `${prefix}${name}.`) : [`${prefix}${name}`];
    });
  return walk(nodeAt(attributes[kind]), "").filter((field) => !setByTheMapper[kind].includes(field));
}

/** The order the schema lists an entity's attributes in. */
export function attributeOrder(kind: EntityKind): string[] {
  return Object.keys(nodeAt(attributes[kind])?.properties ?? {});
}

type Value = string | number | boolean | string[] | Record<string, unknown>;

const fullPostcode = new RegExp(postcodePattern);

/** "sw1a1aa" → "SW1A 1AA"; undefined unless the result is a full UK postcode. */
export function normalisePostcode(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const compact = value.toUpperCase().replace(/\s+/g, "");
  const spaced = compact.length >= 5 ? `${compact.slice(0, -3)} ${compact.slice(-3)}` : compact;
  return fullPostcode.test(spaced) ? spaced : undefined;
}

/** Attributes whose values are written in one form whatever was typed. Keyed by the payload's field names. */
const written: Record<string, (value: unknown) => Value | undefined> = {
  postcode: normalisePostcode,
  /** A registration as typed, upper case with the spaces taken out ("ab12 cde" → "AB12CDE"); it may be partial. */
  registration: (value) => (typeof value === "string" && value.trim() ? value.trim().toUpperCase().replace(/\s+/g, "") : undefined),
  estimatedValue: (value) => (typeof value === "number" && Number.isFinite(value) ? { amount: value, currency: "GBP" } : undefined),
};

/** The answer in the attribute's own form, before the schema checks it. */
function candidate(node: SchemaNode, field: string, value: unknown): unknown {
  const name = field.split(".").at(-1)!;
  if (written[name]) return written[name](value);
  if (node.type === "boolean") return value === "yes" ? true : value === "no" ? false : typeof value === "boolean" ? value : undefined;
  if (node.type === "array") return Array.isArray(value) ? value : typeof value === "string" ? [value] : undefined;
  if (typeof value === "string") return value.trim() || undefined;
  return value ?? undefined;
}

/** Whether an entity has an attribute of this name the definition may fill. */
export function isField(kind: EntityKind, field: string): boolean {
  return fieldsOf(kind).includes(field);
}

/** The attribute's value for this answer, or undefined when the schema would not accept it. */
export function attributeValue(kind: EntityKind, field: string, value: unknown): Value | undefined {
  const pointer = pointerOf(kind, field);
  const node = nodeAt(pointer);
  if (!node) return undefined;
  let made = candidate(node, field, value);
  if (made === undefined) return undefined;
  // A list keeps the codes its schema knows; "none of these" (no code) leaves an empty list where one may be empty.
  if (Array.isArray(made) && node.items) {
    const item = validatorAt(`${pointer}/items`);
    made = made.filter((member) => item(member));
  }
  return validatorAt(pointer)(made) ? (made as Value) : undefined;
}
