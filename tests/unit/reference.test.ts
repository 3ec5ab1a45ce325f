import { describe, expect, it } from "vitest";
import { newReference, parseReference } from "../../submit-service/reference.ts";

const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

describe("report references", () => {
  it("look like KNT-7Q2M-4XZ9: the force's code and eight Crockford base32 characters", () => {
    for (let i = 0; i < 200; i++) expect(newReference("KNT")).toMatch(/^KNT-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
  });

  it("are random, not sequential", () => {
    const references = Array.from({ length: 2000 }, () => newReference("KNT"));
    expect(new Set(references).size).toBe(2000);
  });

  it("are accepted in any case, with or without hyphens or spaces, with O for 0 and I or L for 1", () => {
    const reference = newReference("MET");
    expect(parseReference(reference.toLowerCase())).toBe(reference);
    expect(parseReference(reference.replaceAll("-", ""))).toBe(reference);
    expect(parseReference(reference.replaceAll("-", " "))).toBe(reference);
    const withAliases = reference.replace(/0/g, "O").replace(/1/g, "l");
    expect(parseReference(withAliases)).toBe(reference);
  });

  it("catch every single mistyped character and every swap of two neighbouring characters", () => {
    for (let n = 0; n < 300; n++) {
      const reference = newReference("KNT");
      const characters = reference.replaceAll("-", "").slice(3).split("");
      for (let i = 0; i < characters.length; i++) {
        for (const other of alphabet) {
          if (other === characters[i]) continue;
          const typo = [...characters];
          typo[i] = other;
          expect(parseReference(`KNT${typo.join("")}`), `${reference} with ${other} at ${i}`).toBeUndefined();
        }
        if (i + 1 < characters.length && characters[i] !== characters[i + 1]) {
          const swapped = [...characters];
          [swapped[i], swapped[i + 1]] = [swapped[i + 1], swapped[i]];
          expect(parseReference(`KNT${swapped.join("")}`), `${reference} swapped at ${i}`).toBeUndefined();
        }
      }
    }
  });

  it("refuse what cannot be a reference", () => {
    expect(parseReference("")).toBeUndefined();
    expect(parseReference("KNT-1234")).toBeUndefined();
    expect(parseReference("KNT-UUUU-UUUU")).toBeUndefined();
  });
});
