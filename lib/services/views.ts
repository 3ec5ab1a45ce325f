import type { Language } from "../forces/load.ts";
import type { FieldError, FormValues, QuestionView, Strings } from "../answer-types/answer-type.ts";
import { unitOf } from "../answer-types/registry.ts";
import { text, type Question, type ServiceDefinition, type Step } from "./types.ts";

export type { QuestionView } from "../answer-types/answer-type.ts";

export interface StepView {
  id: string;
  heading: string;
  /** The one question's label is the page heading; otherwise `heading` is an h1 of its own. */
  headingIsQuestion: boolean;
  intro?: string;
  questions: QuestionView[];
  errors: FieldError[];
  /** The page takes files: sent as multipart/form-data, and checked by the service (which holds them). */
  upload: boolean;
  /** For govukErrorSummary: each error linking to its field. */
  errorList: { text: string; href: string }[];
}

function questionView(question: Question, siblings: Question[], name: string, lang: Language, strings: Strings, values: FormValues, errors: FieldError[], isPageHeading: boolean, nested = false): QuestionView {
  return unitOf(question).view(question, {
    name,
    lang,
    strings,
    values,
    errors,
    isPageHeading,
    nested,
    siblings,
    viewOf: (other, otherSiblings, otherName, otherNested) => questionView(other, otherSiblings, otherName, lang, strings, values, errors, false, otherNested),
  });
}

/** Everything a step's page shows, in one language, with what was typed and any errors. */
export function stepView(definition: ServiceDefinition, step: Step, lang: Language, strings: Strings, values: FormValues = {}, errors: FieldError[] = [], isStart = false): StepView {
  const revealed = new Set(step.questions.filter((q) => q.showWhen).map((q) => q.id));
  const top = step.questions.filter((q) => !revealed.has(q.id));
  // On the start page the service's title is the heading and the first question sits below its introduction.
  const headingIsQuestion = top.length === 1 && !step.title && !isStart;
  return {
    id: step.id,
    heading: headingIsQuestion ? text(top[0].label, lang)! : isStart ? text(definition.title, lang)! : text(step.title, lang) ?? text(definition.title, lang)!,
    headingIsQuestion,
    intro: text(step.intro, lang),
    questions: top.map((q) => questionView(q, step.questions, q.id, lang, strings, values, errors, headingIsQuestion)),
    errors,
    upload: step.questions.some((q) => q.type === "file"),
    errorList: errors.map((e) => ({ text: e.text, href: `#${e.href}` })),
  };
}
