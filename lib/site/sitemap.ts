/**
 * A sitemap (sitemaps.org protocol 0.9) for each force: every page the build makes under /<force>/ — its own and
 * shared pages, its services' step and outcome pages, in each language it publishes — but the "page not found"
 * page, at /<force>/sitemap.xml.
 * Search engines read it, and `npm run a11y` walks it with pa11y-ci.
 *
 * A sitemap's addresses must be absolute, and the build does not know where the site will be served: SITE_URL
 * says (the origin, with a path prefix if the site sits under one), defaulting to http://localhost:8080, where
 * `npm start` serves it. Every force's site is served from one origin, under /<force>/.
 */
import type { Force } from "../forces/load.ts";
import { pageUrl } from "./plan.ts";

export const defaultSiteUrl = "http://localhost:8080";

/** The origin (and optional prefix) addresses start with, from SITE_URL; a wrong one stops the build with what to write. */
export function siteUrl(value: string | undefined = process.env.SITE_URL): string {
  if (value === undefined || value === "") return defaultSiteUrl;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`SITE_URL must be the address the site is served from, such as https://report.police.example, not "${value}"`);
  }
  if ((url.protocol !== "https:" && url.protocol !== "http:") || url.search || url.hash || url.username) {
    throw new Error(`SITE_URL must be an http or https address with no query, fragment or user name, not "${value}"`);
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}

const escapeXml = (text: string) => text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c]!);

/** One sitemap per force, from the site-relative URLs of the pages built ("/kent/", "/kent/contact-us/"). */
export function forceSitemaps(forces: Force[], urls: Iterable<string>, base: string): { url: string; xml: string }[] {
  const all = [...urls];
  return forces.map((force) => {
    const prefix = `/${force.id}/`;
    const notFound = new Set(force.languages.map((lang) => pageUrl(force, lang, "404")));
    const own = all.filter((url) => url.startsWith(prefix) && url.endsWith("/") && !notFound.has(url)).sort();
    const entries = own.map((url) => `  <url><loc>${escapeXml(base + encodeURI(url))}</loc></url>`).join("\n");
    return { url: `${prefix}sitemap.xml`, xml: `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${entries}\n</urlset>\n` };
  });
}
