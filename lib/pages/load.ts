import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import matter from "gray-matter";
import type { Language } from "../i18n/language.ts";
import { excerpt } from "../schema/excerpt.ts";
import { mergeMisspellings, type Problem } from "../schema/problems.ts";
import { validateAgainst } from "../schema/validate.ts";

export interface PageSource {
  /** Path below the site root without slashes at the ends: "" (home), "report", "advice/emergency". */
  slug: string;
  lang: Language;
  /** Project-relative file path, for error messages. */
  file: string;
  title: string;
  description: string;
  layout: "page" | "home" | "hub" | "search";
  /** An outcome that means danger (call 999): routes to it are followed before the rest of a page is checked. */
  emergency: boolean;
  /** Markdown with Nunjucks expressions ({{ forceName }}, {{ base }} …). */
  body: string;
  /** A bilingual force's own English page that says the shared Welsh page stands beside it. */
  sharedWelsh?: true;
}

function markdownFiles(dir: string, prefix = ""): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) return markdownFiles(path.join(dir, entry.name), relative);
    return entry.name.endsWith(".md") ? [relative] : [];
  });
}

function slugAndLang(relative: string): { slug: string; lang: Language } {
  const lang: Language = relative.endsWith(".cy.md") ? "cy" : "en";
  const withoutExtension = relative.replace(/(\.cy)?\.md$/, "");
  const slug = withoutExtension === "index" ? "" : withoutExtension.replace(/\/index$/, "");
  return { slug, lang };
}

/** js-yaml's words for the mistakes editors make most, said plainly. */
const yamlMeanings: [string, string][] = [
  ["incomplete explicit mapping pair", "a second colon on one line: put the value in double quotes (description: \"Call us: 101\")"],
  ["bad indentation", "the indentation does not line up: start each field at the beginning of its line"],
  ["duplicated mapping key", "this field is given twice"],
  ["end of the stream or a document separator is expected", "this line is not a field (name: value); if it continues the line above, put that value in double quotes"],
  ["unexpected end of the stream within a", "a quote is opened but not closed"],
];

/** A front matter (YAML) mistake, at its line in the file: js-yaml counts from the end of the opening --- line. */
function yamlProblem(file: string, source: string, error: unknown): Problem {
  const { reason, mark } = error as { reason?: string; mark?: { line: number; column: number } };
  const words = reason ?? (error as Error).message;
  const meaning = yamlMeanings.find(([said]) => words.startsWith(said))?.[1] ?? words;
  if (!mark) return { file, field: "front matter", message: `is not valid YAML: ${meaning}` };
  const line = mark.line + 1;
  const column = mark.column + 1;
  return { file, field: `front matter, line ${line}, column ${column}`, message: `is not valid YAML: ${meaning}`, excerpt: excerpt(source, line, column) };
}

/**
 * Reads every page in one folder (content/pages or forces/<id>/pages), front matter validated. Pages that are
 * there but could not be read are listed in `unreadable`, so their twins are not also reported as missing one.
 */
export function loadPages(root: string, folder: string): { pages: PageSource[]; problems: Problem[]; unreadable: Pick<PageSource, "slug" | "lang">[] } {
  const schema = path.join(root, "content", "pages", "page.schema.json");
  const pages: PageSource[] = [];
  const problems: Problem[] = [];
  const unreadable: Pick<PageSource, "slug" | "lang">[] = [];
  for (const relative of markdownFiles(path.join(root, folder)).sort()) {
    const file = `${folder}/${relative}`;
    if (!/^[a-z0-9-]+(\/[a-z0-9-]+)*(\.cy)?\.md$/.test(relative)) {
      problems.push({ file, field: "", message: "file names must be lower-case words joined by hyphens, ending .md (English) or .cy.md (Welsh)" });
      continue;
    }
    let parsed: matter.GrayMatterFile<string>;
    const source = readFileSync(path.join(root, file), "utf8");
    try {
      parsed = matter(source);
    } catch (error) {
      problems.push(yamlProblem(file, source, error));
      unreadable.push(slugAndLang(relative));
      continue;
    }
    const invalid = mergeMisspellings(validateAgainst(schema, file, parsed.data)).map((p) => ({ ...p, field: `front matter ${p.field.replace(/^\//, "")}`.trim() }));
    if (invalid.length) {
      problems.push(...invalid);
      unreadable.push(slugAndLang(relative));
      continue;
    }
    const data = parsed.data as { title: string; description: string; layout?: PageSource["layout"]; emergency?: boolean; sharedWelsh?: true };
    if (/^#\s/m.test(parsed.content)) {
      problems.push({ file, field: "body", message: "has a level-1 heading (# …); the title is the page's only h1, so start at ##" });
      unreadable.push(slugAndLang(relative));
      continue;
    }
    pages.push({ ...slugAndLang(relative), file, title: data.title, description: data.description, layout: data.layout ?? "page", emergency: data.emergency === true, body: parsed.content, ...(data.sharedWelsh && { sharedWelsh: true as const }) });
  }
  return { pages, problems, unreadable };
}

/**
 * A bilingual force's own English page replaces the shared one; the shared Welsh page would then say something
 * else beside it. So the override needs its own Welsh twin, or says in its front matter that the shared Welsh
 * page stands (`sharedWelsh: true`). Unreadable pages are left to their own message.
 */
export function overrideTwinProblems(forceName: string, bilingual: boolean, local: PageSource[], localUnreadable: Pick<PageSource, "slug" | "lang">[], shared: PageSource[]): Problem[] {
  const problems: Problem[] = [];
  const has = (pages: Pick<PageSource, "slug" | "lang">[], slug: string, lang: string) => pages.some((p) => p.slug === slug && p.lang === lang);
  for (const page of local) {
    if (page.lang !== "en") continue;
    const twin = `${page.file.replace(/\.md$/, ".cy.md")}`;
    if (!bilingual) {
      if (page.sharedWelsh) problems.push({ file: page.file, field: "front matter sharedWelsh", message: `is only for bilingual forces; ${forceName} publishes in English only, so remove it` });
      continue;
    }
    const ownTwin = has(local, page.slug, "cy") || has(localUnreadable, page.slug, "cy");
    if (page.sharedWelsh && ownTwin) problems.push({ file: page.file, field: "front matter sharedWelsh", message: `says the shared Welsh page stands, but ${twin} replaces it: remove one of them` });
    else if (!page.sharedWelsh && !ownTwin && has(shared, page.slug, "cy")) {
      problems.push({ file: page.file, field: "", message: `replaces the shared English page, but ${forceName} would still show the shared Welsh one beside it: add ${twin}, or put "sharedWelsh: true" in this page's front matter if the shared Welsh page stands` });
    }
  }
  return problems;
}
