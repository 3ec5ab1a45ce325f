/**
 * The editor's preview of an entry that is not saved yet: the content on disk with that one page (a shared
 * page, a force's own page or an outcome) replaced by what is in the editor, rendered by the project's own
 * plan and templates (lib/site/plan.ts, lib/site/render.ts, lib/render/environment.ts) for a chosen force and
 * language, exactly as the preview and the build render it.
 */
import path from "node:path";
import type { Force } from "../lib/forces/load.ts";
import type { Language } from "../lib/i18n/language.ts";
import type { PageSource } from "../lib/pages/load.ts";
import { createEnvironment } from "../lib/render/environment.ts";
import { formatProblem, type Problem } from "../lib/schema/problems.ts";
import { validateAgainst } from "../lib/schema/validate.ts";
import { contrastProblems, resolveColours } from "../lib/themes/colours.ts";
import { readSite, type Site } from "../lib/site/load.ts";
import { bodyRenderer, forcePageViews, pageUrl, planAssets, serviceLanguages, serviceUrl, serviceViews, themeView, type AssetNames } from "../lib/site/plan.ts";
import { renderView } from "../lib/site/render.ts";
import { outcomeUrl } from "../lib/triage/outcome.ts";

export interface RenderRequest {
  /** The file the entry is saved to, project-relative: content/pages/contact-us.md. */
  file: string;
  /** The entry's front matter fields and its body, as the editor holds them. */
  data: Record<string, unknown>;
  force?: string;
  lang?: Language;
}

export type Rendered = { ok: true; html: string; url: string } | { ok: false; status: number; problems: string[] };

/** The asset files the last render linked to, served by the editor beside the page. */
export const renderedAssets = new Map<string, string>();

/** content/pages/advice/emergency.cy.md → { slug: "advice/emergency", lang: "cy" }. */
function pageOf(file: string): { folder: "pages" | "outcomes" | "force"; force?: string; slug: string; lang: Language } | undefined {
  const match = /^(?:content\/(pages|outcomes)|forces\/([a-z0-9-]+)\/pages)\/([a-z0-9-]+(?:\/[a-z0-9-]+)*?)(\.cy)?\.md$/.exec(file);
  if (!match) return undefined;
  const relative = match[3];
  const slug = relative === "index" ? "" : relative.replace(/\/index$/, "");
  return { folder: match[1] ? (match[1] as "pages" | "outcomes") : "force", force: match[2], slug, lang: match[4] ? "cy" : "en" };
}

function replaced(pages: PageSource[], page: PageSource): PageSource[] {
  const key = (p: PageSource) => `${p.lang}:${p.slug}`;
  return [...pages.filter((p) => key(p) !== key(page)), page];
}

/** Renders the unsaved page for one force and language; problems in the entry are named as the check names them. */
export async function renderEntry(root: string, request: RenderRequest): Promise<Rendered> {
  const themeId = /^themes\/([a-z0-9]+(?:-[a-z0-9]+)*)\/theme\.json$/.exec(request.file)?.[1];
  if (themeId) return renderTheme(root, themeId, request);
  const where = pageOf(request.file);
  if (!where) return { ok: false, status: 400, problems: [`${request.file}: (file) — the editor previews pages and outcomes; this file is previewed after it is saved`] };
  const { body, ...frontMatter } = request.data;
  const problems: Problem[] = validateAgainst(path.join(root, "content/pages/page.schema.json"), request.file, frontMatter).map((p) => ({ ...p, field: `front matter ${p.field.replace(/^\//, "")}`.trim() }));
  if (typeof body !== "string") problems.push({ file: request.file, field: "body", message: "is missing" });
  else if (/^#\s/m.test(body)) problems.push({ file: request.file, field: "body", message: "has a level-1 heading (# …); the title is the page's only h1, so start at ##" });
  if (problems.length) return { ok: false, status: 422, problems: problems.map(formatProblem) };

  const { site, problems: siteProblems } = readSite(root);
  const otherProblems = siteProblems.filter((p) => p.file !== request.file);
  if (otherProblems.length) return { ok: false, status: 409, problems: otherProblems.map(formatProblem) };
  const fields = frontMatter as { title: string; description: string; layout?: PageSource["layout"]; emergency?: boolean };
  const page: PageSource = { slug: where.slug, lang: where.lang, file: request.file, title: fields.title, description: fields.description, layout: fields.layout ?? "page", emergency: fields.emergency === true, body: body as string };

  const forceId = where.force ?? request.force;
  const force = site.forces.find((f) => f.id === forceId) ?? site.forces.find((f) => f.languages.includes(request.lang ?? where.lang)) ?? site.forces[0];
  const lang = force.languages.includes(where.lang) ? where.lang : "en";
  if (lang !== where.lang) return { ok: false, status: 422, problems: [`${force.name} does not publish in Welsh: choose a bilingual force to preview ${request.file}`] };

  const env = createEnvironment(root, () => site.locales);
  const assets = await planAssets(site);
  renderedAssets.clear();
  for (const file of assets.files) renderedAssets.set(file.url, file.content);
  const theme = themeView(site, force, assets.names);
  const renderBody = bodyRenderer(env);

  if (where.folder === "outcomes") {
    const edited: Site = { ...site, outcomes: replaced(site.outcomes, page) };
    return outcomePage(edited, force, lang, where.slug, assets.names, env, renderBody);
  }
  // A force with its own page of this name is shown the shared page in its place, as the page being edited.
  const pages = replaced(site.pagesByForce.get(force.id) ?? [], page);
  const edited: Site = { ...site, pagesByForce: new Map([...site.pagesByForce, [force.id, pages]]) };
  const url = pageUrl(force, lang, where.slug);
  const view = forcePageViews(edited, force, assets.names, theme, renderBody).find((v) => v.url === url);
  if (!view) return { ok: false, status: 404, problems: [`${force.name} has no page at ${url}`] };
  return { ok: true, url, html: renderView(env, view) };

}

/** A force's home page in a theme as it is in the editor: its colours checked by the same gate as the build's. */
async function renderTheme(root: string, id: string, request: RenderRequest): Promise<Rendered> {
  const { $schema: _schema, ...data } = request.data as Record<string, unknown> & { brandColour?: string; logo?: { wordmark?: string } };
  const problems = validateAgainst(path.join(root, "themes/theme.schema.json"), request.file, data);
  if (!problems.length) problems.push(...contrastProblems(request.file, data as { brandColour: string }));
  if (problems.length) return { ok: false, status: 422, problems: problems.map(formatProblem) };
  const { site, problems: siteProblems } = readSite(root);
  const saved = site.themes.get(id);
  const otherProblems = siteProblems.filter((p) => p.file !== request.file);
  if (otherProblems.length || !saved) return { ok: false, status: 409, problems: otherProblems.length ? otherProblems.map(formatProblem) : [`${request.file}: (file) — save the theme once to preview it`] };
  const force = site.forces.find((f) => f.id === request.force && f.theme === id) ?? site.forces.find((f) => f.theme === id);
  if (!force) return { ok: false, status: 404, problems: [`no force wears the theme "${id}", so it has no page to preview`] };
  // The logo's wordmark follows the editor; an SVG logo is shown as saved (an upload is saved at once).
  const logo = data.logo?.wordmark && "wordmark" in saved.logo ? { wordmark: data.logo.wordmark } : saved.logo;
  const edited: Site = { ...site, themes: new Map([...site.themes, [id, { ...saved, colours: resolveColours(data as { brandColour: string }), logo }]]) };
  const env = createEnvironment(root, () => site.locales);
  const assets = await planAssets(edited);
  renderedAssets.clear();
  for (const file of assets.files) renderedAssets.set(file.url, file.content);
  const lang: Language = request.lang === "cy" && force.languages.includes("cy") ? "cy" : "en";
  const url = pageUrl(force, lang, "");
  const view = forcePageViews(edited, force, assets.names, themeView(edited, force, assets.names), bodyRenderer(env)).find((v) => v.url === url);
  return view ? { ok: true, url, html: renderView(env, view) } : { ok: false, status: 404, problems: [`${force.name} has no page at ${url}`] };
}

/** An outcome is shown inside a service that leads to it: the first the force offers. */
function outcomePage(site: Site, force: Force, lang: Language, id: string, names: AssetNames, env: ReturnType<typeof createEnvironment>, renderBody: ReturnType<typeof bodyRenderer>): Rendered {
  if (!serviceLanguages(site, force).includes(lang)) return { ok: false, status: 422, problems: [`${force.name} publishes no services in this language`] };
  const theme = themeView(site, force, names);
  for (const definition of site.servicesByForce.get(force.id) ?? []) {
    const url = outcomeUrl(serviceUrl(force, lang, definition.id), id);
    const view = serviceViews(site, force, lang, definition, names, theme, renderBody).find((v) => v.url === url);
    if (view) return { ok: true, url, html: renderView(env, view) };
  }
  return { ok: false, status: 404, problems: [`no service ${force.name} offers leads to the outcome "${id}", so it has no page to preview`] };
}
