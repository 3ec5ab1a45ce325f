import { clampChroma, formatHex, interpolate, oklch, wcagContrast } from "culori";
import type { Problem } from "../schema/problems.ts";

/**
 * Pure: no Node modules, so the browser editor's colour picker shows the same verdict and suggestion as
 * `npm run check`.
 */

/** The colour fields of a theme.json, as an editor sets them (only brandColour is required). */
export interface ThemeColourFields {
  brandColour: string;
  headerColour?: string;
  headerTextColour?: string;
  linkColour?: string;
}
export type ColourField = keyof ThemeColourFields;

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

export function resolveColours(theme: ThemeColourFields): ThemeColours {
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

/** One pair's verdict. `change` is the theme.json field to change: the pair's own, or brandColour when the pair's field is not set and so follows it. */
export interface PairVerdict extends Pair {
  ratio: number;
  passes: boolean;
  change: ColourField;
}

/** The field that gives a colour: headerColour and linkColour follow brandColour until they are set. */
function giver(theme: ThemeColourFields, field: ColourField): ColourField {
  return (field === "headerColour" || field === "linkColour") && theme[field] === undefined ? "brandColour" : field;
}

/** Every pair's contrast and whether it passes WCAG 2.2 AA. */
export function pairVerdicts(theme: ThemeColourFields): PairVerdict[] {
  return colourPairs(resolveColours(theme)).map((pair) => {
    const ratio = wcagContrast(pair.foreground, pair.background);
    return { ...pair, ratio, passes: ratio >= pair.minimum, change: giver(theme, pair.field.slice(1) as ColourField) };
  });
}

/** The pairs a field's colour takes part in (changing brandColour changes the tint, and the colours that follow it). */
function pairsOf(theme: ThemeColourFields, field: ColourField): PairVerdict[] {
  const probe = { ...theme, [field]: theme[field] === "#000000" ? "#ffffff" : "#000000" };
  const before = pairVerdicts(theme);
  const after = pairVerdicts(probe);
  return before.filter((pair, i) => pair.foreground !== after[i].foreground || pair.background !== after[i].background);
}

/**
 * The nearest colour to the field's present one that makes every pair it takes part in pass: the same hue and
 * chroma in OKLCH, only lighter or darker, by the least change of lightness that passes. Undefined when no
 * lightness passes (the other colours leave no room: change one of those).
 */
export function nearestPassingColour(theme: ThemeColourFields, field: ColourField): string | undefined {
  const present = resolveColours(theme)[({ brandColour: "brand", headerColour: "header", headerTextColour: "headerText", linkColour: "link" } as const)[field]];
  const start = oklch(present)!;
  const passesWith = (colour: string) => pairsOf({ ...theme, [field]: colour }, field).every((pair) => pairVerdicts({ ...theme, [field]: colour }).find((v) => v.name === pair.name)!.passes);
  for (let step = 1; step <= 200; step++) {
    for (const direction of [-1, 1]) {
      const l = start.l + (direction * step) / 200;
      if (l < 0 || l > 1) continue;
      const candidate = formatHex(clampChroma({ ...start, l }, "oklch"));
      if (candidate && passesWith(candidate)) return candidate;
    }
  }
  return undefined;
}

/** One message a theme's colours need: the field to change, the pairs it fails, and the nearest colour that passes. */
export interface ContrastAdvice {
  field: ColourField;
  /** The field's colour now (its default, when it is not set). */
  colour: string;
  failing: PairVerdict[];
  suggestion?: string;
}

/**
 * What an editor should change so the theme passes WCAG 2.2 AA: one piece of advice per field, none when it
 * passes. A failing pair goes to the field that gives its colour; it joins another field's advice instead when
 * that field's suggestion fixes it too (a light brand colour also fails the white header text on it: one change).
 */
export function contrastAdvice(theme: ThemeColourFields): ContrastAdvice[] {
  const failing = pairVerdicts(theme).filter((v) => !v.passes);
  const byField = new Map<ColourField, PairVerdict[]>();
  for (const verdict of failing) byField.set(verdict.change, [...(byField.get(verdict.change) ?? []), verdict]);
  const advice: ContrastAdvice[] = [];
  const placed = new Set<string>();
  for (const [field, pairs] of [...byField].sort((a, b) => b[1].length - a[1].length)) {
    const mine = pairs.filter((pair) => !placed.has(pair.name));
    if (!mine.length) continue;
    const suggestion = nearestPassingColour(theme, field);
    // The other failing pairs this one change also mends.
    const mended = suggestion ? failing.filter((pair) => !placed.has(pair.name) && !mine.includes(pair) && pairVerdicts({ ...theme, [field]: suggestion }).find((v) => v.name === pair.name)!.passes) : [];
    const all = [...mine, ...mended].sort((a, b) => failing.indexOf(a) - failing.indexOf(b));
    all.forEach((pair) => placed.add(pair.name));
    advice.push({ field, colour: theme[field]?.toLowerCase() ?? white, failing: all, suggestion });
  }
  return advice.sort((a, b) => failing.indexOf(a.failing[0]) - failing.indexOf(b.failing[0]));
}

/** The advice in an editor's words: what fails, and the one change that mends it. */
export function adviceText(advice: ContrastAdvice, theme: ThemeColourFields): string {
  const failures = advice.failing.map((pair) => `${pair.name} (${pair.foreground} on ${pair.background}: ${pair.ratio.toFixed(2)}:1, needs ${pair.minimum}:1)`);
  const followers = [...new Set(advice.failing.map((pair) => pair.field.slice(1) as ColourField))].filter((f) => f !== advice.field && theme[f] === undefined && giver(theme, f) === advice.field);
  const follows = followers.length ? ` ${followers.join(" and ")} ${followers.length === 1 ? "is" : "are"} not set, so ${followers.length === 1 ? "it follows" : "they follow"} ${advice.field}.` : "";
  const unset = theme[advice.field] === undefined ? ` (not set, so ${advice.colour})` : "";
  const fix = advice.suggestion
    ? `Change ${advice.field}${unset} to ${advice.suggestion}: the nearest colour of the same hue that passes.`
    : `No ${advice.field} of this hue passes against the other colours: change those.`;
  return `too little contrast for WCAG 2.2 AA: ${failures.join("; ")}.${follows} ${fix}`;
}

export function contrastProblems(file: string, theme: ThemeColourFields): Problem[] {
  return contrastAdvice(theme).map((advice) => ({ file, field: `/${advice.field}`, message: adviceText(advice, theme) }));
}
