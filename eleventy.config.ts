import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Locales } from "./lib/i18n/locales.ts";
import { createEnvironment } from "./lib/render/environment.ts";
import { loadSite } from "./lib/site/load.ts";
import { planSite } from "./lib/site/plan.ts";

/**
 * Thin wiring only. Content is read and checked by lib/site (the same code `npm run check` runs),
 * planned into one view per page, and written by the templates in content/routes/.
 * `root` is the folder holding content/, forces/ and themes/ (tests build copies of it).
 */
export function configureSite(root: string) {
  return function (eleventyConfig: any) {
    eleventyConfig.setInputDirectory(path.join(root, "content"));
    eleventyConfig.setIncludesDirectory("_includes");
    // Only content/routes/*.njk are Eleventy templates; Markdown and JSON under content/ are data read by lib/.
    eleventyConfig.setTemplateFormats("njk");
    for (const watched of ["forces", "themes", "content", "lib"]) eleventyConfig.addWatchTarget(path.join(root, watched));
    eleventyConfig.setQuietMode(true);

    let locales: Locales | undefined;
    const env = createEnvironment(root, () => locales!);
    eleventyConfig.setLibrary("njk", env);
    // Read afresh on every build, so `npm run dev` picks up any edit; a ContentError stops the build.
    eleventyConfig.addGlobalData("plan", () => {
      const site = loadSite(root);
      locales = site.locales;
      return planSite(site, env);
    });
  };
}

export default configureSite(path.dirname(fileURLToPath(import.meta.url)));
