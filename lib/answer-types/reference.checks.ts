import { single, type AnswerTypeChecks } from "./answer-type.ts";

/** Crockford's base32: no I, L, O or U, so a reference read over the phone is hard to mishear. */
export const referenceAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const decodeAliases: Record<string, string> = { O: "0", I: "1", L: "1" };
/** A reference in its printed form, like KNT-7Q2M-4XZ9: a force's code, then eight characters of the alphabet. */
export const referencePattern = "^[A-Z]{3}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$";

/** Multiplies by x in GF(32) (modulo x⁵ + x² + 1). */
const timesTwo = (value: number) => (value & 16 ? ((value << 1) ^ 0b100101) : value << 1);

/**
 * Damm's check over GF(32), with the quasigroup a∗b = 2a + b: it catches every single mistyped character and
 * every swap of two neighbouring characters, and the check is a character from the same 32 symbols.
 */
export function checkCharacter(body: string): string {
  let interim = 0;
  for (const character of body) interim = timesTwo(interim) ^ referenceAlphabet.indexOf(character);
  return referenceAlphabet[timesTwo(interim)];
}

/** A reference's printed form from a force's code and its seven-character body: the check character added. */
export function printedReference(forceCode: string, body: string): string {
  const all = body + checkCharacter(body);
  return `${forceCode}-${all.slice(0, 4)}-${all.slice(4)}`;
}

/**
 * Reads a reference as the public or a call handler types it — any case, with or without hyphens or spaces,
 * O for 0 and I or L for 1 — and returns it in its printed form, or undefined when it cannot be one of ours.
 * No Node modules here: the browser checks a reference the same way.
 */
export function parseReference(input: string): string | undefined {
  const compact = input.toUpperCase().replace(/[\s-]/g, "");
  const match = /^([A-Z]{3})([0-9A-Z]{8})$/.exec(compact);
  if (!match) return undefined;
  const characters = [...match[2]].map((c) => decodeAliases[c] ?? c).join("");
  if ([...characters].some((c) => !referenceAlphabet.includes(c))) return undefined;
  if (checkCharacter(characters.slice(0, 7)) !== characters[7]) return undefined;
  return printedReference(match[1], characters.slice(0, 7));
}

/**
 * A reference as typed: its printed form when it is one of ours; otherwise what was typed, without spaces or
 * hyphens (which the printed pattern never matches, so the answer is refused as a format error).
 */
function read(raw: string): string | null {
  if (!raw) return null;
  return parseReference(raw) ?? raw.slice(0, 40).toUpperCase().replace(/[\s-]/g, "");
}

/** What the browser needs of the reference answer type: reading a post and wording its errors. */
export const referenceChecks: AnswerTypeChecks = {
  type: "reference",
  read: (_question, form, name) => read(single(form[name])),
  messages: {
    format: {
      en: "Enter {name} exactly as it was given to you, like KNT-7Q2M-4XZ9",
      cy: "Rhowch {name} yn union fel y cafodd ei roi i chi, fel KNT-7Q2M-4XZ9",
    },
  },
};

export { read as readReference };
