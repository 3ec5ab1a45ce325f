import { type AnswerType } from "./answer-type.ts";
import { inputView, oneField } from "./input.ts";
import { printedReference, readReference, referenceChecks, referencePattern } from "./reference.checks.ts";

export const referenceType: AnswerType = {
  ...referenceChecks,
  description: "A reference number this service gave, like KNT-7Q2M-4XZ9: typed in any case, with or without hyphens, its check character checked.",
  fields: {},
  schema: () => ({ type: "string", pattern: referencePattern }),
  ...oneField,
  fromJson: (_question, value) => (typeof value === "string" ? readReference(value.trim()) : value),
  view: (question, context) => inputView(question, context, { classes: "govuk-input--width-20", spellcheck: false, autocapitalize: "characters" }),
  sample: (_question, name, form) => {
    form[name] = printedReference("KNT", "SAMP1E0");
  },
  examples: [
    { name: "a reference in lower case, spaced", question: {}, form: { q: " knt-7q2m 4xz" + printedReference("KNT", "7Q2M4XZ").slice(-1).toLowerCase() }, answer: printedReference("KNT", "7Q2M4XZ"), text: printedReference("KNT", "7Q2M4XZ") },
    { name: "O typed for 0", question: {}, form: { q: printedReference("KNT", "SAMP1E0").replace("0", "O") }, answer: printedReference("KNT", "SAMP1E0") },
    { name: "one character mistyped", question: {}, form: { q: printedReference("KNT", "SAMP1E0").replace("S", "T") }, breaks: "format" },
    { name: "words", question: {}, form: { q: "my crime report" }, breaks: "format" },
  ],
};
