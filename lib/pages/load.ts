import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import matter from "gray-matter";
import type { Language } from "../i18n/language.ts";
import type { Problem } from "../schema/problems.ts";
import { validateAgainst } from "../schema/validate.ts";

export interface PageSource {
  /** Path below the site root without slashes at the ends: "" (home), "report", "advice/emergency". */
  slug: string;
  lang: Language;
  /** Project-relative file path, for error messages. */
  file: string;
  title: string;
  description: string;
  layout: "page" | "home" | "hub";
  /** An outcome that means danger (call 999): routes to it are followed before the rest of a page is checked. */
  emergency: boolean;
  /** Markdown with Nunjucks expressions ({{ forceName }}, {{ base }} …). */
  body: string;
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

/** Reads every page in one folder (content/pages or forces/<id>/pages), front matter validated. */
export function loadPages(root: string, folder: string): { pages: PageSource[]; problems: Problem[] } {
  const schema = path.join(root, "content", "pages", "page.schema.json");
  const pages: PageSource[] = [];
  const problems: Problem[] = [];
  for (const relative of markdownFiles(path.join(root, folder)).sort()) {
    const file = `${folder}/${relative}`;
    if (!/^[a-z0-9-]+(\/[a-z0-9-]+)*(\.cy)?\.md$/.test(relative)) {
      problems.push({ file, field: "", message: "file names must be lower-case words joined by hyphens, ending .md (English) or .cy.md (Welsh)" });
      continue;
    }
    let parsed: matter.GrayMatterFile<string>;
    try {
      parsed = matter(readFileSync(path.join(root, file), "utf8"));
    } catch (error) {
      const reason = (error as { reason?: string; mark?: { line: number } });
      const where = reason.mark ? ` at line ${reason.mark.line + 2}` : "";
      problems.push({ file, field: "front matter", message: `is not valid YAML${where}: ${reason.reason ?? (error as Error).message}` });
      continue;
    }
    const invalid = validateAgainst(schema, file, parsed.data).map((p) => ({ ...p, field: `front matter ${p.field.replace(/^\//, "")}`.trim() }));
    if (invalid.length) {
      problems.push(...invalid);
      continue;
    }
    const data = parsed.data as { title: string; description: string; layout?: PageSource["layout"]; emergency?: boolean };
    if (/^#\s/m.test(parsed.content)) {
      problems.push({ file, field: "body", message: "has a level-1 heading (# …); the title is the page's only h1, so start at ##" });
      continue;
    }
    pages.push({ ...slugAndLang(relative), file, title: data.title, description: data.description, layout: data.layout ?? "page", emergency: data.emergency === true, body: parsed.content });
  }
  return { pages, problems };
}
