/**
 * Postcode → force, from a postcode directory an operator imports (ONS's National Statistics Postcode Lookup,
 * NSPL, has a police force area for every postcode; none can be shipped with the code: content/geography/SOURCE.md).
 * The import (lib/cli/import-postcodes.ts) writes one line per postcode, "CT11AA\tkent", sorted; this looks a
 * postcode up in that text by binary search, without splitting it. Pure.
 */

/** A UK postcode written any way ("ct1 1aa", "CT11AA") in one form: capitals, no space; undefined if it is not one. */
export function compactPostcode(input: string): string | undefined {
  const compact = input.toUpperCase().replace(/\s+/g, "");
  return /^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$/.test(compact) ? compact : undefined;
}

export class PostcodeDirectory {
  /** `text`: the import's output, lines "POSTCODE\tforce" sorted by postcode. */
  constructor(private readonly text: string) {}

  get size(): number {
    let lines = 0;
    for (let i = this.text.indexOf("\n"); i >= 0; i = this.text.indexOf("\n", i + 1)) lines++;
    return lines;
  }

  /** The force id for a postcode, or undefined when it is not in the directory (or not a postcode). */
  forceFor(postcode: string): string | undefined {
    const wanted = compactPostcode(postcode);
    if (!wanted) return undefined;
    let lo = 0;
    let hi = this.text.length;
    // Each pass halves the span of characters still to search: at most ~log2(length) passes.
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const start = this.text.lastIndexOf("\n", mid - 1) + 1;
      if (start < lo) {
        lo = hi;
        break;
      }
      const end = this.text.indexOf("\n", start);
      const line = this.text.slice(start, end < 0 ? this.text.length : end);
      const tab = line.indexOf("\t");
      const key = line.slice(0, tab);
      if (key === wanted) return line.slice(tab + 1);
      if (key < wanted) lo = end < 0 ? this.text.length : end + 1;
      else hi = start;
    }
    return undefined;
  }
}
