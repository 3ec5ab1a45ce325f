import { createHash } from "node:crypto";
import { reachableSteps } from "../services/sites.ts";
import { readFileSync } from "node:fs";
import path from "node:path";
import type nunjucks from "nunjucks";
import type { Force, Language } from "../forces/load.ts";
import type { Locales } from "../i18n/locales.ts";
import type { ServiceDefinition } from "../services/types.ts";
import { codeRoot } from "./bundle.ts";
import { packageVersion, treeHash } from "./cache.ts";
import type { Site } from "./load.ts";
import { forceSitemaps, siteUrl } from "./sitemap.ts";
import { outcomeUrl } from "../triage/outcome.ts";
import { nationalViews } from "./national.ts";
import { bodyRenderer, forcePageViews, outcomesOf, pageUrl, serviceLanguages, serviceUrl, serviceViews, stepUrl, themeView, type AssetNames, type BodyRenderer, type ForceView, type ThemeView } from "./plan.ts";

/** One written page: its URL and its HTML. */
export interface RenderedPage {
  url: string;
  html: string;
}

export function renderView(env: nunjucks.Environment, view: { layout: string }): string {
  return env.render(`layouts/${view.layout}.njk`, { view });
}

/*
 * A service's step and outcome pages are the same for every force that offers it but for the force's own
 * details (name, id in URLs, contact numbers, theme files). So they are rendered once per service, language
 * and "shape" of force (which languages it publishes, which optional fields it has, logo or wordmark) with
 * every such detail replaced by a marker, and each force's copy is stamped from that stencil. This turns
 * some 6,700 renders into a few hundred; tests compare stamped pages with pages rendered one by one.
 */
const open = "\uE000";
const close = "\uE001";
const marker = /\uE000(\d+)\uE001/g;
// Markdown links are percent-encoded by markdown-it, markers in them too.
const encodedMarker = /%EE%80%80(\d+)%EE%80%81/g;
const urlSafe = /^[A-Za-z0-9\-._~/:]*$/;
const escapable = /[&"'<>\\]/;

/**
 * Lists a page may test rather than print (the languages published; the nations policed, which decide the
 * helplines a page gives): they are part of a stencil's shape, not markers.
 */
const shapeLists = new Set(["languages", "countries"]);
/** Likewise a field a page may test: what the force covers (an area, or the railway), which decides its triage and outcomes' words. */
const shapeFields = new Set(["covers"]);

/** A copy of a value with every string (but those of shapeLists and shapeFields) replaced by a marker. */
function markStrings(value: unknown, leaves: string[], key = ""): unknown {
  if (typeof value === "string" && shapeFields.has(key)) return value;
  if (typeof value === "string") {
    leaves.push(value);
    return `${open}${leaves.length - 1}${close}`;
  }
  if (Array.isArray(value)) return shapeLists.has(key) ? value : value.map((v) => markStrings(v, leaves));
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, markStrings(v, leaves, k)]));
  return value;
}

/** The same walk as markStrings, collecting a real force's strings in marker order; and its shape. */
function stringsOf(value: unknown, leaves: string[], key = ""): string {
  if (typeof value === "string" && shapeFields.has(key)) return JSON.stringify(value);
  if (typeof value === "string") {
    leaves.push(value);
    return "s";
  }
  if (Array.isArray(value)) return shapeLists.has(key) ? JSON.stringify(value) : `[${value.map((v) => stringsOf(v, leaves)).join(",")}]`;
  if (value && typeof value === "object") return `{${Object.entries(value).map(([k, v]) => `${k}:${stringsOf(v, leaves, k)}`).join(",")}}`;
  return JSON.stringify(value);
}

/** A force's copy of a stencil, or undefined when a template transformed a marker in a way stamping cannot undo. */
function stamp(text: string, leaves: string[]): string | undefined {
  let unsafe = false;
  const stamped = text
    .replace(marker, (_, index: string) => leaves[Number(index)])
    .replace(encodedMarker, (_, index: string) => {
      const leaf = leaves[Number(index)];
      // Percent-encoding leaves these characters as they are; anything else, render the page itself.
      if (!urlSafe.test(leaf)) unsafe = true;
      return leaf;
    });
  if (unsafe || stamped.includes(open) || stamped.includes(close) || /%EE%80%8[01]/i.test(stamped)) return undefined;
  return stamped;
}

/** Renders every page of every force, stamping service pages from stencils. Calls `progress` as pages are made. */
export function renderSite(site: Site, env: nunjucks.Environment, names: AssetNames, progress: (done: number) => void = () => {}): RenderedPage[] {
  const pages: RenderedPage[] = [];
  for (const group of pageGroups(site, env, names, "")) {
    pages.push(...group.render());
    if (group.last) progress(pages.length);
  }
  return pages;
}

/**
 * Pages made from the same inputs, with a key that is a hash of all of them, so a build can tell, without
 * rendering, which pages an edit can have changed: a page whose key is the last build's is the last build's page.
 * The key is a hash of the very views the layouts are given (with each Markdown body replaced by a hash of its
 * source and context), plus what every page is rendered with: the layouts, the strings, the code and the
 * libraries (`renderInputsKey`). So there is no list of what depends on what to keep up to date.
 */
export interface PageGroup {
  key: string;
  render: () => RenderedPage[];
  /** The last group of a force (for progress). */
  last?: boolean;
}

const digest = (...parts: string[]) => {
  const hash = createHash("sha1");
  for (const part of parts) hash.update(part).update("\0");
  return hash.digest("base64url");
};

/** Everything every page is rendered with besides its view: layouts, strings, the code that makes views, the libraries. */
export function renderInputsKey(root: string, locales: Locales): string {
  const govuk = readFileSync(path.join(root, "node_modules", "govuk-frontend", "package.json"), "utf8");
  return digest("pages-1", treeHash(root, ["content/_includes"], /./), treeHash(codeRoot, ["lib"], /\.ts$/), govuk, packageVersion("nunjucks"), packageVersion("markdown-it"), JSON.stringify(locales));
}

/** Stands in for the body renderer when only a key is wanted: the body's source and context, hashed. */
const bodyKey: BodyRenderer = (file, source, context) => digest(file, source, JSON.stringify(context));

/** Every page of the site in groups, each with its key; nothing is rendered until a group's `render` is called. */
export function pageGroups(site: Site, env: nunjucks.Environment, names: AssetNames, inputsKey: string): PageGroup[] {
  const renderBody = bodyRenderer(env);
  const keyOf = (...parts: unknown[]) => digest(inputsKey, ...parts.map((part) => JSON.stringify(part)));
  const groups: PageGroup[] = nationalViews(site, names, renderBody).map((view) => ({ key: keyOf(view), render: () => [{ url: view.url, html: renderView(env, view) }] }));
  const stencils = new Map<ServiceDefinition, Map<string, { key: string; pages?: RenderedPage[] }>>();

  for (const force of site.forces) {
    const theme = themeView(site, force, names);
    // A force page's body (its only Markdown) is rendered only if the page is.
    const bodies = new Map<string, () => string>();
    const deferredBody: BodyRenderer = (file, source, context) => {
      const token = `${open}${bodyKey(file, source, context)}${close}`;
      bodies.set(token, () => renderBody(file, source, context));
      return token;
    };
    for (const keyed of forcePageViews(site, force, names, theme, deferredBody)) {
      groups.push({
        key: keyOf(keyed),
        render: () => {
          const view: ForceView = { ...keyed, bodyHtml: bodies.get(keyed.bodyHtml)!() };
          const html = renderView(env, view);
          if (html.includes(open)) throw new Error(`${keyed.url}: a Markdown body outside bodyHtml was not rendered (lib/site/render.ts)`);
          return [{ url: keyed.url, html }];
        },
      });
    }
    const leaves: string[] = [];
    const shape = stringsOf({ force, theme }, leaves);
    // A detail with characters HTML escapes could be written escaped or not depending on where it lands; such a
    // force's pages are rendered one by one. (No force has one today.)
    const stampable = !leaves.some((leaf) => escapable.test(leaf));
    const leavesKey = JSON.stringify(leaves);
    for (const lang of serviceLanguages(site, force)) {
      for (const definition of site.servicesByForce.get(force.id) ?? []) {
        const oneByOne = () => serviceViews(site, force, lang, definition, names, theme, renderBody).map((view) => ({ url: view.url, html: renderView(env, view) }));
        if (!stampable) {
          groups.push({ key: keyOf(serviceViews(site, force, lang, definition, names, theme, bodyKey)), render: oneByOne });
          continue;
        }
        const byShape = stencils.get(definition) ?? new Map<string, { key: string; pages?: RenderedPage[] }>();
        stencils.set(definition, byShape);
        const shapeKey = `${lang}|${shape}`;
        let stencil = byShape.get(shapeKey);
        if (!stencil) {
          const marked = markStrings({ force, theme }, []) as { force: Force; theme: ThemeView };
          stencil = { key: keyOf(serviceViews(site, marked.force, lang, definition, names, marked.theme, bodyKey)) };
          byShape.set(shapeKey, stencil);
        }
        const made = stencil;
        groups.push({
          key: digest(made.key, shapeKey, leavesKey),
          render: () => {
            made.pages ??= stencilPages(site, env, force, theme, lang, definition, names, renderBody);
            const stamped = made.pages.map((page) => ({ url: stamp(page.url, leaves), html: stamp(page.html, leaves) }));
            return stamped.every((page) => page.url !== undefined && page.html !== undefined) ? (stamped as RenderedPage[]) : oneByOne();
          },
        });
      }
    }
    groups[groups.length - 1].last = true;
  }
  // Each force's sitemap.xml lists every page address the groups above make.
  const urls = [...pagesOnDemand(site, env, names).keys()];
  const base = siteUrl();
  groups.push({ key: keyOf("sitemaps", urls, base), render: () => forceSitemaps(site.forces, urls, base).map((sitemap) => ({ url: sitemap.url, html: sitemap.xml })) });
  return groups;
}

/**
 * Every page's URL with a way to render it now, for `npm run dev`: nothing is planned until a page is asked for,
 * and then only its force's pages or its service's pages in its language (the same views the build renders).
 */
export function pagesOnDemand(site: Site, env: nunjucks.Environment, names: AssetNames): Map<string, () => string> {
  const renderBody = bodyRenderer(env);
  const national = (() => {
    let views: ReturnType<typeof nationalViews> | undefined;
    return () => (views ??= nationalViews(site, names, renderBody));
  })();
  const pages = new Map<string, () => string>(nationalViews(site, names, () => "").map((view) => [view.url, () => renderView(env, national().find((v) => v.url === view.url)!)]));
  const once = <T>(make: () => T) => {
    let made: T | undefined;
    return () => (made ??= make());
  };
  const pick = (views: () => ForceView[], url: string) => () => renderView(env, views().find((view) => view.url === url)!);
  for (const force of site.forces) {
    const theme = once(() => themeView(site, force, names));
    const own = once(() => forcePageViews(site, force, names, theme(), renderBody));
    for (const page of site.pagesByForce.get(force.id) ?? []) {
      const url = pageUrl(force, page.lang, page.slug);
      pages.set(url, pick(own, url));
    }
    for (const lang of serviceLanguages(site, force)) {
      for (const definition of site.servicesByForce.get(force.id) ?? []) {
        const views = once(() => serviceViews(site, force, lang, definition, names, theme(), renderBody));
        const urls = [...reachableSteps(definition).map((step) => stepUrl(force, lang, definition, step.id)), ...outcomesOf(definition).map((id) => outcomeUrl(serviceUrl(force, lang, definition.id), id))];
        for (const url of urls) pages.set(url, pick(views, url));
      }
    }
  }
  return pages;
}

function stencilPages(site: Site, env: nunjucks.Environment, force: Force, theme: ThemeView, lang: Language, definition: ServiceDefinition, names: AssetNames, renderBody: BodyRenderer): RenderedPage[] {
  const marked = markStrings({ force, theme }, []) as { force: Force; theme: ThemeView };
  return serviceViews(site, marked.force, lang, definition, names, marked.theme, renderBody).map((view: ForceView) => ({ url: view.url, html: renderView(env, view) }));
}
