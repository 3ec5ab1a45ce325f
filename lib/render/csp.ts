import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";

/**
 * govuk-frontend's page template carries one inline script (it marks the page as JS-enabled).
 * A strict CSP allows exactly that script by its hash, read from the template we render with,
 * so a govuk-frontend upgrade that changes the script cannot silently break it.
 */
export function templateScriptHashes(root: string): string[] {
  const template = readFileSync(path.join(root, "node_modules", "govuk-frontend", "dist", "govuk", "template.njk"), "utf8");
  return [...template.matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g)].map(
    ([, body]) => `'sha256-${createHash("sha256").update(body).digest("base64")}'`,
  );
}
