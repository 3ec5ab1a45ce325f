import path from "node:path";
import { formatHex, interpolate } from "culori";
import { createRequire } from "node:module";
import { fingerprint } from "../site/fingerprint.ts";
import type { ThemeColours } from "./colours.ts";

export interface Stylesheet {
  text: string;
  /** Short content hash, used in the file name so the file can be cached for a year. */
  hash: string;
}

/** Kept here for older imports; it lives with the other asset naming in lib/site/fingerprint.ts. */
export { fingerprint };

/** Compiles themes/main.scss (govuk-frontend plus our few rules) once for every force. */
export function compileSharedStylesheet(root: string): Stylesheet {
  // Loaded only here (it takes a moment): a build whose stylesheet is cached never needs Sass.
  const sass = createRequire(import.meta.url)("sass") as typeof import("sass");
  const result = sass.compile(path.join(root, "themes", "main.scss"), {
    loadPaths: [path.join(root, "node_modules")],
    style: "compressed",
    quietDeps: true,
    silenceDeprecations: [],
  });
  return { text: result.css, hash: fingerprint(result.css) };
}

/** A force's whole difference from the shared stylesheet: a handful of custom properties. */
export function themeStylesheet(colours: ThemeColours): Stylesheet {
  const shade = (colour: string, towards: string, amount: number) => formatHex(interpolate([colour, towards])(amount)) ?? colour;
  const properties: Record<string, string> = {
    "--govuk-brand-colour": colours.brand,
    "--govuk-link-colour": colours.link,
    "--govuk-link-hover-colour": shade(colours.link, "#000000", 0.5),
    "--govuk-template-background-colour": colours.surface,
    "--govuk-surface-background-colour": colours.surface,
    "--govuk-surface-border-colour": shade(colours.brand, "#ffffff", 0.5),
    "--fc-header-colour": colours.header,
    "--fc-header-text-colour": colours.headerText,
  };
  const text = `:root{${Object.entries(properties).map(([name, value]) => `${name}:${value}`).join(";")}}\n`;
  return { text, hash: fingerprint(text) };
}
