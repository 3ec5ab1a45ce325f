import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { Problem } from "../schema/problems.ts";
import { readJson, validateAgainst } from "../schema/validate.ts";
import { contrastProblems, resolveColours, type ThemeColours } from "./colours.ts";
import { cleanSvg } from "./svg.ts";

interface ThemeFile {
  name: string;
  brandColour: string;
  headerColour?: string;
  headerTextColour?: string;
  linkColour?: string;
  logo: { wordmark: string } | { svg: string; alt: string };
  favicon?: string;
}

export interface Theme {
  id: string;
  name: string;
  colours: ThemeColours;
  logo: { wordmark: string } | { svg: string; alt: string; content: string };
  /** SVG text of the favicon, from the theme folder or drawn from the brand colour. */
  favicon: string;
}

/** An SVG file the theme names, matched exactly (capitals too: the live site's server tells them apart), and cleaned. */
function readSvg(dir: string, name: string, file: string, field: string, problems: Problem[]): string | undefined {
  const present = readdirSync(dir);
  if (!present.includes(name)) {
    const other = present.find((f) => f.toLowerCase() === name.toLowerCase());
    problems.push({
      file,
      field,
      message: other
        ? `names ${name}, but the file is ${other}: rename the file to ${name} (names must match exactly, capitals too)`
        : `names ${name}, which is not in themes/${path.basename(dir)}/`,
    });
    return undefined;
  }
  const cleaned = cleanSvg(readFileSync(path.join(dir, name), "utf8"));
  if ("refused" in cleaned) {
    problems.push({ file, field, message: `names ${name}, which ${cleaned.refused}` });
    return undefined;
  }
  return cleaned.svg;
}

/** A favicon drawn from colours: a rounded square with a letter. */
export function drawnFavicon(colours: Pick<ThemeColours, "header" | "headerText">, initial: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="${colours.header}"/><text x="16" y="23" font-family="system-ui,sans-serif" font-size="20" font-weight="700" text-anchor="middle" fill="${colours.headerText}">${initial}</text></svg>`;
}

/** Reads every themes/<id>/theme.json, validates it and gates its colours on WCAG 2.2 AA contrast. */
export function loadThemes(root: string): { themes: Map<string, Theme>; problems: Problem[] } {
  const dir = path.join(root, "themes");
  const schema = path.join(dir, "theme.schema.json");
  const themes = new Map<string, Theme>();
  const problems: Problem[] = [];
  for (const id of readdirSync(dir).sort()) {
    const themeDir = path.join(dir, id);
    if (!statSync(themeDir).isDirectory()) continue;
    const file = `themes/${id}/theme.json`;
    if (!existsSync(path.join(themeDir, "theme.json"))) {
      problems.push({ file, field: "", message: "is missing: every theme folder needs a theme.json" });
      continue;
    }
    const { data, problems: readProblems } = readJson(path.join(themeDir, "theme.json"), file);
    const invalid = readProblems.length ? readProblems : validateAgainst(schema, file, data);
    if (invalid.length) {
      problems.push(...invalid);
      continue;
    }
    const raw = data as ThemeFile;
    const colours = resolveColours(raw);
    const themeProblems = contrastProblems(file, raw);
    let logo: Theme["logo"] = { wordmark: "" };
    if ("svg" in raw.logo) {
      const content = readSvg(themeDir, raw.logo.svg, file, "/logo/svg", themeProblems);
      if (content) logo = { svg: raw.logo.svg, alt: raw.logo.alt, content };
    } else {
      logo = { wordmark: raw.logo.wordmark };
    }
    const favicon = raw.favicon
      ? readSvg(themeDir, raw.favicon, file, "/favicon", themeProblems)
      : drawnFavicon(colours, raw.name.trim().charAt(0).toUpperCase());
    if (themeProblems.length || favicon === undefined) {
      problems.push(...themeProblems);
      continue;
    }
    themes.set(id, { id, name: raw.name, colours, logo, favicon });
  }
  return { themes, problems };
}
