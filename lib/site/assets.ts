import { readFileSync } from "node:fs";
import path from "node:path";
import type { ForceBoundaries } from "../geography/point-in-polygon.ts";
import * as esbuild from "esbuild";
import { browserBundle, codeRoot } from "./bundle.ts";
import { cached, cacheKey, packageVersion, treeHash } from "./cache.ts";
import { compileSharedStylesheet, themeStylesheet } from "../themes/css.ts";
import { fingerprint } from "./fingerprint.ts";
import { drawnFavicon, type Theme } from "../themes/load.ts";

/** A file the build writes as it is: stylesheets, scripts, logos. Names carry a content hash. */
export interface Asset {
  url: string;
  content: string;
}

export interface SharedAssets {
  stylesheet: string;
  script: string;
  /** For the national pages, which belong to no force. */
  favicon: string;
  /** "Find your force" (lib/browser/find-force.ts), only on the pages that have its form. */
  findForce: string;
  /** alphagov's accessible-autocomplete, which that script loads once the page is ready, and its stylesheet. */
  autocomplete: string;
  autocompleteStylesheet: string;
  /** The force boundaries, fetched only when someone asks to use their location. */
  boundaries: string;
  /** Site search (lib/browser/search.ts), only on a force's search page. */
  search: string;
}

export interface ThemeAssets {
  stylesheet: string;
  favicon: string;
  logo?: string;
}

function hashed(directory: string, name: string, extension: string, content: string): Asset {
  return { url: `${directory}/${name}.${fingerprint(content)}.${extension}`, content };
}

/** Browser code is made from lib/ and the pinned libraries: the part of every bundle's cache key they give. */
export function browserCodeKey(): string {
  return cacheKey(treeHash(codeRoot, ["lib"], /\.ts$/), packageVersion("esbuild"), packageVersion("govuk-frontend"), packageVersion("ajv"), packageVersion("tus-js-client"));
}

/** "Find your force": its script, the autocomplete it loads, the autocomplete's stylesheet and the boundaries (JSON); and site search's script. */
export async function findForceAssets(boundaries: ForceBoundaries): Promise<{ urls: Pick<SharedAssets, "findForce" | "autocomplete" | "autocompleteStylesheet" | "boundaries" | "search">; files: Asset[] }> {
  const key = cacheKey(browserCodeKey(), packageVersion("accessible-autocomplete"));
  const script = hashed("/assets", "find-force", "js", await cached("find-force-js", key, () => esbuild.buildSync({ ...browserBundle, external: ["/assets/*"], entryPoints: [path.join(codeRoot, "lib", "browser", "find-force.ts")] }).outputFiles[0].text));
  const autocompleteSource = await cached("autocomplete-js", key, () => esbuild.buildSync({ ...browserBundle, stdin: { contents: 'export { default } from "accessible-autocomplete";', resolveDir: codeRoot, loader: "js" } }).outputFiles[0].text);
  const autocomplete = hashed("/assets", "accessible-autocomplete", "js", autocompleteSource);
  const css = readFileSync(path.join(codeRoot, "node_modules", "accessible-autocomplete", "dist", "accessible-autocomplete.min.css"), "utf8").replace(/\n?\/\*# sourceMappingURL=.*?\*\/\s*$/, "");
  const stylesheet = hashed("/assets", "accessible-autocomplete", "css", css);
  const geojson = hashed("/assets/geography", "force-areas", "json", JSON.stringify(boundaries));
  // Site search's script: it loads the force's Pagefind index (lib/site/search.ts writes it) from the site at run time.
  const search = hashed("/assets", "search", "js", await cached("search-js", key, () => esbuild.buildSync({ ...browserBundle, entryPoints: [path.join(codeRoot, "lib", "browser", "search.ts")] }).outputFiles[0].text));
  return { urls: { findForce: script.url, autocomplete: autocomplete.url, autocompleteStylesheet: stylesheet.url, boundaries: geojson.url, search: search.url }, files: [script, autocomplete, stylesheet, geojson, search] };
}

/** The files every force shares: one stylesheet, and govuk-frontend's JavaScript for the components we use. */
export async function sharedAssets(root: string): Promise<{ urls: Omit<SharedAssets, "findForce" | "autocomplete" | "autocompleteStylesheet" | "boundaries" | "search">; files: Asset[] }> {
  const css = await cached("css", cacheKey(treeHash(root, ["themes"], /\.scss$/), packageVersion("sass"), packageVersion("govuk-frontend")), () => compileSharedStylesheet(root));
  const stylesheet = { url: `/assets/front-counter.${css.hash}.css`, content: css.text };
  const bundled = await cached("govuk-js", browserCodeKey(), () => esbuild.buildSync({ ...browserBundle, entryPoints: [path.join(codeRoot, "lib", "browser", "govuk.ts")] }).outputFiles[0].text);
  const script = hashed("/assets", "govuk", "js", bundled);
  const favicon = hashed("/assets", "favicon", "svg", drawnFavicon({ header: "#1d3a6e", headerText: "#ffffff" }, "P"));
  return { urls: { stylesheet: stylesheet.url, script: script.url, favicon: favicon.url }, files: [stylesheet, script, favicon] };
}

/** The few files that make a force look like itself. */
export function themeAssets(theme: Theme): { urls: ThemeAssets; files: Asset[] } {
  const directory = `/themes/${theme.id}`;
  const css = themeStylesheet(theme.colours);
  const stylesheet = { url: `${directory}/theme.${css.hash}.css`, content: css.text };
  const favicon = hashed(directory, "favicon", "svg", theme.favicon);
  const files = [stylesheet, favicon];
  let logo: Asset | undefined;
  if ("svg" in theme.logo) {
    logo = hashed(directory, theme.logo.svg.replace(/\.svg$/, ""), "svg", theme.logo.content);
    files.push(logo);
  }
  return { urls: { stylesheet: stylesheet.url, favicon: favicon.url, logo: logo?.url }, files };
}
