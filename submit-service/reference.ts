import { randomInt } from "node:crypto";

/** Crockford's base32: no I, L, O or U, so a reference read over the phone is hard to mishear. */
const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const decodeAliases: Record<string, string> = { O: "0", I: "1", L: "1" };

/** Multiplies by x in GF(32) (modulo x⁵ + x² + 1). */
const timesTwo = (value: number) => (value & 16 ? ((value << 1) ^ 0b100101) : value << 1);

/**
 * Damm's check over GF(32), with the quasigroup a∗b = 2a + b: it catches every single mistyped character and
 * every swap of two neighbouring characters, and the check is a character from the same 32 symbols.
 */
function checkCharacter(body: string): string {
  let interim = 0;
  for (const character of body) interim = timesTwo(interim) ^ alphabet.indexOf(character);
  return alphabet[timesTwo(interim)];
}

/** A new reference for a force, like KNT-7Q2M-4XZ9: seven random characters and a check character. */
export function newReference(forceCode: string): string {
  let body = "";
  for (let i = 0; i < 7; i++) body += alphabet[randomInt(32)];
  const all = body + checkCharacter(body);
  return `${forceCode}-${all.slice(0, 4)}-${all.slice(4)}`;
}

/**
 * Reads a reference as the public or a call handler types it — any case, with or without hyphens or spaces,
 * O for 0 and I or L for 1 — and returns it in its printed form, or undefined when it cannot be one of ours.
 */
export function parseReference(input: string): string | undefined {
  const compact = input.toUpperCase().replace(/[\s-]/g, "");
  const match = /^([A-Z]{3})([0-9A-Z]{8})$/.exec(compact);
  if (!match) return undefined;
  const characters = [...match[2]].map((c) => decodeAliases[c] ?? c).join("");
  if ([...characters].some((c) => !alphabet.includes(c))) return undefined;
  if (checkCharacter(characters.slice(0, 7)) !== characters[7]) return undefined;
  return `${match[1]}-${characters.slice(0, 4)}-${characters.slice(4)}`;
}
