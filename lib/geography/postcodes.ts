/**
 * Postcode → force, from a postcode directory an operator imports (ONS's National Statistics Postcode Lookup,
 * NSPL, has a police force area for every postcode; none can be shipped with the code: content/geography/SOURCE.md).
 * The import (lib/cli/import-postcodes.ts) writes one line per postcode, "CT11AA\tkent", sorted; this looks a
 * postcode up in that text by binary search, without splitting it. Pure.
 */
import { parseCsv } from "./csv.ts";

/** The file, in the service's DATA_DIR, an imported postcode directory is written to and read from. */
export const postcodeDirectoryName = "postcode-forces.txt";

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

/** What an import made of a postcode file: the directory's text, and what it left out and why. */
export interface PostcodeImport {
  text: string;
  postcodes: number;
  /** Rows whose force area is not one of England and Wales's (Scotland, Northern Ireland, the Channel Islands, none). */
  outside: number;
  problems: string[];
}

const pfaColumn = /^pfa(\d{2}cd)?$/i;

/**
 * Reads a postcode file as ONS publishes the NSPL (CSV with a header; the columns used are `pcds`, the postcode,
 * and `pfa`, the police force area code, also accepted as `pfa23cd` and the like), line by line, into the
 * directory's text. `forceOf` maps each area code to a force id (content/geography/force-areas.json).
 */
export async function importPostcodes(lines: AsyncIterable<string> | Iterable<string>, forceOf: ReadonlyMap<string, string>, file: string): Promise<PostcodeImport> {
  const problems: string[] = [];
  const entries: string[] = [];
  let header: string[] | undefined;
  let postcode = -1;
  let pfa = -1;
  let line = 0;
  let outside = 0;
  let badRows = 0;
  for await (const raw of lines) {
    line++;
    if (!raw.trim()) continue;
    const [row] = parseCsv(raw);
    if (!header) {
      header = row.map((name) => name.trim());
      postcode = header.findIndex((name) => name.toLowerCase() === "pcds");
      pfa = header.findIndex((name) => pfaColumn.test(name));
      if (postcode < 0 || pfa < 0) {
        problems.push(`${file}: line 1 — needs the columns pcds (the postcode) and pfa (the police force area code), as in ONS's NSPL; it has ${header.slice(0, 12).join(", ")}${header.length > 12 ? ", …" : ""}`);
        break;
      }
      continue;
    }
    const compact = compactPostcode(row[postcode] ?? "");
    if (!compact) {
      if (++badRows <= 5) problems.push(`${file}: line ${line}, column pcds — "${(row[postcode] ?? "").slice(0, 20)}" is not a postcode`);
      continue;
    }
    const force = forceOf.get((row[pfa] ?? "").trim());
    if (!force) {
      outside++;
      continue;
    }
    entries.push(`${compact}\t${force}`);
  }
  if (!header) problems.push(`${file}: is empty`);
  if (badRows > 5) problems.push(`${file}: ${badRows - 5} more rows whose pcds is not a postcode`);
  entries.sort();
  // The same postcode twice keeps its first force; a file that gives it two forces is refused.
  const kept: string[] = [];
  for (const entry of entries) {
    const previous = kept[kept.length - 1];
    if (previous && previous.slice(0, previous.indexOf("\t")) === entry.slice(0, entry.indexOf("\t"))) {
      if (previous !== entry) problems.push(`${file}: postcode ${entry.slice(0, entry.indexOf("\t"))} is given two forces (${previous.slice(previous.indexOf("\t") + 1)} and ${entry.slice(entry.indexOf("\t") + 1)})`);
      continue;
    }
    kept.push(entry);
  }
  return { text: kept.length ? `${kept.join("\n")}\n` : "", postcodes: kept.length, outside, problems };
}
