import { mkdirSync } from "node:fs";
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
