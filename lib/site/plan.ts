import nunjucks from "nunjucks";
import { forceName, forceNameInText, type Force } from "../forces/load.ts";
import type { Language } from "../i18n/language.ts";
import { outcomeOf, outcomeUrl } from "../triage/outcome.ts";
import type { PageSource } from "../pages/load.ts";
import { renderMarkdown } from "../render/markdown.ts";
import type { ServiceDefinition } from "../services/types.ts";
import { text } from "../services/types.ts";
import { reachableSteps, serviceKey } from "../services/sites.ts";
import { stepView, type StepView } from "../services/views.ts";
import type { Asset, SharedAssets, ThemeAssets } from "./assets.ts";
import { everyService } from "./catalogue.ts";
import type { Site } from "./load.ts";
import { findForceOutcome, findForceView, nationalViews, type FindForceView } from "./national.ts";

/** The same page in another language, for the language switch and hreflang links. */
export interface Alternate {
  lang: Language;
  url: string;
  current: boolean;
}

/** Everything a layout needs to render one page of one force. The service builds the same shape. */
export interface ForceView {
  url: string;
  lang: Language;
  force: Force;
  forceName: string;
  /** This force's site root in this language: "/kent/" or "/gwent/cy/". */
  base: string;
  /** The force's English site root, for links that have no Welsh page. */
  forceRoot: string;
  /** The force's track my report page in this language (the footer links to it). */
  trackUrl: string;
  title: string;
  description: string;
  layout: string;
  bodyHtml: string;
  alternates: Alternate[];
  assets: SharedAssets;
  theme: Omit<ThemeAssets, "logo"> & { logo: { wordmark: string } | { url: string; alt: string }; colour: string };
  /** The hub: the services this force offers, under what people came to do (Report, Request, Apply, Pay, Feedback). */
  serviceGroups?: HubGroup[];
  /** Pages of a service: its start page and steps (layout "step") and its outcomes (layout "outcome"). */
  service?: ServiceView;
  step?: StepView;
  backUrl?: string;
  /** The "find your force" form (on the outcome that sends someone to another force). */
  findForce?: FindForceView;
}

/** One group of the hub: its heading and its services, the force's first choices first, then the most used. */
export interface HubGroup {
  id: string;
  title: string;
  services: { id: string; url: string; title: string; summary: string }[];
}

export interface ServiceView {
  id: string;
  title: string;
  url: string;
  sensitive: boolean;
  /** The module that validates its steps in the browser. */
  script: string;
  /** The start page's introduction (Markdown rendered), shown above the first question. */
  startHtml?: string;
}

/** A page of the national site (lib/site/national.ts), which belongs to no force. */
export interface NationalView {
  url: string;
  lang: Language;
  /** "/" or "/cy/". */
  base: string;
  title: string;
  description: string;
  layout: "national" | "page" | "find-force";
  assets: SharedAssets;
  alternates: Alternate[];
  /** The front door's A to Z. */
  forces: { id: string; name: string; url: string }[];
  bodyHtml?: string;
  findForce?: FindForceView;
  /** The service the person was using, on the council list that brings them back to it. */
  serviceTitle?: string;
  /** The answer of "find your force". */
  result?: { force: { id: string; name: string; url: string }; service?: { title: string; url: string }; again: string };
}

export interface BuildPlan {
  views: ForceView[];
  national: NationalView[];
  assets: Asset[];
}

export function forceBase(force: Force, lang: Language): string {
  return lang === "en" ? `/${force.id}/` : `/${force.id}/${lang}/`;
}

export function pageUrl(force: Force, lang: Language, slug: string): string {
  return forceBase(force, lang) + (slug ? `${slug}/` : "");
}

export function serviceUrl(force: Force, lang: Language, serviceId: string): string {
  return `${forceBase(force, lang)}report/${serviceId}/`;
}

/** Where a person follows a report they made to this force: /<force>/track/, in Welsh /<force>/cy/dilyn/ (the service answers it). */
export function trackUrl(force: Force, lang: Language): string {
  return `${forceBase(force, lang)}${lang === "cy" ? "dilyn" : "track"}/`;
}

/** A step's address: the first step is the service's start page. */
export function stepUrl(force: Force, lang: Language, definition: ServiceDefinition, stepId: string): string {
  return serviceUrl(force, lang, definition.id) + (definition.steps[0].id === stepId ? "" : `${stepId}/`);
}

/** The outcome pages a service links to, each once. */
export function outcomesOf(definition: ServiceDefinition): string[] {
  const ids = definition.steps.flatMap((s) => (s.routes ?? []).map((r) => outcomeOf(r.goTo))).filter((id): id is string => id !== undefined);
  return [...new Set(ids)];
}

/** The outcomes marked `emergency: true` (call 999): a route to one is followed before the rest of its page is checked. */
export function emergencyOutcomes(site: Pick<Site, "outcomes">): Set<string> {
  return new Set(site.outcomes.filter((o) => o.emergency).map((o) => o.slug));
}

/** The asset names every view links to: shared files, each theme's, and each service's browser module. */
export interface AssetNames {
  shared: SharedAssets;
  themes: Map<string, ThemeAssets>;
  scripts: Map<string, string>;
  /** Each service's ajv standalone validators, the module its script loads; the service runs the same code. */
  validators: Map<string, string>;
}

/** What a force's views show of its theme. */
export type ThemeView = ForceView["theme"];

/** Renders a page body (Markdown with Nunjucks expressions), compiling each file's template once. */
export type BodyRenderer = (file: string, source: string, context: object) => string;

export function bodyRenderer(env: nunjucks.Environment): BodyRenderer {
  const compiled = new Map<string, { source: string; template: nunjucks.Template }>();
  return (file, source, context) => {
    let entry = compiled.get(file);
    // Keyed by file but checked against the source, so a long-lived renderer (npm run dev) sees edits.
    if (!entry || entry.source !== source) {
      entry = { source, template: new nunjucks.Template(source, env, file) };
      compiled.set(file, entry);
    }
    return renderMarkdown(entry.template.render(context));
  };
}

/** Every file the site needs besides its pages: compiles the stylesheet and bundles the browser code. */
export async function planAssets(site: Site): Promise<{ names: AssetNames; files: Asset[] }> {
  // Sass and esbuild are loaded only to build: the service and the up-to-date check never need them.
  const { browserCodeKey, findForceAssets, sharedAssets, themeAssets } = await import("./assets.ts");
  const { serviceScripts } = await import("./service-script.ts");
  const base = await sharedAssets(site.root);
  const finder = await findForceAssets(site.geography.boundaries);
  const shared = { urls: { ...base.urls, ...finder.urls }, files: [...base.files, ...finder.files] };
  const files: Asset[] = [...shared.files];
  const scripts = new Map<string, string>();
  const validatorModules = new Map<string, string>();
  const codeKey = browserCodeKey();
  const emergencies = emergencyOutcomes(site);
  // One browser module per service, shared by every force that offers it.
  for (const definition of everyService(site)) {
    const { script, validators, upload } = await serviceScripts(definition, site.locales, emergencies, codeKey);
    files.push(script, validators);
    if (upload && !files.some((f) => f.url === upload.url)) files.push(upload);
    scripts.set(serviceKey(definition), script.url);
    validatorModules.set(definition.id, validators.url);
  }
  const themes = new Map<string, ThemeAssets>();
  // Only the themes some force wears are published.
  for (const theme of new Set(site.forces.map((f) => site.themes.get(f.theme)!))) {
    const themed = themeAssets(theme);
    themes.set(theme.id, themed.urls);
    files.push(...themed.files);
  }
  return { names: { shared: shared.urls, themes, scripts, validators: validatorModules }, files };
}

export function themeView(site: Site, force: Force, names: AssetNames): ThemeView {
  const theme = site.themes.get(force.theme)!;
  const urls = names.themes.get(force.theme)!;
  const logo = "svg" in theme.logo ? { url: urls.logo!, alt: theme.logo.alt } : { wordmark: theme.logo.wordmark };
  return { stylesheet: urls.stylesheet, favicon: urls.favicon, logo, colour: theme.colours.header };
}

function commonView(force: Force, lang: Language, names: AssetNames, theme: ThemeView) {
  const name = forceName(force, lang);
  const base = forceBase(force, lang);
  return {
    common: { lang, force, forceName: name, base, forceRoot: forceBase(force, "en"), trackUrl: trackUrl(force, lang), assets: names.shared, theme },
    context: textContext(force, lang),
  };
}

/**
 * What Markdown in pages, outcomes and definitions may name ({{ forceName }}, {{ base }}, {{ force.contact… }},
 * {% if "wales" in force.countries %}): the force's name as it reads in a sentence.
 */
export function textContext(force: Force, lang: Language) {
  return { force, forceName: forceNameInText(force, lang), base: forceBase(force, lang), lang };
}

/** What every page of a force in one language shares (its name, root, assets and theme): a page the service makes adds the rest. */
export type ForceFrame = ReturnType<typeof commonView>["common"];
export function forceFrame(force: Force, lang: Language, names: AssetNames, theme: ThemeView): ForceFrame {
  return commonView(force, lang, names, theme).common;
}

/** A force's own and shared pages (home, hub, guidance), in every language it publishes. */
export function forcePageViews(site: Site, force: Force, names: AssetNames, theme: ThemeView, renderBody: BodyRenderer): ForceView[] {
  const pages = site.pagesByForce.get(force.id) ?? [];
  const services = site.servicesByForce.get(force.id) ?? [];
  return pages.map((page) => {
    const { common, context } = commonView(force, page.lang, names, theme);
    return {
      ...common,
      url: pageUrl(force, page.lang, page.slug),
      title: page.title,
      description: page.description,
      layout: page.layout,
      bodyHtml: renderBody(page.file, page.body, context),
      alternates: force.languages.length > 1 ? alternates(force, pages, page) : [],
      serviceGroups: page.layout === "hub" ? hubGroups(site, force, services, page.lang) : undefined,
    };
  });
}

/**
 * The hub's groups, in content/services/categories.json's order, each with the services the force offers in it
 * (only groups with some): first those the force lists in services.first, in its order; then by category, most
 * used first; then by the definition's hubOrder (unnumbered after numbered); then A to Z by title.
 */
export function hubGroups(site: Pick<Site, "groups" | "categories">, force: Force, services: ServiceDefinition[], lang: Language): HubGroup[] {
  const categoryIndex = new Map(site.categories.map((c, i) => [c.id, i]));
  const groupOf = new Map(site.categories.map((c) => [c.id, c.group]));
  const first = force.services?.first ?? [];
  const rank = (d: ServiceDefinition) => {
    const chosen = first.indexOf(d.id);
    return [chosen < 0 ? first.length : chosen, categoryIndex.get(d.category) ?? site.categories.length, d.hubOrder ?? Number.MAX_SAFE_INTEGER];
  };
  const byRank = (a: ServiceDefinition, b: ServiceDefinition) => {
    const [ra, rb] = [rank(a), rank(b)];
    const i = ra.findIndex((value, k) => value !== rb[k]);
    return i >= 0 ? ra[i] - rb[i] : text(a.title, lang)!.localeCompare(text(b.title, lang)!, lang);
  };
  return site.groups
    .map((group) => ({
      id: group.id,
      title: text(group.label, lang)!,
      services: services
        .filter((d) => groupOf.get(d.category) === group.id)
        .sort(byRank)
        .map((d) => ({ id: d.id, url: serviceUrl(force, lang, d.id), title: text(d.title, lang)!, summary: text(d.summary, lang)! })),
    }))
    .filter((group) => group.services.length);
}

/** One service's start page, steps and outcomes for one force in one language. */
export function serviceViews(site: Site, force: Force, lang: Language, definition: ServiceDefinition, names: AssetNames, theme: ThemeView, renderBody: BodyRenderer): ForceView[] {
  const { common, context } = commonView(force, lang, names, theme);
  const strings = site.locales[lang];
  const languagePair = (url: (l: Language) => string) => (force.languages.length > 1 ? force.languages.map((l) => ({ lang: l, url: url(l), current: l === lang })) : []);
  const service: ServiceView = {
    id: definition.id,
    title: text(definition.title, lang)!,
    url: serviceUrl(force, lang, definition.id),
    sensitive: definition.sensitive,
    script: names.scripts.get(serviceKey(definition))!,
  };
  // Only the steps its routes lead to on this force's kind of site (lib/services/sites.ts).
  const steps = reachableSteps(definition);
  const views: ForceView[] = steps.map((step, i) => {
    const isStart = i === 0;
    const view = stepView(definition, step, lang, strings, {}, [], isStart);
    return {
      ...common,
      url: stepUrl(force, lang, definition, step.id),
      title: isStart ? service.title : view.heading,
      description: text(definition.summary, lang)!,
      layout: "step",
      bodyHtml: "",
      alternates: languagePair((l) => stepUrl(force, l, definition, step.id)),
      service: isStart && definition.start ? { ...service, startHtml: renderBody(`${definition.id}:start:${lang}`, text(definition.start, lang)!, context) } : service,
      step: view,
      backUrl: isStart ? `${common.base}report/` : stepUrl(force, lang, definition, steps[i - 1].id),
    };
  });
  for (const outcomeId of outcomesOf(definition)) {
    const outcome = site.outcomes.find((o) => o.slug === outcomeId && o.lang === lang) ?? site.outcomes.find((o) => o.slug === outcomeId)!;
    views.push({
      ...common,
      url: outcomeUrl(service.url, outcomeId),
      title: outcome.title,
      description: outcome.description,
      layout: "outcome",
      bodyHtml: renderBody(outcome.file, outcome.body, context),
      alternates: languagePair((l) => outcomeUrl(serviceUrl(force, l, definition.id), outcomeId)),
      service,
      findForce: outcomeId === findForceOutcome ? findForceView(site, lang, definition.id) : undefined,
    });
  }
  return views;
}

/** The languages a force publishes its services in: those it has a home page in. */
export function serviceLanguages(site: Site, force: Force): Language[] {
  return (site.pagesByForce.get(force.id) ?? []).filter((p) => p.slug === "").map((p) => p.lang);
}

/** Plans every page of every force: which file serves it, at which URL, in which branding. */
export async function planSite(site: Site, env: nunjucks.Environment, assets?: { names: AssetNames; files: Asset[] }): Promise<BuildPlan> {
  const { names, files } = assets ?? (await planAssets(site));
  const renderBody = bodyRenderer(env);
  const views: ForceView[] = [];
  for (const force of site.forces) {
    const theme = themeView(site, force, names);
    views.push(...forcePageViews(site, force, names, theme, renderBody));
    for (const lang of serviceLanguages(site, force)) {
      for (const definition of site.servicesByForce.get(force.id) ?? []) views.push(...serviceViews(site, force, lang, definition, names, theme, renderBody));
    }
  }
  return { views, national: nationalViews(site, names, renderBody), assets: files };
}

function alternates(force: Force, pages: PageSource[], page: PageSource): Alternate[] {
  return force.languages
    .filter((lang) => pages.some((p) => p.slug === page.slug && p.lang === lang))
    .map((lang) => ({ lang, url: pageUrl(force, lang, page.slug), current: lang === page.lang }));
}
