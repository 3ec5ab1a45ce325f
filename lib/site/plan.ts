import nunjucks from "nunjucks";
import { forceName, type Force, type Language } from "../forces/load.ts";
import type { PageSource } from "../pages/load.ts";
import { renderMarkdown } from "../render/markdown.ts";
import { sharedAssets, themeAssets, type Asset, type SharedAssets, type ThemeAssets } from "./assets.ts";
import type { Site } from "./load.ts";

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

/** Plans every page of every force: which file serves it, at which URL, in which branding. */
export function planSite(site: Site, env: nunjucks.Environment): BuildPlan {
  const shared = sharedAssets(site.root);
  const assets: Asset[] = [...shared.files];
  const compiledBodies = new Map<string, nunjucks.Template>();
  const views: ForceView[] = [];

  for (const force of site.forces) {
    const theme = site.themes.get(force.theme)!;
    const themed = themeAssets(theme);
    if (!assets.some((a) => a.url === themed.urls.stylesheet)) assets.push(...themed.files);
    const logo = "svg" in theme.logo ? { url: themed.urls.logo!, alt: theme.logo.alt } : { wordmark: theme.logo.wordmark };
    const pages = site.pagesByForce.get(force.id) ?? [];

    for (const page of pages) {
      const name = forceName(force, page.lang);
      const base = forceBase(force, page.lang);
      let template = compiledBodies.get(page.file);
      if (!template) {
        template = new nunjucks.Template(page.body, env, page.file);
        compiledBodies.set(page.file, template);
      }
      const body = template.render({ force, forceName: name, base, lang: page.lang });
      views.push({
        url: pageUrl(force, page.lang, page.slug),
        lang: page.lang,
        force,
        forceName: name,
        base,
        forceRoot: forceBase(force, "en"),
        title: page.title,
        description: page.description,
        layout: page.layout,
        bodyHtml: renderMarkdown(body),
        alternates: force.languages.length > 1 ? alternates(force, pages, page) : [],
        assets: shared.urls,
        theme: { ...themed.urls, logo, colour: theme.colours.header },
      });
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
