import type { AnswerValue, Answers, DeliveryTarget, Question, ServiceDefinition } from "../services/types.ts";
import { visibleQuestions } from "../triage/triage.ts";
import { attributeValue, type EntityKind } from "./fields.ts";

/**
 * Reads a report's answers through its definition's delivery mapping (each question's and option's `deliver`)
 * into the entities of the Standard Data Model: the incident, its location, people by role and objects. Knows
 * no service: everything it does is said by the definition (docs/editing-content.md, "Delivery").
 */

export type PersonRole = "reporting" | "victim" | "witness" | "suspect" | "driver";

export interface Entity {
  kind: EntityKind;
  /** The roles of a person; the kind and involvement of an object. */
  roles: PersonRole[];
  objectType?: string;
  involvement?: string;
  attributes: Record<string, unknown>;
  /** A vehicle's driver, when the report says who drove it. */
  driver?: Entity;
}

export interface Mapped {
  incident: Record<string, unknown>;
  location: Record<string, unknown>;
  /** The person reporting (always here; included only when they gave a name, email or phone). */
  reporter: Entity;
  /** Everyone else, in the order the answers brought them in. */
  people: Entity[];
  objects: Entity[];
}

const targetsOf = (deliver: DeliveryTarget | DeliveryTarget[] | undefined): DeliveryTarget[] => (deliver === undefined ? [] : Array.isArray(deliver) ? deliver : [deliver]);

/** Whether an answer is there at all: not blank, not an empty list. */
const given = (value: unknown): boolean => value !== undefined && value !== null && !(typeof value === "string" && !value.trim()) && !(Array.isArray(value) && !value.length);

class Collector {
  readonly incident: Record<string, unknown> = {};
  readonly location: Record<string, unknown> = {};
  readonly reporter: Entity = { kind: "person", roles: ["reporting"], attributes: {} };
  readonly people: Entity[] = [];
  readonly objects: Entity[] = [];
  /** The one person of each role, and the one object of each type and involvement, that answers outside a group fill. */
  private readonly single = new Map<string, Entity>();

  newEntity(target: DeliveryTarget): Entity {
    if (target.person) {
      const person: Entity = { kind: "person", roles: [target.person], attributes: {} };
      this.people.push(person);
      return person;
    }
    const object: Entity = { kind: "object", roles: [], objectType: target.object, involvement: target.involvement, attributes: {} };
    this.objects.push(object);
    return object;
  }

  /** The entity a target names; people and objects are brought in the first time they are named. */
  entity(target: DeliveryTarget, item: Entity | undefined): { kind: EntityKind; attributes: Record<string, unknown>; entity?: Entity } | undefined {
    if (target.incident !== undefined) return { kind: "incident", attributes: this.incident };
    if (target.location !== undefined) return { kind: "location", attributes: this.location };
    if (target.person === "reporting") return { kind: "person", attributes: this.reporter.attributes, entity: this.reporter };
    if (target.person || target.object) {
      const key = target.person ? `person ${target.person}` : `object ${target.object} ${target.involvement}`;
      let found = this.single.get(key);
      if (!found) this.single.set(key, (found = this.newEntity(target)));
      return { kind: found.kind, attributes: found.attributes, entity: found };
    }
    return item ? { kind: item.kind, attributes: item.attributes, entity: item } : undefined;
  }

  /** Puts one answer (or an option's fixed value) where a target says. The first answer to fill an attribute keeps it. */
  apply(target: DeliveryTarget, answer: unknown, introduces: boolean, item?: Entity) {
    if (target.driver) return this.driver(target, answer, introduces, item);
    const field = target.incident ?? target.location ?? target.field;
    const value = "value" in target ? target.value : answer;
    if (field === undefined) {
      if (!introduces) return;
      const named = this.entity(target, item);
      if (target.alsoRole && named?.entity && !named.entity.roles.includes(target.alsoRole)) named.entity.roles.push(target.alsoRole);
      return;
    }
    const kind: EntityKind = target.incident !== undefined ? "incident" : target.location !== undefined ? "location" : target.person ? "person" : target.object ? "object" : (item?.kind ?? "incident");
    const made = attributeValue(kind, field, value);
    if (made === undefined) return;
    const named = this.entity(target, item);
    if (!named) return;
    const [head, ...rest] = field.split(".");
    if (rest.length) {
      const inner = (named.attributes[head] ??= {}) as Record<string, unknown>;
      if (!(rest[0] in inner)) inner[rest[0]] = made;
    } else if (!(head in named.attributes)) named.attributes[head] = made;
  }

  /** The driver of the group item (a vehicle): the person reporting, or a person of their own with the answer's attribute. */
  private driver(target: DeliveryTarget, answer: unknown, introduces: boolean, item: Entity | undefined) {
    if (!item || item.kind !== "object") return;
    if (target.driver === "reporting") {
      if (!introduces) return;
      item.driver = this.reporter;
      if (!this.reporter.roles.includes("driver")) this.reporter.roles.push("driver");
      return;
    }
    const made = target.field ? attributeValue("person", target.field, "value" in target ? target.value : answer) : undefined;
    if (made === undefined && (target.field || !introduces)) return;
    if (!item.driver) {
      item.driver = { kind: "person", roles: ["driver"], attributes: {} };
      this.people.push(item.driver);
    }
    if (target.field && made !== undefined && !(target.field in item.driver.attributes)) item.driver.attributes[target.field] = made;
  }

  /** A question's answer: its own targets, then those of the options chosen. */
  question(question: Question, answer: AnswerValue | undefined, item?: Entity) {
    for (const target of targetsOf(question.deliver)) {
      if (question.type === "group" && !target.field && !target.incident && !target.location) {
        this.items(question, target, answer);
        continue;
      }
      // Without a field, a yes brings the person or object in; so does any other answer given.
      const introduces = question.type === "yes-no" ? answer === "yes" : given(answer);
      this.apply(target, answer, introduces, item);
    }
    const chosen: unknown[] = Array.isArray(answer) ? answer : [answer];
    for (const option of question.options ?? []) {
      if (!chosen.includes(option.value)) continue;
      for (const target of targetsOf(option.deliver)) this.apply(target, undefined, true, item);
    }
  }

  /** Each item of a group is a new person or object, its inner questions filling that item. */
  private items(question: Question, target: DeliveryTarget, answer: AnswerValue | undefined) {
    const items = Array.isArray(answer) ? answer.filter((v): v is Record<string, AnswerValue> => typeof v === "object" && v !== null && !Array.isArray(v)) : [];
    for (const values of items) {
      const entity = this.newEntity(target);
      for (const inner of question.questions ?? []) this.question(inner, values[inner.id], entity);
    }
  }
}

/** The entities a report's answers fill, walking the questions in the order they were asked. */
export function mapAnswers(definition: ServiceDefinition, answers: Answers, path: string[]): Mapped {
  const collector = new Collector();
  for (const stepId of path) {
    const step = definition.steps.find((s) => s.id === stepId);
    if (!step) continue;
    for (const question of visibleQuestions(step, answers)) collector.question(question, answers[question.id]);
  }
  const { incident, location, reporter, people, objects } = collector;
  return { incident, location, reporter, people, objects };
}
