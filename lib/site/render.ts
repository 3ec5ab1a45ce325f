import type nunjucks from "nunjucks";
import type { Force, Language } from "../forces/load.ts";
import type { ServiceDefinition } from "../services/types.ts";
import type { Site } from "./load.ts";
import { forceSitemaps, siteUrl } from "./sitemap.ts";
import { bodyRenderer, forcePageViews, nationalView, serviceLanguages, serviceViews, themeView, type AssetNames, type BodyRenderer, type ForceView, type ThemeView } from "./plan.ts";

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

/** A copy of a value with every string (but the languages published, which decide the shape) replaced by a marker. */
function markStrings(value: unknown, leaves: string[], key = ""): unknown {
  if (typeof value === "string") {
    leaves.push(value);
    return `${open}${leaves.length - 1}${close}`;
  }
  if (Array.isArray(value)) return key === "languages" ? value : value.map((v) => markStrings(v, leaves));
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, markStrings(v, leaves, k)]));
  return value;
}

/** The same walk as markStrings, collecting a real force's strings in marker order; and its shape. */
function stringsOf(value: unknown, leaves: string[], key = ""): string {
  if (typeof value === "string") {
    leaves.push(value);
    return "s";
  }
  if (Array.isArray(value)) return key === "languages" ? JSON.stringify(value) : `[${value.map((v) => stringsOf(v, leaves)).join(",")}]`;
  if (value && typeof value === "object") return `{${Object.entries(value).map(([k, v]) => `${k}:${stringsOf(v, leaves, k)}`).join(",")}}`;
  return JSON.stringify(value);
}

interface Stencil {
  pages: RenderedPage[];
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
  const renderBody = bodyRenderer(env);
  const pages: RenderedPage[] = [{ url: "/", html: renderView(env, nationalView(site, names)) }];
  const stencils = new Map<ServiceDefinition, Map<string, Stencil>>();

  for (const force of site.forces) {
    const theme = themeView(site, force, names);
    for (const view of forcePageViews(site, force, names, theme, renderBody)) pages.push({ url: view.url, html: renderView(env, view) });
    const leaves: string[] = [];
    const shape = stringsOf({ force, theme }, leaves);
    // A detail with characters HTML escapes could be written escaped or not depending on where it lands; such a
    // force's pages are rendered one by one. (No force has one today.)
    const stampable = !leaves.some((leaf) => escapable.test(leaf));
    for (const lang of serviceLanguages(site, force)) {
      for (const definition of site.servicesByForce.get(force.id) ?? []) {
        if (!stampable) {
          for (const view of serviceViews(site, force, lang, definition, names, theme, renderBody)) pages.push({ url: view.url, html: renderView(env, view) });
          continue;
        }
        const byShape = stencils.get(definition) ?? new Map<string, Stencil>();
        stencils.set(definition, byShape);
        const key = `${lang}|${shape}`;
        let stencil = byShape.get(key);
        if (!stencil) {
          stencil = { pages: stencilPages(site, env, force, theme, lang, definition, names, renderBody) };
          byShape.set(key, stencil);
        }
        const stamped = stencil.pages.map((page) => ({ url: stamp(page.url, leaves), html: stamp(page.html, leaves) }));
        if (stamped.every((page) => page.url !== undefined && page.html !== undefined)) pages.push(...(stamped as RenderedPage[]));
        else for (const view of serviceViews(site, force, lang, definition, names, theme, renderBody)) pages.push({ url: view.url, html: renderView(env, view) });
      }
    }
    progress(pages.length);
  }
  for (const sitemap of forceSitemaps(site.forces, pages.map((page) => page.url), siteUrl())) pages.push({ url: sitemap.url, html: sitemap.xml });
  return pages;
}

function stencilPages(site: Site, env: nunjucks.Environment, force: Force, theme: ThemeView, lang: Language, definition: ServiceDefinition, names: AssetNames, renderBody: BodyRenderer): RenderedPage[] {
  const marked = markStrings({ force, theme }, []) as { force: Force; theme: ThemeView };
  return serviceViews(site, marked.force, lang, definition, names, marked.theme, renderBody).map((view: ForceView) => ({ url: view.url, html: renderView(env, view) }));
}
