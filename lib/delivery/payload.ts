import type { Language } from "../i18n/language.ts";
import { summaryRows } from "../services/summary.ts";
import type { FileKind, FileRecord } from "../answer-types/file.checks.ts";
import type { AnswerValue, ServiceDefinition } from "../services/types.ts";
import { text } from "../services/types.ts";
import { answersOnPath } from "../triage/triage.ts";
import { attributeOrder, type EntityKind } from "./fields.ts";
import { mapAnswers, type Entity, type PersonRole } from "./mapping.ts";
import type { ReportForDelivery } from "./report.ts";

export { normalisePostcode } from "./fields.ts";
export type { PersonRole } from "./mapping.ts";
export type { ReportForDelivery } from "./report.ts";

/**
 * The back-office delivery payload: one report as a JSON:API-style document in the shape of Single Online
 * Home's Standard Data Model (POLE: Person, Object, Location, Event). Pure: the same report always gives the
 * same document. `payload.schema.json` describes every field; docs/integrating.md shows a whole example.
 */

/** Semver of the payload's shape: additive changes bump the minor version, anything else the major. */
export const payloadSchemaVersion = "1.3.0";
/** The `$id` of payload.schema.json for this version. */
export const payloadSchemaId = `https://front-counter.invalid/schemas/delivery/payload-${payloadSchemaVersion}.schema.json`;

export type Priority = "urgent" | "standard";
export type ContactMethod = "email" | "phone";
export type ObjectType = "property" | "vehicle";
export type Involvement = "stolen" | "damaged" | "lost" | "found" | "involved";

export interface Identifier<T extends string> {
  type: T;
  id: string;
}
type ToOne<T extends string> = { data: Identifier<T> | null };
type ToMany<T extends string> = { data: Identifier<T>[] };

export interface IncidentAttributes {
  category: string;
  serviceId: string;
  priority: Priority;
  occurredOn?: string;
  occurredAt?: string;
  description?: string;
  crimeType?: "theft" | "criminal-damage" | "other-crime";
  riskFactors?: string[];
  behaviourTypes?: string[];
  frequency?: string;
  ongoing?: boolean;
  impacts?: string[];
  suspectKnown?: boolean;
  witnessesPresent?: boolean;
  videoAvailable?: boolean;
  collision?: { detailsExchanged?: boolean; offenceSuspected?: boolean; otherDriverStopped?: boolean; insuranceExchanged?: boolean };
}

export interface IncidentResource {
  type: "incident";
  id: string;
  attributes: IncidentAttributes;
  relationships: {
    incidentLocation: ToOne<"location">;
    submission: { data: Identifier<"submission"> };
    personReporting: ToOne<"person">;
    victims: ToMany<"person">;
    witnesses: ToMany<"person">;
    suspects: ToMany<"person">;
    drivers: ToMany<"person">;
    objects: ToMany<"object">;
    /** The files uploaded as evidence (since 1.2.0). */
    files: ToMany<"file">;
  };
}

export interface PersonResource {
  type: "person";
  id: string;
  attributes: {
    roles: PersonRole[];
    fullName?: string;
    email?: string;
    phone?: string;
    postcode?: string;
    contactMethods?: ContactMethod[];
    doNotContact?: boolean;
    voicemailSafe?: boolean;
    safeTimesToCall?: string;
    knowsAboutReport?: "yes" | "no" | "not-sure";
    description?: string;
  };
}

export interface ObjectResource {
  type: "object";
  id: string;
  attributes: {
    objectType: ObjectType;
    involvement: Involvement;
    description?: string;
    estimatedValue?: { amount: number; currency: "GBP" };
    registration?: string;
    makeModel?: string;
    colour?: string;
  };
  /** A vehicle's driver, when the report says who drove it (since 1.1.0). */
  relationships?: { driver: ToOne<"person"> };
}

/** One uploaded file (since 1.2.0): its record, and where a force fetches its bytes. */
export interface FileResource {
  type: "file";
  id: string;
  attributes: { fileId: string; questionId: string; name: string; kind: FileKind; mediaType: string; size: number; sha256: string };
  links: { download: string };
}

export interface LocationResource {
  type: "location";
  id: string;
  attributes: { description?: string; street?: string; town?: string; landmark?: string; postcode?: string };
}

export interface AnswerRow {
  stepId: string;
  questionId: string;
  question: string;
  answer: string;
  value?: AnswerValue;
}

export interface SubmissionResource {
  type: "submission";
  id: string;
  attributes: {
    reference: string;
    forceId: string;
    forceCode: string;
    forceName: string;
    serviceId: string;
    serviceTitle: string;
    serviceCategory: string;
    sensitive: boolean;
    submittedAt: string;
    language: Language;
    priority: Priority;
    path: string[];
    answers: AnswerRow[];
    plainText: string;
    deliveryId: string;
    schemaVersion: string;
  };
}

export type IncludedResource = PersonResource | ObjectResource | LocationResource | FileResource | SubmissionResource;

export interface DeliveryPayload {
  jsonapi: { version: "1.1" };
  meta: { schemaVersion: string; deliveryId: string; reference: string };
  data: IncidentResource;
  included: IncludedResource[];
}

export interface PayloadInput {
  report: ReportForDelivery;
  definition: ServiceDefinition;
  force: { id: string; code: string; name: string };
  deliveryId: string;
  /** Flat UI strings in the report's language, from content/locales. */
  strings: Record<string, string>;
}

// ---------------------------------------------------------------------------------------------------------------
// Building the document

/** Drops undefined members, so an absent answer leaves no attribute rather than a null. */
function defined<T extends object>(object: T): T {
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined)) as T;
}

/** Attributes in the order payload.schema.json lists them, so moving a question in a form never reorders a payload. */
function inSchemaOrder(kind: EntityKind, attributes: Record<string, unknown>): Record<string, unknown> {
  const order = attributeOrder(kind);
  return Object.fromEntries(order.filter((name) => attributes[name] !== undefined).map((name) => [name, attributes[name]]));
}

/** A place given as street, town and landmark, and no description, is described by the three joined. */
function locationAttributes(location: Record<string, unknown>): LocationResource["attributes"] {
  const place = ["street", "town", "landmark"].map((part) => location[part]).filter(Boolean).join(", ");
  return inSchemaOrder("location", { description: place || undefined, ...location }) as LocationResource["attributes"];
}

/** The person reporting is in the payload when they gave a way to be known or reached. */
const identifies = (person: Entity) => ["fullName", "email", "phone"].some((field) => person.attributes[field] !== undefined);

/** The report as a force's developers receive it: incident, people, objects, location and the submission. */
export function buildPayload(input: PayloadInput): DeliveryPayload {
  const { report, definition, force, deliveryId, strings } = input;
  const reference = report.reference;
  const answers = answersOnPath(definition, report.answers, report.path);
  const mapped = mapAnswers(definition, answers, report.path);

  // The person reporting comes first (person-1), then whoever else the answers name, in the order asked.
  const people = [...(identifies(mapped.reporter) ? [mapped.reporter] : []), ...mapped.people];
  const personIds = new Map(people.map((person, n) => [person, { type: "person", id: `${reference}-person-${n + 1}` } as Identifier<"person">]));
  const personResources: PersonResource[] = people.map((person) => ({
    ...personIds.get(person)!,
    attributes: { roles: person.roles, ...inSchemaOrder("person", person.attributes) } as PersonResource["attributes"],
  }));
  const objectResources: ObjectResource[] = mapped.objects.map((object, n) => {
    const driver = object.driver && personIds.get(object.driver);
    return {
      type: "object",
      id: `${reference}-object-${n + 1}`,
      attributes: { objectType: object.objectType, involvement: object.involvement, ...inSchemaOrder("object", object.attributes) } as ObjectResource["attributes"],
      ...(driver ? { relationships: { driver: { data: driver } } } : {}),
    };
  });
  const location = locationAttributes(mapped.location);
  const locationResources: LocationResource[] = Object.keys(location).length ? [{ type: "location", id: `${reference}-location-1`, attributes: location }] : [];
  // Each file of evidence on the report's path, in the order of its questions and then as added.
  const fileResources: FileResource[] = definition.steps
    .filter((step) => report.path.includes(step.id))
    .flatMap((step) => step.questions.filter((q) => q.type === "file" && Array.isArray(answers[q.id])).flatMap((q) => (answers[q.id] as FileRecord[]).map((file) => ({ question: q.id, file }))))
    .map(({ question, file }, n) => ({
      type: "file",
      id: `${reference}-file-${n + 1}`,
      attributes: { fileId: file.id, questionId: question, name: file.name, kind: file.kind, mediaType: file.type, size: file.size, sha256: file.sha256 },
      links: { download: `/api/v1/forces/${force.id}/reports/${reference}/files/${file.id}` },
    }));
  const withRole = (role: PersonRole) => people.filter((person) => person.roles.includes(role)).map((person) => personIds.get(person)!);
  const personReporting = identifies(mapped.reporter) ? personIds.get(mapped.reporter)! : null;

  const submissionId: Identifier<"submission"> = { type: "submission", id: `${reference}-submission` };
  const rows = summaryRows(definition, answers, report.path, report.lang, strings).map((row) => {
    const value = answers[row.questionId];
    return defined<AnswerRow>({ ...row, value: value === null ? undefined : value });
  });
  const submission: SubmissionResource = {
    ...submissionId,
    attributes: {
      reference,
      forceId: force.id,
      forceCode: force.code,
      forceName: force.name,
      serviceId: report.serviceId,
      serviceTitle: text(definition.title, report.lang)!,
      serviceCategory: report.category,
      sensitive: definition.sensitive,
      submittedAt: report.submittedAt,
      language: report.lang,
      priority: report.priority,
      path: [...report.path],
      answers: rows,
      plainText: plainText(input),
      deliveryId,
      schemaVersion: payloadSchemaVersion,
    },
  };

  const incident: IncidentResource = {
    type: "incident",
    id: `${reference}-incident`,
    attributes: { category: report.category, serviceId: report.serviceId, priority: report.priority, ...inSchemaOrder("incident", mapped.incident) } as unknown as IncidentAttributes,
    relationships: {
      incidentLocation: { data: locationResources[0] ? { type: "location", id: locationResources[0].id } : null },
      submission: { data: submissionId },
      personReporting: { data: personReporting },
      victims: { data: withRole("victim") },
      witnesses: { data: withRole("witness") },
      suspects: { data: withRole("suspect") },
      drivers: { data: withRole("driver") },
      objects: { data: objectResources.map(({ type, id }) => ({ type, id })) },
      files: { data: fileResources.map(({ type, id }) => ({ type, id })) },
    },
  };

  return {
    jsonapi: { version: "1.1" },
    meta: { schemaVersion: payloadSchemaVersion, deliveryId, reference },
    data: incident,
    included: [...personResources, ...objectResources, ...locationResources, ...fileResources, submission],
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The report as text

/** The plain text's own headings. Not in content/locales because only the back office reads them. */
const headings: Record<Language, { reference: string; force: string; submitted: string; priority: string; urgent: string; standard: string }> = {
  en: { reference: "Reference", force: "Force", submitted: "Submitted", priority: "Priority", urgent: "Urgent", standard: "Standard" },
  cy: { reference: "Cyfeirnod", force: "Heddlu", submitted: "Anfonwyd", priority: "Blaenoriaeth", urgent: "Brys", standard: "Safonol" },
};

const submittedFormats = new Map<Language, Intl.DateTimeFormat>();
/** "20 November 2026 at 15:02 GMT", in UK time (the track page shows its dates so too). */
export function submittedText(iso: string, lang: Language): string {
  let format = submittedFormats.get(lang);
  if (!format) {
    format = new Intl.DateTimeFormat(lang === "cy" ? "cy" : "en-GB", {
      timeZone: "Europe/London",
      day: "numeric",
      month: "long",
      year: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      timeZoneName: "short",
    });
    submittedFormats.set(lang, format);
  }
  const when = new Date(iso);
  return Number.isNaN(when.getTime()) ? iso : format.format(when);
}

/**
 * The report for people: the service's title, reference, force, when it was sent and its priority, then each
 * question asked and its answer, in the order asked, in the report's language.
 */
export function plainText(input: PayloadInput): string {
  const { report, definition, force, strings } = input;
  const lang = report.lang;
  const words = headings[lang] ?? headings.en;
  const answers = answersOnPath(definition, report.answers, report.path);
  const header = [
    text(definition.title, lang)!,
    `${words.reference}: ${report.reference}`,
    `${words.force}: ${force.name} (${force.code})`,
    `${words.submitted}: ${submittedText(report.submittedAt, lang)}`,
    `${words.priority}: ${report.priority === "urgent" ? words.urgent : words.standard}`,
  ].join("\n");
  const blocks = summaryRows(definition, answers, report.path, lang, strings).map((row) => `${row.question}\n${row.answer}`);
  return [header, ...blocks].join("\n\n") + "\n";
}
