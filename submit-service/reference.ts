import { randomInt } from "node:crypto";
import { parseReference, printedReference, referenceAlphabet } from "../lib/answer-types/reference.checks.ts";

/** A new reference for a force, like KNT-7Q2M-4XZ9: seven random characters and a check character. */
export function newReference(forceCode: string): string {
  let body = "";
  for (let i = 0; i < 7; i++) body += referenceAlphabet[randomInt(32)];
  return printedReference(forceCode, body);
}

/** Reads a reference as typed (the answer type `reference` reads it the same way, in the browser too). */
export { parseReference };
