import { formatHex, interpolate, wcagContrast } from "culori";
import type { Problem } from "../schema/problems.ts";

/** Every colour a theme puts on the page, after defaults are filled in. */
export interface ThemeColours {
  brand: string;
  header: string;
  headerText: string;
  link: string;
  /** The pale tint behind the service navigation and footer, drawn from the brand colour. */
  surface: string;
}

const white = "#ffffff";

export function resolveColours(theme: { brandColour: string; headerColour?: string; headerTextColour?: string; linkColour?: string }): ThemeColours {
  const brand = theme.brandColour.toLowerCase();
  return {
    brand,
    header: (theme.headerColour ?? brand).toLowerCase(),
    headerText: (theme.headerTextColour ?? white).toLowerCase(),
    link: (theme.linkColour ?? brand).toLowerCase(),
    surface: formatHex(interpolate([brand, white])(0.95)) ?? white,
  };
}

interface Pair {
  name: string;
  field: string;
  foreground: string;
  background: string;
  minimum: number;
}

/**
 * The colour pairs a theme produces, each with its WCAG 2.2 AA minimum:
 * 4.5:1 for text (1.4.3), 3:1 for the header bar and other non-text UI against what sits next to it (1.4.11).
 */
export function colourPairs(c: ThemeColours): Pair[] {
  return [
    { name: "header text on the header bar", field: "/headerTextColour", foreground: c.headerText, background: c.header, minimum: 4.5 },
    { name: "header bar against the white page", field: "/headerColour", foreground: c.header, background: white, minimum: 3 },
    { name: "brand colour (borders, focus accents) against the white page", field: "/brandColour", foreground: c.brand, background: white, minimum: 3 },
    { name: "links on the white page", field: "/linkColour", foreground: c.link, background: white, minimum: 4.5 },
    { name: "links on the tinted navigation and footer", field: "/linkColour", foreground: c.link, background: c.surface, minimum: 4.5 },
  ];
}

export function contrastProblems(file: string, colours: ThemeColours): Problem[] {
  const problems: Problem[] = [];
  for (const pair of colourPairs(colours)) {
    const ratio = wcagContrast(pair.foreground, pair.background);
    if (ratio < pair.minimum) {
      problems.push({
        file,
        field: pair.field,
        message: `${pair.name}: ${pair.foreground} on ${pair.background} has contrast ${ratio.toFixed(2)}:1, below the ${pair.minimum}:1 WCAG 2.2 AA minimum`,
      });
    }
  }
  return problems;
}
