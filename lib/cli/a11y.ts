/**
 * npm run a11y -- [<force-id>] [--site <origin>] [--sitemap <url>] [<page url> …] [any other pa11y-ci option]
 * Runs pa11y-ci with the committed .pa11yci (WCAG2AA, both runners — axe and HTML_CodeSniffer — in Debian's
 * Chromium) over a running site: one force's pages, read from its sitemap.xml (`npm run a11y -- kent` reads
 * http://localhost:8080/kent/sitemap.xml; `--site` names another origin), any sitemap, or the pages named.
 * Exits as pa11y-ci does: 0 when no page has an error, 2 when one has.
 */
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { defaultSiteUrl, siteUrl } from "../site/sitemap.ts";

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const forceId = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const usage = `Say what to check: a force's pages (npm run a11y -- kent), a sitemap (npm run a11y -- --sitemap ${defaultSiteUrl}/kent/sitemap.xml) or pages by address; the site must be running (npm start).`;

/** pa11y-ci's arguments for what was asked: a lone force id becomes its sitemap on the running site. */
export function pa11yCiArguments(args: string[]): string[] | undefined {
  const rest = [...args];
  let site = defaultSiteUrl;
  const siteAt = rest.indexOf("--site");
  if (siteAt !== -1) {
    if (!rest[siteAt + 1]) throw new Error(`--site needs the address the site is running at, such as ${defaultSiteUrl}`);
    site = siteUrl(rest[siteAt + 1]);
    rest.splice(siteAt, 2);
  }
  // A force's id comes first; everything after it (or everything, without one) is pa11y-ci's.
  const force = rest.length && forceId.test(rest[0]) ? rest.shift() : undefined;
  if (!force && !rest.some((arg) => arg === "--sitemap" || arg === "-s" || /^https?:\/\//.test(arg))) return undefined;
  const sitemap = force ? ["--sitemap", `${site}/${force}/sitemap.xml`] : [];
  return ["--config", path.join(projectRoot, ".pa11yci"), ...sitemap, ...rest];
}

function main() {
  let args: string[] | undefined;
  try {
    args = pa11yCiArguments(process.argv.slice(2));
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
  if (!args) {
    console.error(usage);
    process.exit(1);
  }
  const bin = createRequire(import.meta.url).resolve("pa11y-ci/bin/pa11y-ci.js");
  const child = spawn(process.execPath, [bin, ...args], { stdio: "inherit", cwd: projectRoot });
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
