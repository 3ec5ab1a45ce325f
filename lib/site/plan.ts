import nunjucks from "nunjucks";
import { forceName, type Force, type Language } from "../forces/load.ts";
import type { PageSource } from "../pages/load.ts";
import { renderMarkdown } from "../render/markdown.ts";
import type { ServiceDefinition } from "../services/types.ts";
import { text } from "../services/types.ts";
import { stepView, type StepView } from "../services/views.ts";
import { sharedAssets, themeAssets, type Asset, type SharedAssets, type ThemeAssets } from "./assets.ts";
import type { Site } from "./load.ts";
import { serviceScripts } from "./service-script.ts";

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
  title: string;
  description: string;
  layout: string;
  bodyHtml: string;
  alternates: Alternate[];
  assets: SharedAssets;
  theme: Omit<ThemeAssets, "logo"> & { logo: { wordmark: string } | { url: string; alt: string }; colour: string };
  /** The hub: the services this force offers. */
  services?: { url: string; title: string; summary: string }[];
  /** Pages of a service: its start page and steps (layout "step") and its outcomes (layout "outcome"). */
  service?: ServiceView;
  step?: StepView;
  backUrl?: string;
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

export interface NationalView {
  url: string;
  lang: Language;
  title: string;
  description: string;
  layout: "national";
  assets: SharedAssets;
  forces: { id: string; name: string; url: string }[];
}

export interface BuildPlan {
  views: ForceView[];
  national: NationalView;
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

/** A step's address: the first step is the service's start page. */
export function stepUrl(force: Force, lang: Language, definition: ServiceDefinition, stepId: string): string {
  return serviceUrl(force, lang, definition.id) + (definition.steps[0].id === stepId ? "" : `${stepId}/`);
}

function outcomesOf(definition: ServiceDefinition): string[] {
  const ids = definition.steps.flatMap((s) => (s.routes ?? []).map((r) => r.goTo)).filter((g) => g.startsWith("outcome:"));
  return [...new Set(ids.map((g) => g.slice("outcome:".length)))];
}

/** The outcomes marked `emergency: true` (call 999): a route to one is followed before the rest of its page is checked. */
export function emergencyOutcomes(site: Pick<Site, "outcomes">): Set<string> {
  return new Set(site.outcomes.filter((o) => o.emergency).map((o) => o.slug));
}

/** Plans every page of every force: which file serves it, at which URL, in which branding. */
export async function planSite(site: Site, env: nunjucks.Environment): Promise<BuildPlan> {
  const shared = sharedAssets(site.root);
  const assets: Asset[] = [...shared.files];
  const compiledBodies = new Map<string, nunjucks.Template>();
  const renderBody = (file: string, source: string, context: object) => {
    let template = compiledBodies.get(file);
    if (!template) {
      template = new nunjucks.Template(source, env, file);
      compiledBodies.set(file, template);
    }
    return renderMarkdown(template.render(context));
  };
  const views: ForceView[] = [];

  // One browser module per service, shared by every force that offers it.
  const scripts = new Map<string, string>();
  const everyService = new Map([...site.servicesByForce.values()].flat().map((d) => [d.id, d]));
  const emergencies = emergencyOutcomes(site);
  for (const definition of everyService.values()) {
    const { script, validators } = await serviceScripts(definition, site.locales, emergencies);
    assets.push(script, validators);
    scripts.set(definition.id, script.url);
  }

  for (const force of site.forces) {
    const theme = site.themes.get(force.theme)!;
    const themed = themeAssets(theme);
    if (!assets.some((a) => a.url === themed.urls.stylesheet)) assets.push(...themed.files);
    const logo = "svg" in theme.logo ? { url: themed.urls.logo!, alt: theme.logo.alt } : { wordmark: theme.logo.wordmark };
    const pages = site.pagesByForce.get(force.id) ?? [];

    for (const page of pages) {
      const name = forceName(force, page.lang);
      const base = forceBase(force, page.lang);
      const common = { lang: page.lang, force, forceName: name, base, forceRoot: forceBase(force, "en"), assets: shared.urls, theme: { ...themed.urls, logo, colour: theme.colours.header } };
      const context = { force, forceName: name, base, lang: page.lang };
      const services = site.servicesByForce.get(force.id) ?? [];
      views.push({
        ...common,
        url: pageUrl(force, page.lang, page.slug),
        title: page.title,
        description: page.description,
        layout: page.layout,
        bodyHtml: renderBody(page.file, page.body, context),
        alternates: force.languages.length > 1 ? alternates(force, pages, page) : [],
        services:
          page.layout === "hub"
            ? services.map((d) => ({ url: serviceUrl(force, page.lang, d.id), title: text(d.title, page.lang)!, summary: text(d.summary, page.lang)! }))
            : undefined,
      });
      if (page.slug !== "") continue;

      // Each service this force offers, in this language: its start page, its steps and its outcomes.
      for (const definition of services) {
        const lang = page.lang;
        const strings = site.locales[lang];
        const languagePair = (url: (l: Language) => string) => (force.languages.length > 1 ? force.languages.map((l) => ({ lang: l, url: url(l), current: l === lang })) : []);
        const service: ServiceView = {
          id: definition.id,
          title: text(definition.title, lang)!,
          url: serviceUrl(force, lang, definition.id),
          sensitive: definition.sensitive,
          script: scripts.get(definition.id)!,
        };
        definition.steps.forEach((step, i) => {
          const isStart = i === 0;
          const view = stepView(definition, step, lang, strings, {}, [], isStart);
          views.push({
            ...common,
            url: stepUrl(force, lang, definition, step.id),
            title: isStart ? service.title : view.heading,
            description: text(definition.summary, lang)!,
            layout: "step",
            bodyHtml: "",
            alternates: languagePair((l) => stepUrl(force, l, definition, step.id)),
            service: isStart && definition.start ? { ...service, startHtml: renderBody(`${definition.id}:start:${lang}`, text(definition.start, lang)!, context) } : service,
            step: view,
            backUrl: isStart ? `${base}report/` : stepUrl(force, lang, definition, definition.steps[i - 1].id),
          });
        });
        for (const outcomeId of outcomesOf(definition)) {
          const outcome = site.outcomes.find((o) => o.slug === outcomeId && o.lang === lang) ?? site.outcomes.find((o) => o.slug === outcomeId)!;
          views.push({
            ...common,
            url: `${service.url}outcome/${outcomeId}/`,
            title: outcome.title,
            description: outcome.description,
            layout: "outcome",
            bodyHtml: renderBody(outcome.file, outcome.body, context),
            alternates: languagePair((l) => `${serviceUrl(force, l, definition.id)}outcome/${outcomeId}/`),
            service,
          });
        }
      }
    }
  }

  const national: NationalView = {
    url: "/",
    lang: "en",
    title: site.locales.en["findYourForce.title"],
    description: site.locales.en["findYourForce.intro"],
    layout: "national",
    assets: shared.urls,
    forces: site.forces.map((f) => ({ id: f.id, name: f.name, url: forceBase(f, "en") })),
  };
  return { views, national, assets };
}

function alternates(force: Force, pages: PageSource[], page: PageSource): Alternate[] {
  return force.languages
    .filter((lang) => pages.some((p) => p.slug === page.slug && p.lang === lang))
    .map((lang) => ({ lang, url: pageUrl(force, lang, page.slug), current: lang === page.lang }));
}
