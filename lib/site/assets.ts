import path from "node:path";
import * as esbuild from "esbuild";
import { browserBundle, codeRoot } from "./bundle.ts";
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
}

export interface ThemeAssets {
  stylesheet: string;
  favicon: string;
  logo?: string;
}

function hashed(directory: string, name: string, extension: string, content: string): Asset {
  return { url: `${directory}/${name}.${fingerprint(content)}.${extension}`, content };
}

/** The files every force shares: one stylesheet, and govuk-frontend's JavaScript for the components we use. */
export function sharedAssets(root: string): { urls: SharedAssets; files: Asset[] } {
  const css = compileSharedStylesheet(root);
  const stylesheet = { url: `/assets/front-counter.${css.hash}.css`, content: css.text };
  const bundle = esbuild.buildSync({ ...browserBundle, entryPoints: [path.join(codeRoot, "lib", "browser", "govuk.ts")] });
  const script = hashed("/assets", "govuk", "js", bundle.outputFiles[0].text);
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
