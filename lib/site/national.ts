/**
 * The national site, which belongs to no force: the front door (find your force, then every force A to Z), its
 * accessibility statement, privacy notice and cookies page, and the answers "find your force" gives, in English
 * and Welsh. The lookup's form is also offered on a force's "another force" outcome.
 */
import { forceName, type Force } from "../forces/load.ts";
import type { Language } from "../i18n/language.ts";
import { translate } from "../i18n/locales.ts";
import { text } from "../services/types.ts";
import { outcomesOf, forceBase, serviceUrl, type Alternate, type AssetNames, type BodyRenderer, type NationalView } from "./plan.ts";
import type { Site } from "./load.ts";

export const nationalLanguages: Language[] = ["en", "cy"];
/** The outcome that says "report it to the force where it happened": it offers the lookup. */
export const findForceOutcome = "another-force";

export function nationalBase(lang: Language): string {
  return lang === "en" ? "/" : `/${lang}/`;
}

/** Where the lookup's forms go (the service answers them: a static site cannot read a form) and its answers are. */
export const findForcePaths = {
  area: "/find-your-force/area/",
  postcode: "/find-your-force/postcode/",
  /** The answer: the force, its site, and the service the person was using there. */
  result: (lang: Language, force: string, service?: string) => `${nationalBase(lang)}find-your-force/${force}/${service ? `${service}/` : ""}`,
  /** The council list on its own: where a postcode that cannot be looked up leads. */
  councilArea: (lang: Language, service?: string) => `${nationalBase(lang)}find-your-force/council-area/${service ? `${service}/` : ""}`,
};

/** What the lookup's form needs: the council areas A to Z, where it posts, and the files it loads with JavaScript. */
export interface FindForceView {
  lang: Language;
  service?: string;
  areas: { code: string; name: string; force: string }[];
  areaAction: string;
  postcodeAction: string;
  /** The answer's address for a force id, for the script: ends in /, with the force id where "{force}" is. */
  resultPattern: string;
  councilAreaUrl: string;
  forces: Record<string, string>;
}

/** The services whose triage can send someone to another force: the lookup on their outcome brings them back to it there. */
export function findForceServices(site: Site) {
  const ids = new Set<string>();
  return [...site.servicesByForce.values()].flat().filter((d) => outcomesOf(d).includes(findForceOutcome) && !ids.has(d.id) && ids.add(d.id));
}

export function findForceView(site: Site, lang: Language, service?: string): FindForceView {
  return {
    lang,
    service,
    areas: site.geography.areas,
    areaAction: findForcePaths.area,
    postcodeAction: findForcePaths.postcode,
    resultPattern: findForcePaths.result(lang, "{force}", service),
    councilAreaUrl: findForcePaths.councilArea(lang, service),
    forces: Object.fromEntries(site.forces.map((f) => [f.id, forceName(f, lang)])),
  };
}

/** A force's site in a language: its Welsh site where it has one, else its English one. */
function forceSite(force: Force, lang: Language): string {
  return forceBase(force, force.languages.includes(lang) ? lang : "en");
}

/** Every page of the national site, in English and Welsh. */
export function nationalViews(site: Site, names: AssetNames, renderBody: BodyRenderer): NationalView[] {
  const views: NationalView[] = [];
  const pair = (url: (l: Language) => string, lang: Language): Alternate[] => nationalLanguages.map((l) => ({ lang: l, url: url(l), current: l === lang }));
  for (const lang of nationalLanguages) {
    const strings = site.locales[lang];
    const common = { lang, base: nationalBase(lang), assets: names.shared, alternates: [] as Alternate[], forces: [] as NationalView["forces"] };
    const forces = site.forces.map((f) => ({ id: f.id, name: forceName(f, lang), url: forceSite(f, lang) })).sort((a, b) => a.name.localeCompare(b.name, lang));
    views.push({
      ...common,
      url: nationalBase(lang),
      title: strings["findYourForce.title"],
      description: strings["findYourForce.intro"],
      layout: "national",
      alternates: pair(nationalBase, lang),
      forces,
      findForce: findForceView(site, lang),
    });
    for (const page of site.national.filter((p) => p.lang === lang)) {
      views.push({
        ...common,
        url: `${nationalBase(lang)}${page.slug}/`,
        title: page.title,
        description: page.description,
        layout: "page",
        alternates: pair((l) => `${nationalBase(l)}${page.slug}/`, lang),
        bodyHtml: renderBody(page.file, page.body, { base: nationalBase(lang), lang }),
      });
    }
    for (const service of [undefined, ...findForceServices(site)]) {
      const serviceTitle = service && text(service.title, lang);
      views.push({
        ...common,
        url: findForcePaths.councilArea(lang, service?.id),
        title: strings["findYourForce.councilAreaTitle"],
        description: strings["findYourForce.postcodeFallback"],
        layout: "find-force",
        alternates: pair((l) => findForcePaths.councilArea(l, service?.id), lang),
        findForce: findForceView(site, lang, service?.id),
        serviceTitle,
      });
      for (const force of site.forces.filter((f) => site.geography.areas.some((a) => a.force === f.id))) {
        const offers = !service || (site.servicesByForce.get(force.id) ?? []).some((d) => d.id === service.id);
        if (!offers) continue;
        const name = forceName(force, lang);
        const serviceLang = force.languages.includes(lang) ? lang : "en";
        views.push({
          ...common,
          url: findForcePaths.result(lang, force.id, service?.id),
          title: translate(strings, "findYourForce.resultTitle", { force: name }),
          description: translate(strings, "findYourForce.resultTitle", { force: name }),
          layout: "find-force",
          alternates: pair((l) => findForcePaths.result(l, force.id, service?.id), lang),
          result: {
            force: { id: force.id, name, url: forceSite(force, lang) },
            service: service && { title: serviceTitle!, url: serviceUrl(force, serviceLang, service.id) },
            again: service ? findForcePaths.councilArea(lang, service.id) : `${nationalBase(lang)}#find-your-force`,
          },
        });
      }
    }
  }
  return views;
}
