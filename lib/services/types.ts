import type { AnswerTypeName } from "../answer-types/registry.ts";
import type { Language } from "../forces/load.ts";

/** Text in English and (for bilingual forces) Welsh. */
export type Text = { en: string; cy?: string };

/** The answer types, one unit each in lib/answer-types (its registry is the one list). */
export type AnswerType = AnswerTypeName;

export type Condition =
  | { question: string; equals: string | number | boolean }
  | { question: string; in: string[] }
  | { question: string; includes: string }
  | { question: string; answered: boolean }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

export interface Option {
  value: string;
  label: Text;
  hint?: Text;
  exclusive?: boolean;
  /** Where choosing this option puts a fixed value in the delivery payload (docs/editing-content.md). */
  deliver?: DeliveryTarget | DeliveryTarget[];
}

export interface Question {
  id: string;
  type: AnswerType;
  label: Text;
  hint?: Text;
  errorName: Text;
  optional?: boolean;
  showWhen?: Condition;
  maxLength?: number;
  options?: Option[];
  when?: "past" | "future" | "any";
  approximate?: boolean;
  min?: number;
  max?: number;
  /** A number answer that is a sum of money in pounds: £ before the box, and "£1,200" wherever it is shown. */
  pounds?: boolean;
  autocomplete?: string;
  questions?: Question[];
  itemName?: Text;
  maxItems?: number;
  /** time: the date question it belongs to, so a time today cannot be later than now. */
  dateQuestion?: string;
  /** file: the kinds of evidence accepted ("photo", "video", "document", "audio"), decided by each file's bytes. */
  accept?: string[];
  /** file: the most files (10 unless given). */
  maxFiles?: number;
  /** file: the most megabytes one file may hold (below its kind's own most: 20, or 250 for video). */
  maxFileMegabytes?: number;
  /** file: the most megabytes of files on this question altogether (500 unless given). */
  maxTotalMegabytes?: number;
  errors?: Partial<Record<Rule, Text>>;
  /** Where this answer goes in the delivery payload (docs/editing-content.md). */
  deliver?: DeliveryTarget | DeliveryTarget[];
}

/**
 * One place in the delivery payload (the Standard Data Model) an answer or a chosen option fills: the entity —
 * the incident, its location, a person by role, an object by type and involvement, or (inside a group) the
 * group's item — and, optionally, which of its attributes. Without a field the answer brings the entity in
 * (a yes, each item of a group, or a chosen option). `value` is the fixed value an option puts there.
 */
export interface DeliveryTarget {
  incident?: string;
  location?: string;
  person?: "reporting" | "victim" | "witness" | "suspect";
  object?: "property" | "vehicle";
  involvement?: "stolen" | "damaged" | "lost" | "found" | "involved";
  /** The attribute of a person, object or group item. */
  field?: string;
  /** Inside a group of vehicles: who drove this one, the person reporting or another person (filled by `field`). */
  driver?: "reporting" | "person";
  /** A role the person also has: the person reporting who is also the victim. */
  alsoRole?: "victim" | "witness";
  value?: string | number | boolean | string[];
}

/** What a force's site covers: a part of the country (a territorial force), or the railway (British Transport Police). */
export type SiteCovers = "area" | "railway";

export interface Route {
  when?: Condition;
  /** Only on the sites of forces that cover this; resolved when a force's services are read (lib/services/sites.ts). */
  sites?: SiteCovers;
  goTo: string;
}

export interface Step {
  id: string;
  title?: Text;
  intro?: Text;
  questions: Question[];
  routes?: Route[];
}

export interface ServiceDefinition {
  schemaVersion: 1;
  id: string;
  title: Text;
  summary: Text;
  category: string;
  sensitive: boolean;
  exitPage?: boolean;
  /** Off on every force unless switched on nationally (content/services/switched-on.json) or by the force (services.on). */
  dormant?: boolean;
  /** Set on the copy of a definition made for the sites of forces that cover this (lib/services/sites.ts); never in a file. */
  forSites?: SiteCovers;
  /** Where it comes among its category's services on the hub: 1 first; unnumbered ones follow, A to Z. */
  hubOrder?: number;
  priority?: { always?: boolean; when?: Condition };
  start?: Text;
  steps: Step[];
  /** For a service that sends a report (an answer reaches check answers); the check requires it there and refuses it elsewhere. */
  checkAnswers?: { declaration: Text };
  /** The page after sending, with the reference: required, and allowed, as checkAnswers is. */
  confirmation?: { title: Text; next: Text };
}

/** The rules a question's answer is checked against; each has its own message. */
export type Rule = "required" | "format" | "maxLength" | "past" | "future" | "range" | "characters" | "exclusive";

/** A stored answer: text, a chosen value, chosen values, a number, or items of a group. */
export type AnswerValue = string | number | string[] | Record<string, AnswerValue>[] | null;
export type Answers = Record<string, AnswerValue>;

export function text(value: Text | undefined, lang: Language): string | undefined {
  if (!value) return undefined;
  return (lang === "cy" ? value.cy : undefined) ?? value.en;
}

/** Default maximum length of a one-line text answer. */
export const defaultTextLength = 500;
