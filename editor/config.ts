/**
 * Decap CMS's configuration, made from the project's own JSON Schemas when `npm run edit` starts, so the editor
 * and `npm run check` cannot disagree: every field, whether it is required, its pattern, its limits and its
 * choices come from forces/force.schema.json, themes/theme.schema.json, content/services/service.schema.json,
 * content/pages/page.schema.json and (for UI strings) content/locales/en.json, the reference every language
 * must match. A question's answer types (the enum of `type` and what each type's if/then allows) become a
 * list's `types`, one per answer type.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { defaultsFile } from "../lib/forces/load.ts";

type Json = Record<string, unknown>;
type Schema = Json & {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  const?: unknown;
  oneOf?: Schema[];
  allOf?: Schema[];
  $ref?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  description?: string;
};

/** One Decap field (https://decapcms.org/docs/widgets/). */
export interface DecapField {
  name: string;
  label: string;
  widget: string;
  required?: boolean;
  hint?: string;
  pattern?: [string, string];
  options?: (string | { label: string; value: string })[];
  multiple?: boolean;
  min?: number;
  max?: number;
  value_type?: "int" | "float";
  default?: unknown;
  fields?: DecapField[];
  field?: DecapField;
  types?: DecapField[];
  typeKey?: string;
  collapsed?: boolean;
  summary?: string;
  media_folder?: string;
  public_folder?: string;
  [key: string]: unknown;
}

export interface DecapCollection {
  name: string;
  label: string;
  label_singular?: string;
  description?: string;
  files?: { name: string; label: string; file: string; fields: DecapField[] }[];
  folder?: string;
  extension?: string;
  format?: string;
  create?: boolean;
  slug?: string;
  summary?: string;
  fields?: DecapField[];
  editor?: { preview: boolean };
  [key: string]: unknown;
}

export interface EditorConfig {
  backend: { name: "proxy"; proxy_url: string; branch: string };
  local_backend: { url: string; allowed_hosts: string[] };
  load_config_file: false;
  media_folder: string;
  public_folder: string;
  collections: DecapCollection[];
  [key: string]: unknown;
}

const readJson = (file: string) => JSON.parse(readFileSync(file, "utf8")) as Schema;

/** "nonEmergency" → "Non emergency"; "checkAnswers" → "Check answers". */
export function labelOf(name: string): string {
  if (name === "en") return "English";
  if (name === "cy") return "Welsh";
  const words = name.replace(/^\$/, "").replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/[-_.]/g, " ").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Follows a local `$ref` (#/$defs/x), keeping the referring node's own description. */
function resolve(node: Schema, root: Schema): Schema {
  if (!node.$ref) return node;
  const target = node.$ref.replace(/^#\//, "").split("/").reduce<unknown>((at, key) => (at as Json)?.[key], root) as Schema | undefined;
  if (!target) throw new Error(`the schema names ${node.$ref}, which it does not define`);
  const { $ref: _ref, ...own } = node;
  return { ...resolve(target, root), ...own };
}

/** Decap's validation message is the schema's description of what the value must look like. */
function patternOf(node: Schema): [string, string] | undefined {
  const what = node.description ?? "the form this field needs";
  if (node.pattern) return [node.pattern, `Must be ${what.charAt(0).toLowerCase()}${what.slice(1)}`];
  if (node.minLength !== undefined || node.maxLength !== undefined) {
    const min = node.minLength ?? 0;
    const max = node.maxLength === undefined ? "" : String(node.maxLength);
    return [`^[\\s\\S]{${min},${max}}$`, max ? `Between ${min} and ${max} characters` : `At least ${min} characters`];
  }
  return undefined;
}

/** Where a recursive definition (a condition inside a condition) stops being offered as fields. */
const maxDepth = 6;
/** How deep a definition may sit inside itself (all / any / not of conditions): deeper ones stay in the file as written. */
const maxNesting = 2;

interface Context {
  root: Schema;
  /** Extra choices the schema leaves open but the content fixes (a force's services.off from the services there are). */
  choices: Map<string, string[]>;
  depth: number;
  /** Dotted path of the field, for `choices`. */
  at: string;
  /** The definitions ($ref) entered on the way here: a condition inside a condition is offered once, not forever. */
  refs?: string[];
  /**
   * Inside an optional object (a question's hint): Decap would insist on its required members even when the
   * object is left empty, so they are not required here; `npm run check` still names one left out of a hint given.
   */
  optional?: boolean;
}

/** One schema property as a Decap field. */
export function fieldOf(name: string, raw: Schema, required: boolean, ctx: Context): DecapField | undefined {
  const ref = raw.$ref ?? raw.items?.$ref;
  const refs = ctx.refs ?? [];
  if (ref && refs.filter((r) => r === ref).length >= maxNesting) return undefined;
  const node = resolve(raw, ctx.root);
  const at = ctx.at ? `${ctx.at}.${name}` : name;
  const base = { name, label: labelOf(name), required: required && !ctx.optional, ...(node.description ? { hint: node.description } : {}) };
  const inner: Context = { ...ctx, at, depth: ctx.depth + 1, refs: ref ? [...refs, ref] : refs };
  if (name === "$schema") return { ...base, label: "Schema", widget: "hidden", required: false };
  if (node.const !== undefined) return { ...base, widget: "hidden", default: node.const };
  const choices = ctx.choices.get(at);
  if (node.enum) return { ...base, widget: "select", options: node.enum.map(String) };
  // A list that is one of a few fixed values ("en" or "en, cy") is a multiple choice of their members.
  if (node.oneOf?.every((o) => Array.isArray(o.const))) {
    const members = [...new Set(node.oneOf.flatMap((o) => o.const as string[]))];
    return { ...base, widget: "select", multiple: true, options: members };
  }
  // Objects that are one of several shapes (a logo: a wordmark, or an SVG with its alt text): every shape's
  // fields, none required by the editor; the check says which shape is incomplete.
  if (node.oneOf?.every((o) => o.type === "object" && o.properties)) {
    const fields = node.oneOf.flatMap((o) => Object.entries(o.properties!).map(([key, value]) => fieldOf(key, value, false, inner)!));
    return { ...base, widget: "object", fields, collapsed: false };
  }
  const type = Array.isArray(node.type) ? node.type[0] : node.type;
  if (type === "boolean") return { ...base, widget: "boolean", required: false };
  if (type === "integer" || type === "number") {
    return { ...base, widget: "number", value_type: type === "integer" ? "int" : "float", ...(node.minimum !== undefined ? { min: node.minimum } : {}), ...(node.maximum !== undefined ? { max: node.maximum } : {}) };
  }
  if (type === "string") {
    const pattern = patternOf(node);
    return { ...base, widget: (node.maxLength ?? 0) > 200 ? "text" : "string", ...(pattern ? { pattern } : {}) };
  }
  if (type === "array" && node.items) {
    const items = resolve(node.items, ctx.root);
    if (choices) return { ...base, widget: "select", multiple: true, options: choices };
    if (items.type === "object" || items.$ref) {
      if (ctx.depth >= maxDepth) return undefined;
      const list = listOf(items, { ...inner, optional: false });
      if (list.fields?.length === 0) return undefined;
      return { ...base, widget: "list", ...list, ...(node.minItems ? { min: node.minItems } : {}) };
    }
    const one = fieldOf(name, items, true, { ...inner, optional: false })!;
    return { ...base, widget: "list", field: { ...one, label: labelOf(name) }, ...(node.minItems ? { min: node.minItems } : {}) };
  }
  if (type === "object" && node.properties) {
    if (ctx.depth >= maxDepth) return undefined;
    const fields = objectFields(node, { ...inner, optional: !base.required });
    // English and Welsh of a text stay open side by side; bigger objects open when asked.
    return fields.length ? { ...base, widget: "object", fields, collapsed: ctx.depth > 0 && fields.length > 3 } : undefined;
  }
  return undefined;
}

/** An object's properties as fields, required as the schema says. */
export function objectFields(node: Schema, ctx: Context, notRequired: Set<string> = new Set()): DecapField[] {
  const required = new Set(node.required ?? []);
  return Object.entries(node.properties ?? {})
    .map(([key, value]) => fieldOf(key, value, required.has(key) && !notRequired.has(key), ctx))
    .filter((f): f is DecapField => f !== undefined);
}

/** A type value an `if` tests: `{ properties: { type: { const | enum } } }`, possibly under `not`. */
function typeTest(test: Schema | undefined): { types: string[]; negated: boolean } | undefined {
  const negated = test?.not !== undefined;
  const inner = (negated ? test!.not : test) as Schema | undefined;
  const type = inner?.properties?.type;
  if (!type) return undefined;
  const types = type.const !== undefined ? [String(type.const)] : (type.enum ?? []).map(String);
  return { types, negated };
}

/**
 * A list of objects. When the objects are told apart by an enum `type` whose allOf if/then says which fields
 * each type may have (the service schema's questions, made from lib/answer-types), Decap's `types`: one entry per
 * answer type, with only that type's fields, `type` written from the choice.
 */
function listOf(items: Schema, ctx: Context): Pick<DecapField, "fields" | "types" | "typeKey" | "summary" | "collapsed"> {
  const typeEnum = items.properties?.type ? resolve(items.properties.type, ctx.root).enum : undefined;
  const summary = items.properties?.id ? "{{fields.id}}" : items.properties?.goTo ? "→ {{fields.goTo}}" : items.properties?.value ? "{{fields.value}}" : undefined;
  if (!typeEnum || !items.allOf) return { fields: objectFields(items, ctx), collapsed: true, ...(summary ? { summary } : {}) };
  const types = typeEnum.map(String).map((type) => {
    const forbidden = new Set<string>();
    const required = new Set(items.required ?? []);
    const properties: Record<string, Schema> = { ...items.properties };
    for (const rule of items.allOf!) {
      const test = typeTest(rule.if as Schema | undefined);
      if (!test) continue;
      const applies = test.types.includes(type) !== test.negated;
      if (!applies) continue;
      const then = rule.then as Schema;
      for (const key of ((then.not as Schema | undefined)?.required ?? [])) forbidden.add(key);
      for (const key of then.required ?? []) required.add(key);
      for (const [key, value] of Object.entries(then.properties ?? {})) properties[key] = { ...properties[key], ...value };
    }
    delete properties.type;
    const node: Schema = { ...items, properties: Object.fromEntries(Object.entries(properties).filter(([key]) => !forbidden.has(key))), required: [...required] };
    return { name: type, label: labelOf(type), widget: "object", fields: objectFields(node, ctx), summary: "{{fields.id}}" } satisfies DecapField;
  });
  return { types, typeKey: "type", collapsed: true, summary: "{{fields.id}}" } as Pick<DecapField, "types" | "typeKey" | "summary" | "collapsed">;
}

/** A flat list of every string key in a locale file: "header.homeLink". */
function localeFields(node: Json, prefix = ""): DecapField[] {
  return Object.entries(node)
    .filter(([key]) => key !== "$schema")
    .map(([key, value]): DecapField =>
      typeof value === "string"
        ? { name: key, label: labelOf(key), widget: "string", required: true, pattern: ["^[\\s\\S]{1,}$", "Cannot be empty"], hint: `${prefix}${key}` }
        : { name: key, label: labelOf(key), widget: "object", collapsed: true, fields: localeFields(value as Json, `${prefix}${key}.`) },
    );
}

/**
 * When each page file under `folder` last changed: the last commit that touched it, or, for a file changed since
 * (or never committed, or outside a git checkout), when it was saved. Two git commands for the whole folder.
 */
function changeTimes(root: string, folder: string): (file: string) => number {
  const committed = new Map<string, number>();
  const dirty = new Set<string>();
  try {
    const git = (args: string[]) => execFileSync("git", args, { cwd: root, stdio: ["ignore", "pipe", "ignore"], maxBuffer: 64 * 1024 * 1024 }).toString();
    const prefix = git(["rev-parse", "--show-prefix"]).trim();
    let time = 0;
    for (const line of git(["log", "--format=%x00%ct", "--name-only", "--relative", "--", folder]).split("\n")) {
      if (line.startsWith("\u0000")) time = Number(line.slice(1)) * 1000;
      else if (line && !committed.has(line)) committed.set(line, time);
    }
    for (const line of git(["status", "--porcelain", "--", folder]).split("\n")) if (line) dirty.add(line.slice(3).replace(prefix, ""));
  } catch {
    // Not a git checkout (a copy of the content): files' own times.
  }
  return (file) => (committed.has(file) && !dirty.has(file) ? committed.get(file)! : statSync(path.join(root, file)).mtimeMs);
}

export interface PageFile {
  file: string;
  lang: "en" | "cy";
  title: string;
  /** For a Welsh page: its English twin changed after it did, so it may need translating again. */
  stale?: boolean;
  twin?: string;
}

function markdownFiles(root: string, folder: string, prefix = ""): string[] {
  const dir = path.join(root, folder, prefix);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? markdownFiles(root, folder, path.join(prefix, entry.name)) : entry.name.endsWith(".md") ? [path.join(prefix, entry.name)] : []))
    .sort();
}

/** The pages in one folder, each English page beside its Welsh twin, Welsh twins older than their English page marked. */
export function pageFiles(root: string, folder: string): PageFile[] {
  // English first, its Welsh twin next to it.
  const order = (file: string) => `${file.replace(/(\.cy)?\.md$/, "")}\u0000${file.endsWith(".cy.md") ? 1 : 0}`;
  const changedAt = changeTimes(root, folder);
  const files = markdownFiles(root, folder).sort((a, b) => order(a).localeCompare(order(b)));
  return files.map((relative): PageFile => {
    const file = path.posix.join(folder, relative.split(path.sep).join("/"));
    const lang = file.endsWith(".cy.md") ? "cy" : "en";
    const title = /^title:\s*(.+)$/m.exec(readFileSync(path.join(root, file), "utf8"))?.[1]?.replace(/^["']|["']$/g, "") ?? relative;
    const twin = lang === "cy" ? file.replace(/\.cy\.md$/, ".md") : file.replace(/\.md$/, ".cy.md");
    const hasTwin = existsSync(path.join(root, twin));
    const stale = lang === "cy" && hasTwin ? changedAt(twin) > changedAt(file) : undefined;
    return { file, lang, title, ...(hasTwin ? { twin } : {}), ...(stale ? { stale } : {}) };
  });
}

/** Shared and force pages: a files collection, English and Welsh of each page next to each other in the list. */
function pagesCollection(root: string, name: string, label: string, folder: string, pageSchema: Schema, description: string): DecapCollection {
  const ctx: Context = { root: pageSchema, choices: new Map(), depth: 0, at: "" };
  const fields = [...objectFields(pageSchema, ctx), { name: "body", label: "Body (Markdown; {{ forceName }}, {{ base }} and {{ force.contact.… }} are filled in for each force)", widget: "text", required: true }];
  return {
    name,
    label,
    description,
    format: "frontmatter",
    files: pageFiles(root, folder).map((page) => ({
      name: page.file.replace(/[^a-z0-9]+/gi, "-"),
      label: `${page.title} — ${page.lang === "en" ? "English" : "Cymraeg (Welsh)"}${page.stale ? " ⚠ the English changed after this Welsh page: check it still says the same" : ""}`,
      file: page.file,
      fields,
    })),
  };
}

/** Folders under `dir` that hold `file`: the themes, the services. */
function foldersWith(root: string, dir: string, file: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(root, dir, entry.name, file)))
    .map((entry) => entry.name)
    .sort();
}

export interface ConfigOptions {
  /** Where decap-server listens: Decap's local backend. */
  proxyUrl: string;
}

/** The whole Decap configuration for the content under `root`. */
export function editorConfig(root: string, { proxyUrl }: ConfigOptions): EditorConfig {
  const forceSchema = readJson(path.join(root, "forces/force.schema.json"));
  const themeSchema = readJson(path.join(root, "themes/theme.schema.json"));
  const serviceSchema = readJson(path.join(root, "content/services/service.schema.json"));
  const pageSchema = readJson(path.join(root, "content/pages/page.schema.json"));
  const defaults = readJson(path.join(root, "forces", defaultsFile));
  const services = foldersWith(root, "content/services", "service.json");
  const themes = foldersWith(root, "themes", "theme.json");
  const forceFiles = readdirSync(path.join(root, "forces")).filter((f) => f.endsWith(".json") && f !== defaultsFile && !f.endsWith(".schema.json")).sort();

  // A force's file holds only what differs from forces/_defaults.json, so what the defaults give is not required;
  // nor is the theme, which lib/forces/load.ts takes to be the force's id when a file leaves it out.
  const forceFields = objectFields(forceSchema, { root: forceSchema, choices: new Map([["services.off", services]]), depth: 0, at: "" }, new Set([...Object.keys(defaults), "theme"]));
  const forceName = (file: string) => (readJson(path.join(root, "forces", file)).name as string | undefined) ?? file;
  const themeFields = objectFields(themeSchema, { root: themeSchema, choices: new Map(), depth: 0, at: "" }).map((field) => (field.name.endsWith("Colour") ? { ...field, widget: "contrast-colour" } : field));
  const serviceFields = objectFields(serviceSchema, { root: serviceSchema, choices: new Map(), depth: 0, at: "" });
  const en = readJson(path.join(root, "content/locales/en.json"));

  return {
    backend: { name: "proxy", proxy_url: proxyUrl, branch: "main" },
    local_backend: { url: proxyUrl, allowed_hosts: ["localhost", "127.0.0.1"] },
    load_config_file: false,
    media_folder: "themes",
    public_folder: "/themes",
    site_url: "/",
    collections: [
      pagesCollection(root, "pages", "Shared pages", "content/pages", pageSchema, "Guidance every force publishes. Each English page is listed beside its Welsh twin; a Welsh page whose English changed after it is marked ⚠."),
      { ...pagesCollection(root, "outcomes", "Outcomes", "content/outcomes", pageSchema, "Where triage sends someone: call 999, Report Fraud, the council…"), label_singular: "Outcome" },
      {
        name: "locales",
        label: "UI strings",
        description: "Every piece of interface text. English is the reference: Welsh must have exactly its keys.",
        format: "json",
        files: ["en", "cy"].map((lang) => ({ name: lang, label: lang === "en" ? "English" : "Cymraeg (Welsh)", file: `content/locales/${lang}.json`, fields: [{ name: "$schema", label: "Schema", widget: "hidden", required: false }, ...localeFields(en)] })),
      },
      {
        name: "forces",
        label: "Forces",
        description: "Each force's record: contact numbers, languages, theme, and the national services it switches off. What a force leaves out comes from forces/_defaults.json.",
        format: "json",
        files: forceFiles.map((file) => ({ name: file.replace(/\.json$/, ""), label: forceName(file), file: `forces/${file}`, fields: forceFields })),
      },
      pagesCollection(root, "force-pages", "Force pages", "forces", pageSchema, "A force's own pages, which replace the shared page of the same name on its site."),
      {
        name: "themes",
        label: "Themes",
        description: "How each force's site looks. Colours are checked against WCAG 2.2 AA as you choose them.",
        format: "json",
        files: themes.map((id) => ({ name: id, label: (readJson(path.join(root, "themes", id, "theme.json")).name as string | undefined) ?? id, file: `themes/${id}/theme.json`, fields: themeFields.map((field) => (field.name === "logo" ? withLogoUpload(field, id) : field)) })),
      },
      {
        name: "services",
        label: "Services",
        description: "Each report form: its steps, questions, options and routes.",
        format: "json",
        files: services.map((id) => ({ name: id, label: ((readJson(path.join(root, "content/services", id, "service.json")).title as { en?: string } | undefined)?.en) ?? id, file: `content/services/${id}/service.json`, fields: serviceFields })),
      },
    ],
  };
}

/** A logo's SVG file is uploaded into the theme's own folder, and named there. */
function withLogoUpload(field: DecapField, themeId: string): DecapField {
  return {
    ...field,
    fields: field.fields!.map((f) => (f.name === "svg" ? { ...f, widget: "file", media_folder: `/themes/${themeId}`, public_folder: "", choose_url: false, hint: `${f.hint ?? ""} Upload it here; it is kept in themes/${themeId}/.`.trim() } : f)),
  };
}

/** Every field name, at any depth, under a list of fields (and under each of a list's types). */
export function fieldNames(fields: DecapField[]): Set<string> {
  const names = new Set<string>();
  const walk = (list: DecapField[]) => {
    for (const field of list) {
      names.add(field.name);
      if (field.fields) walk(field.fields);
      if (field.field) walk([field.field]);
      if (field.types) walk(field.types);
    }
  };
  walk(fields);
  return names;
}
