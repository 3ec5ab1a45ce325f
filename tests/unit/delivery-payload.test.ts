import { readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildPayload, normalisePostcode, payloadSchemaId, payloadSchemaVersion, plainText, type DeliveryPayload, type IncludedResource, type PayloadInput } from "../../lib/delivery/payload.ts";
import { fieldsOf } from "../../lib/delivery/fields.ts";
import { payloadSchema, validatePayload } from "../../lib/delivery/validate-payload.ts";
import { loadLocales } from "../../lib/i18n/locales.ts";
import { priorityOf } from "../../lib/services/summary.ts";
import type { Answers, ServiceDefinition } from "../../lib/services/types.ts";
import { checkStep, compileValidators } from "../../lib/services/validators.ts";
import { answersOnPath, triage, visibleQuestions } from "../../lib/triage/triage.ts";
import type { StoredReport } from "../../submit-service/store/store.ts";

const { locales } = loadLocales(".");
const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, "utf8")) as T;
const definition = (id: string) => readJson<ServiceDefinition>(`content/services/${id}/service.json`);
const fixture = (name: string) => readJson<StoredReport>(`tests/fixtures/delivery/${name}.json`);
const forceOf = (id: string) => {
  const force = readJson<{ id: string; code: string; name: string }>(`forces/${id}.json`);
  return { id: force.id, code: force.code, name: force.name };
};
const deliveryId = "01JD5X8Q2M7T9V4K3N6P0R1S2W";

function inputFor(report: StoredReport, def = definition(report.serviceId)): PayloadInput {
  return { report, definition: def, force: forceOf(report.forceId), deliveryId, strings: locales[report.lang] };
}
const payloadOf = (name: string) => buildPayload(inputFor(fixture(name)));

/** The included resource a relationship points to. */
function resolve(payload: DeliveryPayload, link: { type: string; id: string } | null): IncludedResource {
  const found = payload.included.find((r) => link && r.type === link.type && r.id === link.id);
  if (!found) throw new Error(`no included ${link?.type} ${link?.id}`);
  return found;
}
const submissionOf = (payload: DeliveryPayload) => resolve(payload, payload.data.relationships.submission.data) as Extract<IncludedResource, { type: "submission" }>;
const personAt = (payload: DeliveryPayload, link: { type: string; id: string } | null) => (resolve(payload, link) as Extract<IncludedResource, { type: "person" }>).attributes;
const objectsOf = (payload: DeliveryPayload) => payload.data.relationships.objects.data.map((link) => (resolve(payload, link) as Extract<IncludedResource, { type: "object" }>).attributes);
const locationOf = (payload: DeliveryPayload) => (resolve(payload, payload.data.relationships.incidentLocation.data) as Extract<IncludedResource, { type: "location" }>).attributes;

const fixtures = ["report-crime-theft", "report-crime-criminal-damage-cy", "report-antisocial-behaviour", "report-road-traffic-incident", "report-fraud"];

describe("the delivery fixtures are reports the service could have stored", () => {
  it.each(fixtures)("%s: every step's answers pass that step's checks, on the path the triage takes, with the stored priority", (name) => {
    const report = fixture(name);
    const def = definition(report.serviceId);
    expect(report.category).toBe(def.category);
    expect(triage(def, report.answers)).toEqual({ destination: { checkAnswers: true }, path: report.path });
    expect(answersOnPath(def, report.answers, report.path)).toEqual(report.answers);
    expect(priorityOf(def, report.answers)).toBe(report.priority);
    const validators = compileValidators([def]);
    const earlier: Answers = {};
    for (const stepId of report.path) {
      const step = def.steps.find((s) => s.id === stepId)!;
      const stepAnswers = Object.fromEntries(visibleQuestions(step, report.answers).map((q) => [q.id, report.answers[q.id]]));
      const errors = checkStep(validators.get(def.id)!.get(stepId)!, step, earlier, stepAnswers, report.submittedAt.slice(0, 10), locales[report.lang], report.lang);
      expect(errors, `${name}: step ${stepId}`).toEqual([]);
      Object.assign(earlier, stepAnswers);
    }
  });
});

describe("every payload satisfies the schema", () => {
  it.each(fixtures)("%s", (name) => {
    expect(validatePayload(payloadOf(name))).toEqual([]);
  });

  it("is the same document every time it is built from the same report", () => {
    expect(payloadOf("report-crime-theft")).toEqual(payloadOf("report-crime-theft"));
  });

  it("writes no null except an empty to-one relationship", () => {
    for (const name of fixtures) {
      const nulls: string[] = [];
      const walk = (value: unknown, pointer: string) => {
        if (value === null) nulls.push(pointer);
        else if (typeof value === "object") for (const [key, inner] of Object.entries(value)) walk(inner, `${pointer}/${key}`);
      };
      walk(payloadOf(name), "");
      expect(nulls.filter((p) => !/^\/data\/relationships\/(incidentLocation|personReporting)\/data$/.test(p)), name).toEqual([]);
    }
  });
});

describe("report-crime: a theft", () => {
  const payload = payloadOf("report-crime-theft");
  const { data } = payload;

  it("is an incident with the codes a force triages by", () => {
    expect(data.type).toBe("incident");
    expect(data.id).toBe("KNT-VMZM-YDRQ-incident");
    expect(data.attributes).toEqual({
      category: "crime",
      serviceId: "report-crime",
      priority: "urgent",
      crimeType: "theft",
      occurredOn: "2026-11-19",
      occurredAt: "14:30",
      description: "I locked my bike at 2pm and when I came back at 3pm the lock had been cut and the bike was gone.",
      suspectKnown: true,
      witnessesPresent: true,
      riskFactors: ["at-risk"],
    });
    expect(payload.meta).toEqual({ schemaVersion: "1.3.0", deliveryId, reference: "KNT-VMZM-YDRQ" });
  });

  it("puts the person reporting (the victim, as they said), the suspect and the witness under their roles", () => {
    expect(data.relationships.personReporting.data).toEqual({ type: "person", id: "KNT-VMZM-YDRQ-person-1" });
    expect(personAt(payload, data.relationships.personReporting.data)).toEqual({
      roles: ["reporting", "victim"],
      fullName: "Sam Jones",
      email: "sam@example.com",
      phone: "07700900982",
      contactMethods: ["email", "phone"],
    });
    expect(data.relationships.victims.data).toEqual([data.relationships.personReporting.data]);
    expect(data.relationships.suspects.data.map((link) => personAt(payload, link))).toEqual([
      { roles: ["suspect"], description: "A man in his twenties, about 6ft, grey hoodie, seen riding a red bike towards the station." },
    ]);
    expect(data.relationships.witnesses.data.map((link) => personAt(payload, link))).toEqual([
      { roles: ["witness"], description: "The librarian, Alex Morgan, saw him. Phone 01622 000000." },
    ]);
  });

  it("makes each stolen item an object, with its value in pounds when given", () => {
    expect(objectsOf(payload)).toEqual([
      {
        objectType: "property",
        involvement: "stolen",
        description: "Red Specialized mountain bike with a child seat, frame number WSBC123456",
        estimatedValue: { amount: 650, currency: "GBP" },
      },
      { objectType: "property", involvement: "stolen", description: "Abus D-lock, black" },
    ]);
  });

  it("gives the location its place and postcode", () => {
    expect(locationOf(payload)).toEqual({ description: "Bike rack outside the library, St Faith's Street, Maidstone", postcode: "ME14 1LH" });
  });

  it("carries the submission: force, service, time, language, path, every answer and the plain text", () => {
    const { attributes } = submissionOf(payload);
    expect(attributes).toMatchObject({
      reference: "KNT-VMZM-YDRQ",
      forceId: "kent",
      forceCode: "KNT",
      forceName: "Kent Police",
      serviceId: "report-crime",
      serviceTitle: "Report a crime",
      serviceCategory: "crime",
      sensitive: false,
      submittedAt: "2026-11-20T15:02:11.000Z",
      language: "en",
      priority: "urgent",
      deliveryId,
      schemaVersion: "1.3.0",
    });
    expect(attributes.path).toEqual(fixture("report-crime-theft").path);
    expect(attributes.answers).toHaveLength(20);
    expect(attributes.answers[1]).toEqual({ stepId: "about-the-crime", questionId: "crime-type", question: "What do you want to report?", answer: "Theft", value: "theft" });
    expect(attributes.answers.find((a) => a.questionId === "date-of-crime")).toMatchObject({ answer: "19 November 2026", value: "2026-11-19" });
    expect(attributes.plainText).toBe(plainText(inputFor(fixture("report-crime-theft"))));
  });

  it("writes the plain text for people: heading lines, then each question and answer in the order asked", () => {
    const text = plainText(inputFor(fixture("report-crime-theft")));
    expect(text.startsWith(
      "Report a crime\nReference: KNT-VMZM-YDRQ\nForce: Kent Police (KNT)\nSubmitted: 20 November 2026 at 15:02 GMT\nPriority: Urgent\n\n" +
        "Is anyone in immediate danger, or is the crime happening now?\nNo\n\nWhat do you want to report?\nTheft\n\n",
    )).toBe(true);
    expect(text).toContain("\n\nWhat was stolen?\nitem 1: Red Specialized mountain bike with a child seat, frame number WSBC123456, £650\nitem 2: Abus D-lock, black\n\n");
    expect(text.endsWith("Phone number\n07700900982\n")).toBe(true);
  });
});

describe("report-crime in Welsh: criminal damage, an approximate date, no postcode", () => {
  const payload = payloadOf("report-crime-criminal-damage-cy");
  const submission = submissionOf(payload).attributes;

  it("carries language cy with the questions and answers in Welsh, and codes unchanged", () => {
    expect(submission.language).toBe("cy");
    expect(submission.serviceTitle).toBe("Riportio trosedd");
    expect(submission.answers.find((a) => a.questionId === "crime-type")).toEqual({
      stepId: "about-the-crime",
      questionId: "crime-type",
      question: "Beth rydych chi eisiau ei riportio?",
      answer: "Difrod troseddol",
      value: "criminal-damage",
    });
    expect(submission.answers.find((a) => a.questionId === "in-danger")).toMatchObject({ question: "Oes unrhyw un mewn perygl uniongyrchol, neu ydy’r drosedd yn digwydd nawr?", answer: "Na", value: "no" });
    expect(submission.answers.find((a) => a.questionId === "date-of-crime")).toMatchObject({ answer: "Hydref 2026", value: "2026-10" });
    expect(submission.answers.find((a) => a.questionId === "time-of-crime")).toEqual({ stepId: "when-it-happened", questionId: "time-of-crime", question: "Amser", answer: "Heb ei ateb" });
    expect(submission.plainText.startsWith("Riportio trosedd\nCyfeirnod: DPP-1WDT-RRH4\nHeddlu: Dyfed-Powys Police (DPP)\nAnfonwyd: 21 Tachwedd 2026 am 09:40 GMT\nBlaenoriaeth: Safonol\n\n")).toBe(true);
    expect(submission.plainText).toContain("\n\nBeth ddigwyddodd?\nRoedd y car wedi’i barcio dros nos.");
  });

  it("models the damage as an object and leaves out what was not answered", () => {
    expect(payload.data.attributes).toEqual({
      category: "crime",
      serviceId: "report-crime",
      priority: "standard",
      crimeType: "criminal-damage",
      occurredOn: "2026-10",
      description: "Roedd y car wedi’i barcio dros nos. Yn y bore roedd y ffenestr wedi’i thorri.",
      suspectKnown: false,
      witnessesPresent: false,
      riskFactors: [],
    });
    expect(objectsOf(payload)).toEqual([{ objectType: "property", involvement: "damaged", description: "Ffenestr flaen y car wedi’i thorri â bricsen." }]);
    expect(locationOf(payload)).toEqual({ description: "Maes parcio y tu ôl i’r llyfrgell, Aberystwyth" });
    expect(payload.data.relationships.suspects.data).toEqual([]);
    expect(payload.data.relationships.witnesses.data).toEqual([]);
    expect(personAt(payload, payload.data.relationships.personReporting.data)).toEqual({ roles: ["reporting"], fullName: "Siân Evans", phone: "01970000000", contactMethods: ["phone"] });
  });

  it("names the victim when it happened to someone else, with how to reach them as the person reporting gave it", () => {
    expect(payload.data.relationships.victims.data.map((link) => personAt(payload, link))).toEqual([{ roles: ["victim"], fullName: "Gareth Evans", description: "Ei rif ffôn yw 01970 000001." }]);
  });
});

describe("report-antisocial-behaviour", () => {
  const payload = payloadOf("report-antisocial-behaviour");

  it("codes the behaviour, how often, whether it goes on and its impact", () => {
    expect(payload.data.attributes).toEqual({
      category: "antisocial-behaviour",
      serviceId: "report-antisocial-behaviour",
      priority: "urgent",
      behaviourTypes: ["rowdy", "threats"],
      occurredOn: "2026-11-18",
      occurredAt: "23:15",
      frequency: "weekly",
      ongoing: true,
      impacts: ["feel-unsafe", "health"],
      description: "A group gathers in the park most Friday nights, drinking and shouting at people walking past. Last time they threw bottles at my window.",
    });
    expect(locationOf(payload)).toEqual({ description: "The play park on Station Road, Ashford", postcode: "TN23 1PP" });
  });

  it("makes each person involved a suspect, named when a name was given", () => {
    expect(payload.data.relationships.suspects.data.map((link) => personAt(payload, link))).toEqual([
      { roles: ["suspect"], fullName: "Jordan", description: "Teenage boy, about 16, red puffer jacket, lives on Elm Close." },
      { roles: ["suspect"], description: "Older man, about 30, shaved head, drives a black Golf." },
    ]);
    expect(personAt(payload, payload.data.relationships.personReporting.data)).toEqual({ roles: ["reporting"], fullName: "Priya Shah", email: "priya@example.com", contactMethods: ["email"] });
    expect(payload.data.relationships.objects.data).toEqual([]);
  });
});

describe("report-road-traffic-incident", () => {
  const payload = payloadOf("report-road-traffic-incident");

  it("makes each vehicle an object of type vehicle, registration in capitals without spaces", () => {
    expect(objectsOf(payload)).toEqual([
      { objectType: "vehicle", involvement: "involved", registration: "AB12CDE", makeModel: "Ford Fiesta", colour: "Blue" },
      { objectType: "vehicle", involvement: "involved", makeModel: "Small white van", colour: "White" },
    ]);
  });

  it("records the collision's facts as booleans and the road, town and landmark separately", () => {
    expect(payload.data.attributes).toEqual({
      category: "road-traffic",
      serviceId: "report-road-traffic-incident",
      priority: "standard",
      occurredOn: "2026-11-20",
      occurredAt: "17:45",
      description: "I was stopped at the lights when a white van hit the back of my car and drove off towards the M20.",
      witnessesPresent: true,
      videoAvailable: true,
      collision: { detailsExchanged: false, offenceSuspected: true, otherDriverStopped: false },
    });
    expect(locationOf(payload)).toEqual({
      description: "A20 London Road, Maidstone, Junction with Buckland Hill",
      street: "A20 London Road",
      town: "Maidstone",
      landmark: "Junction with Buckland Hill",
    });
  });

  it("lists a witness even when no details were given", () => {
    expect(payload.data.relationships.witnesses.data.map((link) => personAt(payload, link))).toEqual([{ roles: ["witness"] }]);
  });

  it("ties each vehicle to its driver: the person reporting drove the car, someone unnamed the van", () => {
    const reporter = payload.data.relationships.personReporting.data;
    expect(personAt(payload, reporter)).toEqual({ roles: ["reporting", "driver"], fullName: "Chris Taylor", phone: "07700900123", contactMethods: ["phone"] });
    const vehicles = payload.data.relationships.objects.data.map((link) => resolve(payload, link) as Extract<IncludedResource, { type: "object" }>);
    expect(vehicles[0].relationships).toEqual({ driver: { data: reporter } });
    expect(personAt(payload, vehicles[1].relationships!.driver.data)).toEqual({ roles: ["driver"] });
    expect(payload.data.relationships.drivers.data).toEqual([reporter, vehicles[1].relationships!.driver.data]);
  });
});

describe("a service modelled only as the skeleton: report-fraud", () => {
  const payload = payloadOf("report-fraud");

  it("has the incident with its category and date, the person reporting (the victim, as they said) and the submission", () => {
    expect(payload.data.attributes).toEqual({
      category: "fraud",
      serviceId: "report-fraud",
      priority: "standard",
      occurredOn: "2026-10",
      description: "I paid £250 for a sofa advertised online. The seller stopped answering and the sofa never came.",
    });
    const reporter = payload.data.relationships.personReporting.data;
    expect(personAt(payload, reporter)).toEqual({ roles: ["reporting", "victim"], fullName: "Jo Brown", email: "jo@example.com", contactMethods: ["email"] });
    expect(payload.data.relationships.victims.data).toEqual([reporter]);
    expect(payload.data.relationships.incidentLocation.data).toBeNull();
    expect(payload.data.relationships.objects.data).toEqual([]);
    expect(payload.data.relationships.suspects.data).toEqual([]);
    expect(payload.included.map((r) => r.type)).toEqual(["person", "submission"]);
  });

  it("keeps everything else in the submission, as text and as stored values", () => {
    const submission = submissionOf(payload).attributes;
    expect(submission.serviceCategory).toBe("fraud");
    expect(submission.answers.find((a) => a.questionId === "amount-lost")).toEqual({ stepId: "how-much-was-lost", questionId: "amount-lost", question: "How much money was lost?", answer: "£250", value: 250 });
    expect(submission.answers.find((a) => a.questionId === "how-contacted")).toMatchObject({ value: ["website", "email"] });
    expect(submission.plainText).toContain("\n\nWhat type of fraud was it?\nOnline shopping");
    expect(submission.plainText).toContain("\n\nWhat do you know about the suspect?\nA seller on a local selling page, who lives in Canterbury.\n");
  });

  it("gives a service that declares no delivery the minimal incident, and every answer in the submission", () => {
    const def = readJson<ServiceDefinition>("tests/fixtures/services/every-answer-type/service.json");
    const report: StoredReport = {
      ...fixture("report-fraud"),
      serviceId: def.id,
      category: def.category,
      path: ["about-you", "what-happened", "choices", "items"],
      answers: {
        "full-name": "Sam Jones",
        email: "sam@example.com",
        phone: null,
        postcode: "SW1A 1AA",
        "theft-date": "2026-11-03",
        "theft-time": null,
        details: "Bike taken",
        "stolen-value": 1200,
        injured: "no",
        "contact-by": "email",
        affected: ["me"],
        "stolen-items": [{ description: "Bike" }],
      },
    };
    const payload = buildPayload(inputFor(report, def));
    expect(validatePayload(payload)).toEqual([]);
    expect(payload.data.attributes).toEqual({ category: "crime", serviceId: "every-answer-type", priority: "standard" });
    expect(payload.data.relationships.personReporting.data).toBeNull();
    expect(submissionOf(payload).attributes.answers.map((a) => a.questionId)).toEqual(Object.keys(report.answers));
  });
});

describe("validatePayload", () => {
  const valid = () => structuredClone(payloadOf("report-crime-theft")) as unknown as Record<string, any>;

  it("rejects a payload whose incident does not point to its submission", () => {
    const payload = valid();
    delete payload.data.relationships.submission;
    expect(validatePayload(payload)).toContain("/data/relationships/submission: is required but missing");
  });

  it("rejects English words where a code belongs", () => {
    const payload = valid();
    payload.data.attributes.crimeType = "Theft";
    payload.included[0].attributes.roles = ["Reporting"];
    expect(validatePayload(payload)).toEqual([
      "/data/attributes/crimeType: must be one of: theft, criminal-damage, other-crime",
      "/included/0/attributes/roles/0: must be one of: reporting, victim, witness, suspect, driver",
    ]);
  });

  it("rejects an English priority on the submission, a null attribute and an unnormalised postcode", () => {
    const payload = valid();
    const submission = payload.included.find((r: { type: string }) => r.type === "submission");
    submission.attributes.priority = "Urgent";
    payload.data.attributes.occurredAt = null;
    payload.included.find((r: { type: string }) => r.type === "location").attributes.postcode = "me14 1lh";
    const problems = validatePayload(payload);
    expect(problems).toContain(`/included/${payload.included.indexOf(submission)}/attributes/priority: must be one of: urgent, standard`);
    expect(problems).toContain("/data/attributes/occurredAt: must be string");
    expect(problems).toContain("/included/5/attributes/postcode: must be a full UK postcode in capitals with one space, like SW1A 1AA");
  });

  it("rejects a link to a resource that is not included, and a resource nothing links to", () => {
    const payload = valid();
    payload.data.relationships.suspects.data[0].id = "KNT-VMZM-YDRQ-person-9";
    expect(validatePayload(payload)).toEqual([
      "/data/relationships/suspects/data/0: points to person KNT-VMZM-YDRQ-person-9, which is not in included",
      "/included/1: person KNT-VMZM-YDRQ-person-2 is not linked from data.relationships",
    ]);
  });
});

describe("payload.schema.json", () => {
  type Schema = { properties?: Record<string, Schema & { description?: string }>; $defs?: Record<string, Schema>; items?: Schema; [key: string]: unknown };
  const schema = payloadSchema as Schema;

  it("is versioned: its $id names the version the code writes", () => {
    expect(schema.$id).toBe(payloadSchemaId);
    expect(schema.$id).toContain(`payload-${payloadSchemaVersion}.schema.json`);
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
  });

  it("describes every property", () => {
    const undescribed: string[] = [];
    const walk = (node: unknown, pointer: string) => {
      if (!node || typeof node !== "object") return;
      const properties = (node as Schema).properties;
      if (properties) for (const [name, property] of Object.entries(properties)) if (!property.description) undescribed.push(`${pointer}/properties/${name}`);
      for (const [key, inner] of Object.entries(node)) walk(inner, `${pointer}/${key}`);
    };
    walk(schema, "");
    expect(undescribed).toEqual([]);
  });

  it("lists the same categories as the service schema", () => {
    const serviceSchema = readJson<Schema>("content/services/service.schema.json");
    expect((schema.$defs!.category as { enum: string[] }).enum).toEqual((serviceSchema.properties!.category as { enum: string[] }).enum);
  });

  it("offers editors exactly the attributes the payload has, for each entity", () => {
    const target = readJson<Schema>("content/services/service.schema.json").$defs!.deliveryTarget.properties! as Record<string, { enum: string[] }>;
    expect(target.incident.enum).toEqual(fieldsOf("incident"));
    expect(target.location.enum).toEqual(fieldsOf("location"));
    expect(target.field.enum).toEqual([...new Set([...fieldsOf("person"), ...fieldsOf("object")])]);
  });

  it("knows the code of every option the services send to a coded attribute, except those that are not codes", () => {
    // An option added to one of these forms needs its code in the payload schema too (a minor version: see docs/integrating.md).
    const unknown: string[] = [];
    const incident = schema.$defs!.incident.properties!.attributes.properties!;
    const person = schema.$defs!.person.properties!.attributes.properties!;
    const listOf = (property: Schema | undefined) => (property?.items ?? property)?.enum as string[] | undefined;
    for (const id of readdirSync("content/services", { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name)) {
      for (const question of definition(id).steps.flatMap((s) => s.questions)) {
        for (const target of [question.deliver ?? []].flat()) {
          const field = target.incident ?? (target.person ? target.field : undefined);
          const codes = field && listOf((target.incident ? incident : person)[field]);
          if (codes && question.options) for (const option of question.options) if (!codes.includes(option.value)) unknown.push(`${id} ${question.id} ${option.value}`);
        }
      }
    }
    // "none" is not a code: it is the empty list. Fraud never reaches report-crime's (or a crime on someone else's behalf's) check-answers: it is sent to Report Fraud.
    expect(unknown).toEqual([
      "report-antisocial-behaviour impact none",
      "report-crime crime-type fraud",
      "report-crime risk-factors none",
      "report-crime-on-behalf crime-type fraud",
      "report-crime-on-behalf risk-factors none",
    ]);
  });

  it("leaves a code it does not know out of the incident, keeps it in the answers, and still validates", () => {
    const def = definition("report-antisocial-behaviour");
    def.steps.find((s) => s.id === "type-of-behaviour")!.questions[0].options!.push({ value: "littering", label: { en: "Littering" } });
    const report = fixture("report-antisocial-behaviour");
    report.answers["behaviour-types"] = ["littering", "rowdy"];
    const payload = buildPayload(inputFor(report, def));
    expect(validatePayload(payload)).toEqual([]);
    expect(payload.data.attributes.behaviourTypes).toEqual(["rowdy"]);
    expect(submissionOf(payload).attributes.answers.find((a) => a.questionId === "behaviour-types")).toMatchObject({ answer: "Littering\nRowdy or drunken behaviour", value: ["littering", "rowdy"] });
  });
});

it("docs/integrating.md shows the payload the report-crime theft fixture gives today", () => {
  const docs = readFileSync("docs/integrating.md", "utf8");
  const example = /### A whole example[\s\S]*?```json\n([\s\S]*?)\n```/.exec(docs);
  expect(example, "a json block under ### A whole example").not.toBeNull();
  const shown = JSON.parse(example![1]) as DeliveryPayload;
  expect(shown).toEqual(buildPayload({ ...inputFor(fixture("report-crime-theft")), deliveryId: shown.meta.deliveryId }));
});

it("normalises postcodes, and leaves out what is not one", () => {
  expect(normalisePostcode("me141lh")).toBe("ME14 1LH");
  expect(normalisePostcode(" sw1a  1aa ")).toBe("SW1A 1AA");
  expect(normalisePostcode("not a postcode")).toBeUndefined();
  expect(normalisePostcode(null)).toBeUndefined();
});
