import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Strings } from "../../lib/services/errors.ts";
import { readStep, type FormValues } from "../../lib/services/form.ts";
import type { Answers, ServiceDefinition } from "../../lib/services/types.ts";
import { checkStep, compileValidators } from "../../lib/services/validators.ts";

const definition: ServiceDefinition = JSON.parse(readFileSync("tests/fixtures/services/every-answer-type/service.json", "utf8"));
const strings = (lang: "en" | "cy"): Strings => {
  const flat: Strings = {};
  const walk = (o: Record<string, unknown>, prefix = "") => Object.entries(o).forEach(([k, v]) => (typeof v === "string" ? (flat[prefix + k] = v) : walk(v as Record<string, unknown>, `${prefix}${k}.`)));
  walk(JSON.parse(readFileSync(`content/locales/${lang}.json`, "utf8")));
  return flat;
};
const validators = compileValidators([definition]);
const today = "2026-11-27";

/** Posts a form to a step as the server would and returns each field's message. */
function post(stepId: string, form: FormValues, lang: "en" | "cy" = "en", earlier: Answers = {}) {
  const step = definition.steps.find((s) => s.id === stepId)!;
  const answers = readStep(step, form, earlier);
  const errors = checkStep(validators.get(definition.id)!.get(stepId)!, step, earlier, answers, today, strings(lang), lang);
  return { answers, messages: Object.fromEntries(errors.map((e) => [e.field, e.text])), errors };
}

const aboutYou = { "full-name": "Sam Jones", email: "sam@example.com", phone: "07700 900 982", postcode: "sw1a1aa" };
const whatHappened = { "theft-date-day": "3", "theft-date-month": "11", "theft-date-year": "2026", "theft-time": "2:30pm", details: "Bike taken", "stolen-value": "£1,200" };

describe("text, email, phone and postcode", () => {
  it("accepts good answers, tidied: a postcode spaced and capitalised, a phone number without spaces", () => {
    const { answers, messages } = post("about-you", aboutYou);
    expect(messages).toEqual({});
    expect(answers).toEqual({ "full-name": "Sam Jones", email: "sam@example.com", phone: "07700900982", postcode: "SW1A 1AA" });
  });

  it("names what is missing or malformed, GOV.UK style", () => {
    const { messages } = post("about-you", { "full-name": " ", email: "sam@", phone: "12345", postcode: "NOT A CODE" });
    expect(messages).toEqual({
      "full-name": "Enter your full name",
      email: "Enter your email address in the correct format, like name@example.com",
      phone: "Enter your phone number, like 01632 960 001 or 07700 900 982",
      postcode: "Enter a postcode, like AA1 1AA",
    });
  });

  it("leaves an optional answer blank without complaint, and says it in Welsh on a Welsh page", () => {
    expect(post("about-you", { ...aboutYou, phone: "" }).messages).toEqual({});
    expect(post("about-you", { ...aboutYou, "full-name": "" }, "cy").messages).toEqual({ "full-name": "Rhowch eich enw llawn" });
  });

  it("refuses a text longer than its limit", () => {
    const { messages } = post("about-you", { ...aboutYou, "full-name": "x".repeat(501) });
    expect(messages["full-name"]).toBe("Your full name must be 500 characters or less");
  });
});

describe("dates, times, long text and numbers", () => {
  it("accepts a real past date, a time written 2:30pm, and a value written £1,200", () => {
    const { answers, messages } = post("what-happened", whatHappened);
    expect(messages).toEqual({});
    expect(answers).toMatchObject({ "theft-date": "2026-11-03", "theft-time": "14:30", "stolen-value": 1200 });
  });

  it("refuses 31/02/2026 as not a real date", () => {
    const { messages } = post("what-happened", { ...whatHappened, "theft-date-day": "31", "theft-date-month": "2" });
    expect(messages["theft-date"]).toBe("The date the theft happened must be a real date");
  });

  it("refuses a future date where the past is required, and links the message to the day field", () => {
    const { messages, errors } = post("what-happened", { ...whatHappened, "theft-date-day": "1", "theft-date-month": "1", "theft-date-year": "2027" });
    expect(messages["theft-date"]).toBe("The date the theft happened must be today or in the past");
    expect(errors[0].href).toBe("theft-date-day");
  });

  it("accepts an approximate date of month and year only", () => {
    const { answers, messages } = post("what-happened", { ...whatHappened, "theft-date-day": "" });
    expect(messages).toEqual({});
    expect(answers["theft-date"]).toBe("2026-11");
  });

  it("refuses a malformed time, an overlong description and a value that is not a number or out of range", () => {
    expect(post("what-happened", { ...whatHappened, "theft-time": "25:99" }).messages["theft-time"]).toBe("Enter the time in the correct format, like 14:30");
    expect(post("what-happened", { ...whatHappened, details: "x".repeat(21) }).messages.details).toBe("What happened must be 20 characters or less");
    expect(post("what-happened", { ...whatHappened, "stolen-value": "lots" }).messages["stolen-value"]).toBe("The value must be a number");
    expect(post("what-happened", { ...whatHappened, "stolen-value": "-5" }).messages["stolen-value"]).toBe("The value must be between 0 and 100,000");
  });
});

describe("radios, yes/no, checkboxes and revealed questions", () => {
  const choices = { injured: "no", "contact-by": "email", affected: ["me", "family"] };

  it("accepts a choice of each kind", () => {
    expect(post("choices", choices).messages).toEqual({});
  });

  it("asks for each missing choice", () => {
    expect(post("choices", {}).messages).toEqual({
      injured: "Select if anyone was injured",
      "contact-by": "Select how we should contact you",
      affected: "Select who was affected",
    });
  });

  it("refuses a value that is not one of the options", () => {
    expect(post("choices", { ...choices, "contact-by": "pigeon" }).messages["contact-by"]).toBe("Select how we should contact you");
  });

  it("requires a revealed question only when its choice is made, and drops it otherwise", () => {
    expect(post("choices", { ...choices, injured: "yes" }).messages).toEqual({ injuries: "Enter the injuries" });
    const { answers } = post("choices", { ...choices, injured: "no", injuries: "a cut" });
    expect(answers).not.toHaveProperty("injuries");
  });

  it("refuses 'Nobody' chosen with other boxes, saying to choose it on its own", () => {
    expect(post("choices", { ...choices, affected: ["me", "none"] }).messages).toEqual({ affected: "Select ‘Nobody’ on its own, or the other answers without it" });
  });
});

describe("add another", () => {
  it("collects several items and ignores an empty last slot", () => {
    const { answers, messages } = post("items", {
      "stolen-items-0-description": "Red bike",
      "stolen-items-0-value": "300",
      "stolen-items-1-description": "Helmet",
      "stolen-items-2-description": "",
    });
    expect(messages).toEqual({});
    expect(answers["stolen-items"]).toEqual([{ description: "Red bike", value: 300 }, { description: "Helmet" }]);
  });

  it("names the item with the problem", () => {
    const { messages } = post("items", { "stolen-items-0-description": "Red bike", "stolen-items-1-value": "20", "stolen-items-1-description": "" });
    expect(messages["stolen-items-1-description"]).toBe("Enter a description (item 2)");
    expect(post("items", {}).messages["stolen-items"]).toBe("Add at least one item");
  });
});
