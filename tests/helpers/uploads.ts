import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { templateScriptHashes } from "../../lib/render/csp.ts";
import { createApp } from "../../submit-service/app.ts";
import { aesGcmCipher } from "../../submit-service/store/cipher.ts";
import { openSqliteStore } from "../../submit-service/store/sqlite.ts";
import type { Scanner } from "../../submit-service/uploads/scanner.ts";
import { listen, serviceSite, testAnswersKey, testConfig } from "./service.ts";

/**
 * The service taking files, as server.ts builds it, listening on loopback: SQLite and the temporary folder for
 * uploads in `dir`, the given ClamAV scanner, and no static pages (every page asked for is one the service renders).
 */
export async function uploadService(dir: string, scanner: Scanner) {
  mkdirSync(path.join(dir, "no-static-pages"), { recursive: true });
  const tempDir = path.join(dir, "uploading");
  const store = openSqliteStore(path.join(dir, "store.sqlite"), aesGcmCipher(testAnswersKey));
  const site = await serviceSite();
  const app = createApp({
    siteDir: path.join(dir, "no-static-pages"),
    site,
    store,
    clock: () => new Date(),
    logger: { info() {}, error() {} },
    config: testConfig,
    scriptHashes: templateScriptHashes(process.cwd()),
    uploads: { scanner, tempDir },
  });
  const server = await listen(app);
  return { store, server, tempDir, site };
}

/** An MP4 as a dashcam writes it, as far as its bytes go: an ftyp box, then `size` bytes of media data. */
export function sampleVideo(size: number): Buffer {
  const ftyp = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from("ftypmp42"), Buffer.alloc(4), Buffer.from("mp42isom")]);
  const media = Buffer.alloc(size);
  for (let i = 0; i < size; i++) media[i] = (i * 7919 + (i >> 8)) & 0x3f; // 0–63: never a marker of anything else
  const header = Buffer.alloc(8);
  header.writeUInt32BE(size + 8);
  header.write("mdat", 4);
  return Buffer.concat([ftyp, header, media]);
}

/** A small real file of the first kind a question takes, named as a phone would name it. */
export function sampleFile(kinds: string[]): { name: string; bytes: Buffer } {
  if (kinds.includes("photo")) return { name: "IMG_0001.jpg", bytes: readFileSync("tests/fixtures/uploads/photo.jpg") };
  if (kinds.includes("video")) return { name: "VID_0001.mp4", bytes: sampleVideo(64 * 1024) };
  if (kinds.includes("document")) return { name: "letter.pdf", bytes: Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n") };
  throw new Error(`no sample file for a question taking ${kinds.join(", ")}: add one to sampleFile in tests/helpers/uploads.ts`);
}
