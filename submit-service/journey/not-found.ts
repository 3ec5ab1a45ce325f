import { readFileSync } from "node:fs";
import path from "node:path";
import type { Context } from "hono";
import { renderMarkdown } from "../../lib/render/markdown.ts";
import type { ServiceSite } from "../site.ts";

/** The force a path is under, in the language of its folder: "/gwent/cy/…" → Gwent's Welsh site root. */
const forceFolder = /^\/([a-z-]+)\/(?:(cy)\/)?/;

/**
 * "Page not found" in the site the person was on: a force's own branded page (content/pages/404.md) in the
 * language of the folder, with its navigation (the page the build wrote for it), or else the national one.
 */
export function notFoundPage(site: ServiceSite, siteDir: string) {
  // Read once each: the keys are the forces' own folders (known ids), never what was asked for.
  const built = new Map<string, string | undefined>();
  const builtPage = (folder: string) => {
    if (!built.has(folder)) {
      try {
        built.set(folder, readFileSync(path.join(siteDir, folder, "404", "index.html"), "utf8"));
      } catch {
        built.set(folder, undefined);
      }
    }
    return built.get(folder);
  };
  const national = () => {
    const strings = site.locales.en;
    const anyPage = site.views.values().next().value;
    const body = `${renderMarkdown(strings["safety.notFoundBody"])}<p class="govuk-body"><a class="govuk-link" href="/">${strings["safety.notFoundFindForce"]}</a></p>`;
    return { url: "/404/", lang: "en", title: strings["safety.notFoundTitle"], description: strings["safety.notFoundTitle"], layout: "page", bodyHtml: body, assets: anyPage?.assets, alternates: [] };
  };
  return (c: Context) => {
    if (c.req.method !== "GET" && c.req.method !== "HEAD") return c.text("There is nothing here to post to.", 404);
    const match = forceFolder.exec(c.req.path);
    const force = match ? site.forces.get(match[1]) : undefined;
    const lang = match?.[2] && force?.languages.includes("cy") ? "cy" : "en";
    c.header("Cache-Control", "no-store");
    const page = force ? builtPage(`${force.id}${lang === "cy" ? "/cy" : ""}`) : undefined;
    if (page) return c.html(page, 404);
    const view = (force && site.views.get(`/${force.id}/${lang === "cy" ? "cy/" : ""}404/`)) || national();
    return c.html(site.env.render(`layouts/${view.layout}.njk`, { view: { ...view, alternates: [] } }), 404);
  };
}
