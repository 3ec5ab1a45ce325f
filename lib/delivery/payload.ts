import type { Language } from "../forces/load.ts";
import { summaryRows } from "../services/summary.ts";
import type { AnswerValue, Answers, ServiceDefinition } from "../services/types.ts";
import { text } from "../services/types.ts";
import { postcodePattern } from "../services/step-schema.ts";
import { answersOnPath } from "../triage/triage.ts";
import type { ReportForDelivery } from "../../submit-service/store/store.ts";

/**
 * The back-office delivery payload: one report as a JSON:API-style document in the shape of Single Online
 * Home's Standard Data Model (POLE: Person, Object, Location, Event). Pure: the same report always gives the
 * same document. `payload.schema.json` describes every field; docs/integrating.md shows a whole example.
 */

/** Semver of the payload's shape: additive changes bump the minor version, anything else the major. */
export const payloadSchemaVersion = "1.0.0";
/** The `$id` of payload.schema.json for this version. */
export const payloadSchemaId = `https://front-counter.invalid/schemas/delivery/payload-${payloadSchemaVersion}.schema.json`;

export type Priority = "urgent" | "standard";
export type PersonRole = "reporting" | "victim" | "witness" | "suspect";
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
    objects: ToMany<"object">;
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

export type IncludedResource = PersonResource | ObjectResource | LocationResource | SubmissionResource;

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
// Reading answers

const str = (value: AnswerValue | undefined): string | undefined => (typeof value === "string" && value.trim() ? value.trim() : undefined);
const num = (value: AnswerValue | undefined): number | undefined => (typeof value === "number" && Number.isFinite(value) ? value : undefined);
const codes = (value: AnswerValue | undefined): string[] | undefined =>
  Array.isArray(value) && value.every((v) => typeof v === "string") ? (value as string[]) : typeof value === "string" ? [value] : undefined;
/** Yes/no answers as booleans; anything else (unanswered, not asked) as undefined. */
const yesNo = (value: AnswerValue | undefined): boolean | undefined => (value === "yes" ? true : value === "no" ? false : undefined);
const items = (value: AnswerValue | undefined): Record<string, AnswerValue>[] =>
  Array.isArray(value) ? (value as unknown[]).filter((v): v is Record<string, AnswerValue> => typeof v === "object" && v !== null && !Array.isArray(v)) : [];

const datePattern = /^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$/;
const timePattern = /^([01]\d|2[0-3]):[0-5]\d$/;
const date = (value: AnswerValue | undefined) => (typeof value === "string" && datePattern.test(value) ? value : undefined);
const time = (value: AnswerValue | undefined) => (typeof value === "string" && timePattern.test(value) ? value : undefined);

/** "sw1a1aa" → "SW1A 1AA"; undefined unless the result is a full UK postcode. */
export function normalisePostcode(value: AnswerValue | undefined): string | undefined {
  if (typeof value !== "string") return undefined;
  const compact = value.toUpperCase().replace(/\s+/g, "");
  const spaced = compact.length >= 5 ? `${compact.slice(0, -3)} ${compact.slice(-3)}` : compact;
  return new RegExp(postcodePattern).test(spaced) ? spaced : undefined;
}

/** A registration as typed, upper case with the spaces taken out ("ab12 cde" → "AB12CDE"); it may be partial. */
const registration = (value: AnswerValue | undefined) => str(value)?.toUpperCase().replace(/\s+/g, "");

/** Drops undefined members, so an absent answer leaves no attribute rather than a null. */
function defined<T extends object>(object: T): T {
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined)) as T;
}

// ---------------------------------------------------------------------------------------------------------------
// What each service's questions mean

/**
 * The codes payload.schema.json lists (the tests hold the two, and the services' options, together). A code the
 * schema does not know yet — an option added to a form, or a force's own version of a form — is left out of the
 * incident rather than failing the whole delivery; it is still in the submission's answers.
 */
export const codeLists = {
  crimeType: ["theft", "criminal-damage", "other-crime"],
  riskFactors: ["at-risk", "vulnerable"],
  behaviourTypes: ["rowdy", "threats", "vehicles", "drugs", "vandalism", "fireworks", "something-else"],
  frequency: ["first-time", "now-and-then", "weekly", "daily"],
  impacts: ["feel-unsafe", "targeted", "vulnerable", "health", "public-spaces"],
} as const;
type CodeList = keyof typeof codeLists;

const known = (list: CodeList, value: string): boolean => (codeLists[list] as readonly string[]).includes(value);
/** One code from a list, or undefined. */
const oneOf = <L extends CodeList>(list: L, value: AnswerValue | undefined) =>
  typeof value === "string" && known(list, value) ? (value as (typeof codeLists)[L][number]) : undefined;
/** The known codes of a checkbox answer; "none" (an exclusive choice) gives []. Undefined when not answered. */
function someOf(list: CodeList, value: AnswerValue | undefined, { emptyAllowed }: { emptyAllowed: boolean }): string[] | undefined {
  const chosen = codes(value)?.filter((c) => known(list, c));
  return chosen && (chosen.length || emptyAllowed) ? chosen : undefined;
}

/** Where the incident's when, where and what are asked, for services modelled only as the skeleton. */
interface SkeletonMap {
  date?: string;
  time?: string;
  location?: string;
  postcode?: string;
  description?: string;
}

const skeletons: Record<string, SkeletonMap> = {
  "report-hate-crime": { date: "date-of-incident", time: "time-of-incident", location: "incident-location", postcode: "incident-postcode", description: "what-happened" },
  "report-fraud": { date: "fraud-date", description: "what-happened" },
  "report-lost-property": { date: "date-lost", location: "place-lost", description: "lost-description" },
  "report-found-property": { date: "date-found", location: "found-location", description: "found-description" },
  "report-driving-offence": { date: "offence-date", time: "offence-time", location: "offence-location", description: "what-happened" },
  "report-restrictions-breach": { date: "breach-date", location: "breach-location", postcode: "breach-postcode", description: "breach-description" },
  "report-terrorism": { date: "when-seen", location: "where-seen", description: "what-you-saw" },
  "report-domestic-abuse": { date: "last-happened", description: "more-details" },
  "give-feedback": { date: "feedback-date", description: "feedback" },
};
/** A service no one has mapped yet (a force's own, say) still gets these if it asks them. */
const defaultSkeleton: SkeletonMap = { description: "what-happened" };

const first = (answers: Answers, ids: string[]) => ids.map((id) => str(answers[id])).find((v) => v !== undefined);

/** The person reporting, from whichever of the usual "your details" questions the service asked. */
function reportingPerson(answers: Answers): Omit<PersonResource["attributes"], "roles"> | undefined {
  const person: Omit<PersonResource["attributes"], "roles"> = {
    fullName: first(answers, ["full-name", "complainant-full-name", "reply-name"]),
    email: first(answers, ["email", "complainant-email", "safe-email", "reply-email"]),
    phone: first(answers, ["phone", "complainant-phone", "safe-phone"]),
    postcode: normalisePostcode(answers["your-postcode"]),
  };
  const methods = codes(answers["contact-methods"] ?? answers["complainant-contact-methods"]);
  if (methods) person.contactMethods = methods.filter((m): m is ContactMethod => m === "email" || m === "phone");
  // Domestic abuse asks for one safe way to contact the person, or none at all.
  const safeMethod = str(answers["contact-method"]);
  if (safeMethod === "email" || safeMethod === "phone") {
    person.contactMethods = [safeMethod];
    person.doNotContact = false;
  } else if (safeMethod === "do-not-contact") {
    person.contactMethods = [];
    person.doNotContact = true;
  }
  person.voicemailSafe = yesNo(answers["voicemail-safe"]);
  person.safeTimesToCall = str(answers["safe-times-to-call"]);
  const found = defined(person);
  return found.fullName || found.email || found.phone ? found : undefined;
}

/** What the person reporting was to the incident, where the service asks (hate crime, fraud, domestic abuse). */
function reporterRoles(answers: Answers): PersonRole[] {
  const roles: PersonRole[] = ["reporting"];
  const role = str(answers["your-role"]);
  if (role === "victim" || role === "witness") roles.push(role);
  if (str(answers["reporting-for"]) === "myself") roles.push("victim");
  return roles;
}

// ---------------------------------------------------------------------------------------------------------------
// Building the document

class Document {
  readonly people: PersonResource[] = [];
  readonly objects: ObjectResource[] = [];
  readonly locations: LocationResource[] = [];
  constructor(private readonly reference: string) {}

  person(attributes: PersonResource["attributes"]): Identifier<"person"> {
    const id = `${this.reference}-person-${this.people.length + 1}`;
    this.people.push({ type: "person", id, attributes: defined(attributes) });
    return { type: "person", id };
  }
  object(attributes: ObjectResource["attributes"]): Identifier<"object"> {
    const id = `${this.reference}-object-${this.objects.length + 1}`;
    this.objects.push({ type: "object", id, attributes: defined(attributes) });
    return { type: "object", id };
  }
  location(attributes: LocationResource["attributes"]): Identifier<"location"> | null {
    const tidy = defined(attributes);
    if (!Object.keys(tidy).length) return null;
    const id = `${this.reference}-location-${this.locations.length + 1}`;
    this.locations.push({ type: "location", id, attributes: tidy });
    return { type: "location", id };
  }
}

interface Modelled {
  attributes: Partial<IncidentAttributes>;
  location: Identifier<"location"> | null;
  victims: Identifier<"person">[];
  witnesses: Identifier<"person">[];
  suspects: Identifier<"person">[];
  objects: Identifier<"object">[];
}

const none = (): Omit<Modelled, "attributes" | "location"> => ({ victims: [], witnesses: [], suspects: [], objects: [] });

/** A witness person when the report says someone else saw it; their details, as given, in the description. */
function witnessesOf(doc: Document, answers: Answers): Identifier<"person">[] {
  return answers["any-witnesses"] === "yes" ? [doc.person({ roles: ["witness"], description: str(answers["witness-details"]) })] : [];
}

function reportCrime(doc: Document, answers: Answers): Modelled {
  const objects = items(answers["stolen-items"]).map((item) => {
    const amount = num(item["item-value"]);
    return doc.object({
      objectType: "property",
      involvement: "stolen",
      description: str(item["item-description"]),
      estimatedValue: amount === undefined ? undefined : { amount, currency: "GBP" },
    });
  });
  const damage = str(answers["damage-description"]);
  if (damage) objects.push(doc.object({ objectType: "property", involvement: "damaged", description: damage }));
  const suspects = answers["suspect-known"] === "yes" ? [doc.person({ roles: ["suspect"], description: str(answers["suspect-description"]) })] : [];
  return {
    attributes: {
      crimeType: oneOf("crimeType", answers["crime-type"]),
      occurredOn: date(answers["date-of-crime"]),
      occurredAt: time(answers["time-of-crime"]),
      description: str(answers["what-happened"]),
      suspectKnown: yesNo(answers["suspect-known"]),
      witnessesPresent: yesNo(answers["any-witnesses"]),
      riskFactors: someOf("riskFactors", answers["risk-factors"], { emptyAllowed: true }),
    },
    location: doc.location({ description: str(answers["crime-location"]), postcode: normalisePostcode(answers["crime-postcode"]) }),
    ...none(),
    suspects,
    witnesses: witnessesOf(doc, answers),
    objects,
  };
}

function reportAntisocialBehaviour(doc: Document, answers: Answers): Modelled {
  const suspects = items(answers["people-involved"]).map((item) =>
    doc.person({ roles: ["suspect"], fullName: str(item["person-name"]), description: str(item["person-description"]) }),
  );
  return {
    attributes: {
      behaviourTypes: someOf("behaviourTypes", answers["behaviour-types"], { emptyAllowed: false }),
      occurredOn: date(answers["last-date"]),
      occurredAt: time(answers["last-time"]),
      frequency: oneOf("frequency", answers["how-often"]),
      ongoing: yesNo(answers["still-going-on"]),
      impacts: someOf("impacts", answers["impact"], { emptyAllowed: true }),
      description: str(answers["what-happened"]),
    },
    location: doc.location({ description: str(answers["asb-location"]), postcode: normalisePostcode(answers["asb-postcode"]) }),
    ...none(),
    suspects,
  };
}

function reportRoadTrafficIncident(doc: Document, answers: Answers): Modelled {
  const street = str(answers["road"]);
  const town = str(answers["town"]);
  const landmark = str(answers["nearest-landmark"]);
  const place = [street, town, landmark].filter(Boolean).join(", ");
  const objects = items(answers["vehicles"]).map((item) =>
    doc.object({
      objectType: "vehicle",
      involvement: "involved",
      registration: registration(item["registration"]),
      makeModel: str(item["make-model"]),
      colour: str(item["colour"]),
    }),
  );
  const collision = defined({
    detailsExchanged: yesNo(answers["details-exchanged"]),
    offenceSuspected: yesNo(answers["offence-suspected"]),
    otherDriverStopped: yesNo(answers["other-driver-stopped"]),
    insuranceExchanged: yesNo(answers["insurance-exchanged"]),
  });
  return {
    attributes: {
      occurredOn: date(answers["collision-date"]),
      occurredAt: time(answers["collision-time"]),
      description: str(answers["what-happened"]),
      witnessesPresent: yesNo(answers["any-witnesses"]),
      videoAvailable: yesNo(answers["dashcam-footage"]),
      collision: Object.keys(collision).length ? collision : undefined,
    },
    location: doc.location({ description: place || undefined, street, town, landmark }),
    ...none(),
    witnesses: witnessesOf(doc, answers),
    objects,
  };
}

function skeleton(doc: Document, answers: Answers, serviceId: string): Modelled {
  const map = skeletons[serviceId] ?? defaultSkeleton;
  const at = (id: string | undefined) => (id ? answers[id] : undefined);
  return {
    attributes: { occurredOn: date(at(map.date)), occurredAt: time(at(map.time)), description: str(at(map.description)) },
    location: doc.location({ description: str(at(map.location)), postcode: normalisePostcode(at(map.postcode)) }),
    ...none(),
  };
}

/** The fully modelled services; every other service gets the skeleton. */
const modelled: Record<string, (doc: Document, answers: Answers) => Modelled> = {
  "report-crime": reportCrime,
  "report-antisocial-behaviour": reportAntisocialBehaviour,
  "report-road-traffic-incident": reportRoadTrafficIncident,
};

/** The report as a force's developers receive it: incident, people, objects, location and the submission. */
export function buildPayload(input: PayloadInput): DeliveryPayload {
  const { report, definition, force, deliveryId, strings } = input;
  const reference = report.reference;
  const answers = answersOnPath(definition, report.answers, report.path);
  const doc = new Document(reference);

  // The person reporting comes first (person-1), then whoever the service's questions name, in the order asked.
  const reporter = reportingPerson(answers);
  const roles = reporterRoles(answers);
  const personReporting = reporter ? doc.person({ roles, ...reporter }) : null;
  const model = (modelled[definition.id] ?? ((d, a) => skeleton(d, a, definition.id)))(doc, answers);
  if (personReporting && roles.includes("victim")) model.victims.unshift(personReporting);
  if (personReporting && roles.includes("witness")) model.witnesses.unshift(personReporting);
  // Domestic abuse reported for someone else: that person is the victim, named if the reporter gave a name.
  if (answers["reporting-for"] === "someone-else" && definition.id === "report-domestic-abuse") {
    const knows = str(answers["affected-person-knows"]);
    model.victims.push(
      doc.person({
        roles: ["victim"],
        fullName: str(answers["affected-person-name"]),
        knowsAboutReport: knows === "yes" || knows === "no" || knows === "not-sure" ? knows : undefined,
      }),
    );
  }

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
    attributes: defined({ category: report.category, serviceId: report.serviceId, priority: report.priority, ...model.attributes }) as IncidentAttributes,
    relationships: {
      incidentLocation: { data: model.location },
      submission: { data: submissionId },
      personReporting: { data: personReporting },
      victims: { data: model.victims },
      witnesses: { data: model.witnesses },
      suspects: { data: model.suspects },
      objects: { data: model.objects },
    },
  };

  return {
    jsonapi: { version: "1.1" },
    meta: { schemaVersion: payloadSchemaVersion, deliveryId, reference },
    data: incident,
    included: [...doc.people, ...doc.objects, ...doc.locations, submission],
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
/** "20 November 2026 at 15:02 GMT", in UK time. */
function submittedText(iso: string, lang: Language): string {
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
