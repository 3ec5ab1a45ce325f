import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

/** Encrypts answers and payloads at rest, so a copy of the database file alone reveals none of them. */
export interface Cipher {
  encrypt(plain: string): string;
  decrypt(sealed: string): string;
  /** The same key and scheme for bytes (one chunk of an uploaded file): 1 version byte ‖ iv ‖ tag ‖ ciphertext. */
  encryptBytes(plain: Buffer): Buffer;
  decryptBytes(sealed: Buffer): Buffer;
}

/** Why a key is not usable, or undefined when it is: a 32-byte key written in base64. */
export function keyProblem(name: string, key: string | undefined): string | undefined {
  if (!key) return `${name} is missing: set it to 32 random bytes in base64 (e.g. openssl rand -base64 32)`;
  const bytes = Buffer.from(key, "base64");
  if (bytes.length !== 32 || bytes.toString("base64").replace(/=+$/, "") !== key.replace(/=+$/, "")) {
    return `${name} is malformed: it must be exactly 32 bytes written in base64 (e.g. openssl rand -base64 32)`;
  }
  return undefined;
}

/** AES-256-GCM with a fresh 12-byte IV per value: "v1." + base64(iv ‖ tag ‖ ciphertext). */
export function aesGcmCipher(keyBase64: string): Cipher {
  const problem = keyProblem("The answers key", keyBase64);
  if (problem) throw new Error(problem);
  const key = Buffer.from(keyBase64, "base64");
  const seal = (plain: Buffer) => {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", key, iv);
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  };
  const open = (raw: Buffer) => {
    const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]);
  };
  return {
    encryptBytes: (plain) => Buffer.concat([Buffer.from([1]), seal(plain)]),
    decryptBytes(sealed) {
      if (sealed[0] !== 1) throw new Error("A stored file is not in a format this service can read");
      return open(sealed.subarray(1));
    },
    encrypt: (plain) => `v1.${seal(Buffer.from(plain, "utf8")).toString("base64")}`,
    decrypt(sealed) {
      if (!sealed.startsWith("v1.")) throw new Error("A stored value is not in a format this service can read");
      return open(Buffer.from(sealed.slice(3), "base64")).toString("utf8");
    },
  };
}
