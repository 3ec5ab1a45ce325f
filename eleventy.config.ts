import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Locales } from "./lib/i18n/locales.ts";
import { createEnvironment } from "./lib/render/environment.ts";
import { loadSite } from "./lib/site/load.ts";
import { planSite } from "./lib/site/plan.ts";

const root = path.dirname(fileURLToPath(import.meta.url));

/**
 * Thin wiring only. Content is read and checked by lib/site (the same code `npm run check` runs),
 * planned into one view per page, and written by the templates in content/routes/.
 */
export default function (eleventyConfig: any) {
  eleventyConfig.setInputDirectory("content");
  eleventyConfig.setIncludesDirectory("_includes");
  for (const data of ["pages", "locales", "services", "outcomes"]) eleventyConfig.ignores.add(`content/${data}/**`);
  for (const watched of ["forces/", "themes/", "content/", "lib/"]) eleventyConfig.addWatchTarget(watched);
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
}
