import { parse, printParseErrorCode, type ParseError } from "jsonc-parser";
import { excerpt, lineAndColumn } from "./excerpt.ts";
import type { Problem } from "./problems.ts";

/** What each of jsonc-parser's error codes means, in an editor's words. */
const meanings: Record<string, string> = {
  CommaExpected: "a comma is missing here, between this value and the next",
  ColonExpected: "a colon (:) is missing between the field's name and its value",
  PropertyNameExpected: "a field name in double quotes belongs here",
  ValueExpected: "a value belongs here: text in double quotes, a number, true, false, null, a list [ ] or an object { }",
  CloseBraceExpected: "a closing } is missing",
  CloseBracketExpected: "a closing ] is missing",
  EndOfFileExpected: "something follows the end of the JSON (an extra } or ] perhaps)",
  InvalidSymbol: "JSON cannot read this word: text goes in double quotes, and only true, false and null go without",
  InvalidNumberFormat: "JSON cannot read this number (no leading zeros; a dot needs digits on both sides)",
  InvalidCommentToken: "JSON does not allow comments: remove it",
  UnexpectedEndOfComment: "JSON does not allow comments: remove it",
  UnexpectedEndOfString: "this text has no closing double quote",
  UnexpectedEndOfNumber: "this number stops short",
  InvalidUnicode: "a \\u escape needs four hex digits, like \\u00e9",
  InvalidEscapeCharacter: "JSON cannot read this backslash: write \\\\ for a backslash, \\\" for a double quote",
  InvalidCharacter: "text cannot hold a tab or line break as it is: write \\t or \\n",
};

/** Where a JSON text goes wrong first, and what is wrong there (one mistake, one message). */
function firstMistake(text: string, error: ParseError): { offset: number; meaning: string } {
  const code = printParseErrorCode(error.error);
  // A comma with nothing after it before } or ]: point at the comma.
  if ((code === "PropertyNameExpected" || code === "ValueExpected") && /[}\]]/.test(text[error.offset] ?? "")) {
    const comma = text.slice(0, error.offset).trimEnd();
    if (comma.endsWith(",")) return { offset: comma.length - 1, meaning: `this comma is one too many: nothing follows it before the closing ${text[error.offset]}` };
  }
  // A missing comma is noticed at the next value; the comma belongs straight after the one before.
  if (code === "CommaExpected") return { offset: text.slice(0, error.offset).trimEnd().length, meaning: meanings.CommaExpected };
  return { offset: error.offset, meaning: meanings[code] ?? "JSON cannot read this" };
}

/**
 * Parses a JSON file's text. When it is not valid JSON, the one problem names the line and column of the first
 * mistake, says in plain words what is wrong there and shows the lines with a caret under the place.
 */
export function parseJson(source: string, file: string): { data?: unknown; problems: Problem[] } {
  // A byte-order mark, as some Windows editors save one, is not part of the JSON.
  const text = source.replace(/^\uFEFF/, "");
  try {
    return { data: JSON.parse(text), problems: [] };
  } catch {
    // JSON.parse says only "at position 1234"; jsonc-parser (the VS Code editor's) says what it expected where.
  }
  if (!text.trim()) return { problems: [{ file, field: "", message: "is empty: it needs a JSON object { … }" }] };
  const errors: ParseError[] = [];
  parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const { offset, meaning } = errors.length ? firstMistake(text, errors[0]) : { offset: 0, meaning: "JSON cannot read this" };
  const { line, column } = lineAndColumn(text, offset);
  return { problems: [{ file, field: `line ${line}, column ${column}`, message: `is not valid JSON: ${meaning}`, excerpt: excerpt(text, line, column) }] };
}
