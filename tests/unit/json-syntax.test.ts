import { describe, expect, it } from "vitest";
import { parseJson } from "../../lib/schema/json-syntax.ts";
import { formatProblem } from "../../lib/schema/problems.ts";

const said = (text: string) => parseJson(text, "forces/kent.json").problems.map(formatProblem).join("\n");

describe("a JSON file an editor got wrong is named by line and column, in plain words, with a caret under the place", () => {
  it("a comment", () => {
    expect(said('{\n  "id": "kent", // the county\n  "code": "KNT"\n}\n')).toBe(
      ["forces/kent.json: line 2, column 17 — is not valid JSON: JSON does not allow comments: remove it", "      1 | {", '    > 2 |   "id": "kent", // the county', "        |                 ^"].join("\n"),
    );
  });

  it("text without its closing quote: one message, not one for every line after it", () => {
    const problems = parseJson('{\n  "name": "Kent Police,\n  "code": "KNT"\n}\n', "forces/kent.json").problems;
    expect(problems).toHaveLength(1);
    expect(problems[0].field).toBe("line 2, column 11");
  });

  it("a word without quotes", () => {
    expect(said('{ "name": Kent }')).toContain("line 1, column 11 — is not valid JSON: JSON cannot read this word: text goes in double quotes");
  });

  it("a tab inside text (the caret at the text's opening quote, lined up under the line's own tabs)", () => {
    expect(said('{\n\t"name": "Kent\tPolice"\n}')).toBe(
      ["forces/kent.json: line 2, column 10 — is not valid JSON: text cannot hold a tab or line break as it is: write \\t or \\n", "      1 | {", '    > 2 | \t"name": "Kent\tPolice"', "        | \t        ^"].join("\n"),
    );
  });

  it("a long line (minified JSON) cut to a window around the place", () => {
    const text = `{${Array.from({ length: 40 }, (_, i) => `"k${i}": ${i}`).join(", ")} "end": 1}`;
    const lines = said(text).split("\n");
    expect(lines[0]).toMatch(/^forces\/kent\.json: line 1, column \d+ — is not valid JSON: a comma is missing here/);
    expect(lines[1].length).toBeLessThan(120);
    const caret = lines[2].indexOf("^");
    // The comma belongs straight after the last value, 39.
    expect(lines[1].slice(caret - 2, caret)).toBe("39");
  });

  it("an empty file", () => {
    expect(said("  \n")).toBe("forces/kent.json: (file) — is empty: it needs a JSON object { … }");
  });

  it("accepts valid JSON, with a byte-order mark as some Windows editors save it", () => {
    expect(parseJson('\uFEFF{ "id": "kent" }', "forces/kent.json")).toEqual({ data: { id: "kent" }, problems: [] });
  });
});
