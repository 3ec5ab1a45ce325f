/**
 * The editor's configuration is made from the project's JSON Schemas: every field each schema defines is a field
 * in Decap, required as the schema requires it, with the schema's patterns, limits and choices, and one list
 * type per answer type. A field added to a schema appears in the editor without anyone writing it twice.
 */
import { readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { editorConfig, fieldNames, pageFiles, type DecapCollection, type DecapField } from "../../editor/config.ts";
import { copyContent } from "../helpers/content-root.ts";

const root = process.cwd();
const config = editorConfig(root, { proxyUrl: "http://localhost:8088/api/v1" });
const collection = (name: string) => config.collections.find((c) => c.name === name) as DecapCollection;
const fieldsOf = (name: string, file: string) => collection(name).files!.find((f) => f.file === file)!.fields;
const schema = (file: string) => JSON.parse(readFileSync(path.join(root, file), "utf8"));
const find = (fields: DecapField[], name: string) => fields.find((f) => f.name === name)!;

/** Every property name a schema defines anywhere (in its $defs too). */
function schemaProperties(node: unknown, names = new Set<string>()): Set<string> {
  if (Array.isArray(node)) node.forEach((item) => schemaProperties(item, names));
  else if (node && typeof node === "object") {
    for (const [key, value] of Object.entries(node)) {
      if (key === "properties") Object.keys(value as object).forEach((name) => names.add(name));
      schemaProperties(value, names);
    }
  }
  return names;
}

const copies: string[] = [];
afterAll(() => copies.forEach((copy) => rmSync(copy, { recursive: true, force: true })));

describe("the editor's configuration, generated from the schemas", () => {
  it("uses decap-server as its local backend", () => {
    expect(config.local_backend).toEqual({ url: "http://localhost:8088/api/v1", allowed_hosts: ["localhost", "127.0.0.1"] });
  });

  it.each([
    ["forces", "forces/kent.json", "forces/force.schema.json"],
    ["themes", "themes/kent/theme.json", "themes/theme.schema.json"],
    ["services", "content/services/report-crime/service.json", "content/services/service.schema.json"],
    ["pages", "content/pages/contact-us.md", "content/pages/page.schema.json"],
  ])("%s: every field %s's schema defines is in the editor", (name, file, schemaFile) => {
    const inEditor = fieldNames(fieldsOf(name, file));
    const defined = schema(schemaFile);
    // A question's `type` is the choice of list type; `deliver` (where an answer goes in the delivery payload)
    // is a developer's field, kept as written.
    const notFields = name === "services" ? ["type", "deliver", ...Object.keys(defined.$defs.deliveryTarget.properties)] : [];
    expect([...schemaProperties(defined)].filter((property) => !inEditor.has(property) && !notFields.includes(property))).toEqual([]);
  });

  it("gives each answer type its own kind of question, with only the fields that type allows", () => {
    const steps = find(fieldsOf("services", "content/services/report-crime/service.json"), "steps");
    const questions = find(steps.fields!, "questions");
    const types = schema("content/services/service.schema.json").$defs.question.properties.type.enum;
    expect(questions.typeKey).toBe("type");
    expect(questions.types!.map((t) => t.name)).toEqual(types);
    const text = questions.types!.find((t) => t.name === "text")!;
    const radios = questions.types!.find((t) => t.name === "radios")!;
    expect(find(text.fields!, "maxLength")).toMatchObject({ widget: "number", value_type: "int", min: 1, max: 500 });
    expect(text.fields!.map((f) => f.name)).not.toContain("options");
    expect(radios.fields!.map((f) => f.name)).not.toContain("maxLength");
    expect(find(radios.fields!, "options")).toMatchObject({ widget: "list", required: true });
    expect(find(text.fields!, "id")).toMatchObject({ required: true, pattern: ["^[a-z0-9]+(-[a-z0-9]+)*$", expect.any(String)] });
  });

  it("takes required fields, patterns and choices from the force schema, leaving what forces/_defaults.json gives optional", () => {
    const fields = fieldsOf("forces", "forces/kent.json");
    expect(find(fields, "code")).toMatchObject({ required: true, pattern: ["^[A-Z]{3}$", expect.stringContaining("three capital letters")] });
    expect(find(fields, "contact")).toMatchObject({ required: false });
    expect(find(fields, "theme")).toMatchObject({ required: false });
    const off = find(find(fields, "services").fields!, "off");
    expect(off).toMatchObject({ widget: "select", multiple: true });
    expect(off.options).toContain("report-lost-property");
    expect(find(fields, "languages")).toMatchObject({ widget: "select", multiple: true, options: ["en", "cy"] });
  });

  it("checks theme colours with the contrast gate's widget and uploads a logo into the theme's folder", () => {
    const fields = fieldsOf("themes", "themes/kent/theme.json");
    expect(fields.filter((f) => f.widget === "contrast-colour").map((f) => f.name)).toEqual(["brandColour", "headerColour", "headerTextColour", "linkColour"]);
    expect(find(find(fields, "logo").fields!, "svg")).toMatchObject({ widget: "file", media_folder: "/themes/kent" });
  });

  it("lists every UI string from en.json, the reference, for English and Welsh", () => {
    const en = fieldsOf("locales", "content/locales/en.json");
    expect(fieldNames(en)).toEqual(fieldNames(fieldsOf("locales", "content/locales/cy.json")));
    expect(find(find(en, "header").fields!, "homeLink")).toMatchObject({ widget: "string", required: true });
  });

  it("follows a field added to a schema", () => {
    const copy = copyContent();
    copies.push(copy);
    const file = path.join(copy, "themes/theme.schema.json");
    const theme = JSON.parse(readFileSync(file, "utf8"));
    theme.properties.footerNote = { description: "A line in the footer.", type: "string", maxLength: 40 };
    writeFileSync(file, JSON.stringify(theme));
    const fields = editorConfig(copy, { proxyUrl: "x" }).collections.find((c) => c.name === "themes")!.files![0].fields;
    expect(find(fields, "footerNote")).toMatchObject({ widget: "string", required: false, pattern: ["^[\\s\\S]{0,40}$", "Between 0 and 40 characters"] });
  });

  it("lists each English page beside its Welsh twin, and marks a Welsh page whose English changed after it", () => {
    const copy = copyContent();
    copies.push(copy);
    // Not a git checkout: a file's modification time says when it was saved.
    const saved = (file: string, minutesAgo: number) => utimesSync(path.join(copy, file), new Date(Date.now() - minutesAgo * 60_000), new Date(Date.now() - minutesAgo * 60_000));
    for (const file of pageFiles(copy, "content/pages")) saved(file.file, 60);
    saved("content/pages/cookies.md", 5);
    const pages = pageFiles(copy, "content/pages");
    const at = pages.findIndex((p) => p.file === "content/pages/cookies.md");
    expect(pages[at + 1]).toMatchObject({ file: "content/pages/cookies.cy.md", lang: "cy", stale: true });
    expect(pages.filter((p) => p.stale).map((p) => p.file)).toEqual(["content/pages/cookies.cy.md"]);
    const label = (c: typeof config) => c.collections.find((c) => c.name === "pages")!.files!.find((f) => f.file === "content/pages/cookies.cy.md")!.label;
    expect(label(editorConfig(copy, { proxyUrl: "x" }))).toBe("Cwcis — Cymraeg (Welsh) ⚠ the English changed after this Welsh page: check it still says the same");
    saved("content/pages/cookies.cy.md", 1);
    expect(pageFiles(copy, "content/pages").some((p) => p.stale)).toBe(false);
  });
});
