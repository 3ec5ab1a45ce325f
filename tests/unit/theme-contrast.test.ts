import { formatHex, oklch, wcagContrast } from "culori";
import { describe, expect, it } from "vitest";
import { contrastAdvice, nearestPassingColour, pairVerdicts, type ThemeColourFields } from "../../lib/themes/colours.ts";

const passes = (theme: ThemeColourFields) => pairVerdicts(theme).every((v) => v.passes);

describe("a theme's contrast verdict and the nearest colour that passes", () => {
  it("passes a theme whose colours all meet WCAG 2.2 AA, with no advice", () => {
    expect(passes({ brandColour: "#0d2e57" })).toBe(true);
    expect(contrastAdvice({ brandColour: "#0d2e57" })).toEqual([]);
  });

  it("puts every failure a light brand colour causes on brandColour, with one suggestion that mends them all", () => {
    const theme = { brandColour: "#7fa7d9" };
    const advice = contrastAdvice(theme);
    expect(advice.map((a) => a.field)).toEqual(["brandColour"]);
    expect(advice[0].failing).toHaveLength(5);
    expect(passes({ ...theme, brandColour: advice[0].suggestion! })).toBe(true);
  });

  it("suggests a colour of the same hue, only darker, and the nearest: one step lighter fails", () => {
    const theme = { brandColour: "#0d2e57", linkColour: "#3d8bd9" };
    const suggestion = nearestPassingColour(theme, "linkColour")!;
    expect(wcagContrast(suggestion, "#ffffff")).toBeGreaterThanOrEqual(4.5);
    const [before, after] = [oklch("#3d8bd9")!, oklch(suggestion)!];
    expect(Math.abs(after.h! - before.h!)).toBeLessThan(3);
    expect(after.l).toBeLessThan(before.l);
    // Links also sit on the pale tint, where they fail first.
    expect(passes({ ...theme, linkColour: formatHex({ ...after, l: after.l + 0.01 }) })).toBe(false);
  });

  it("names headerTextColour when the header text fails on a header bar of the editor's own, and suggests text that passes on it", () => {
    const theme = { brandColour: "#0d2e57", headerColour: "#1d70b8", headerTextColour: "#6f9fcf" };
    const advice = contrastAdvice(theme);
    expect(advice.map((a) => a.field)).toEqual(["headerTextColour"]);
    expect(wcagContrast(advice[0].suggestion!, "#1d70b8")).toBeGreaterThanOrEqual(4.5);
  });
});
