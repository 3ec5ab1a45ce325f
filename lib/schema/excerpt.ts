/**
 * A few lines of a file around a place in it, with a caret under the place, as editors and compilers show
 * errors. Pure: the browser editor can show the same excerpt.
 *
 *       2 |   "title": "Cookies"
 *     > 3 |   "layout": "page"
 *         |   ^
 */
export function excerpt(text: string, line: number, column: number): string {
  const lines = text.split(/\r\n|\r|\n/);
  const shown = lines.slice(Math.max(0, line - 2), line);
  const width = String(line).length;
  const widest = 100;
  // A long line (minified JSON) is cut to a window around the place, so the caret stays in view.
  const cut = (source: string) => {
    const start = source.length > widest ? Math.max(0, Math.min(column - 1 - widest / 2, source.length - widest)) : 0;
    const end = start + widest;
    return { start, text: (start > 0 ? "…" : "") + source.slice(start, end) + (source.length > end ? "…" : "") };
  };
  const out = shown.map((source, i) => {
    const number = line - shown.length + 1 + i;
    return `    ${number === line ? ">" : " "} ${String(number).padStart(width)} | ${cut(source).text}`.trimEnd();
  });
  const here = cut(lines[line - 1] ?? "");
  const before = (lines[line - 1] ?? "").slice(here.start, column - 1);
  // Tabs stay tabs under the line, so the caret lines up however wide the terminal draws them.
  out.push(`      ${" ".repeat(width)} | ${here.start > 0 ? " " : ""}${before.replace(/[^\t]/g, " ")}^`);
  return out.join("\n");
}

/** The 1-based line and column of a character offset in a text. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const breaks = before.match(/\r\n|\r|\n/g)?.length ?? 0;
  const lastBreak = Math.max(before.lastIndexOf("\n"), before.lastIndexOf("\r"));
  return { line: breaks + 1, column: offset - lastBreak };
}
