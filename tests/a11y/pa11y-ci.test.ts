/**
 * `npm run a11y` as a force's web team runs it: pa11y-ci with the committed .pa11yci (WCAG2AA, the axe and
 * HTML_CodeSniffer runners, Debian's Chromium) against a running site. Kept to two pages and one broken page:
 * the whole catalogue's page kinds are checked in tests/a11y/pa11y.test.ts through pa11y's API.
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { siteUrl } from "../../lib/site/sitemap.ts";
import { servedApp } from "../helpers/service.ts";

const run = promisify(execFile);
const siteDir = inject("siteDir");
let site: Awaited<ReturnType<typeof servedApp>>;
let broken: Server;
let brokenUrl: string;

async function a11y(args: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ["--import", "tsx", "lib/cli/a11y.ts", ...args], { maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

beforeAll(async () => {
  site = await servedApp(siteDir);
  // A page with two mistakes each runner knows: no language, and a text box with no label.
  broken = createServer((_request, response) => {
    response.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    response.end('<!DOCTYPE html><html><head><title>Broken</title></head><body><main><h1>Broken</h1><input type="text" name="q"></main></body></html>');
  });
  await new Promise<void>((resolve) => broken.listen(0, "127.0.0.1", resolve));
  brokenUrl = `http://127.0.0.1:${(broken.address() as AddressInfo).port}/broken/`;
});
afterAll(async () => {
  await site?.close();
  await new Promise((resolve) => broken?.close(resolve));
});

describe("npm run a11y (pa11y-ci)", () => {
  it("passes a force's home page, read from its sitemap, and a step that reveals a question under a choice", async () => {
    const step = "/kent/report/report-crime/suspect/";
    // The step has a govuk conditional reveal, the markup .pa11yci's hideElements is there for.
    expect(readFileSync(path.join(siteDir, step, "index.html"), "utf8")).toMatch(/class="govuk-radios__input"[^>]*aria-controls="conditional-/);
    // The force's sitemap, its addresses (SITE_URL at build) pointed at this server, all but the home page left out.
    const sitemapArgs = ["kent", "--site", site.url, "--sitemap-find", siteUrl(), "--sitemap-replace", site.url, "--sitemap-exclude", "/kent/.+"];
    const result = await a11y([...sitemapArgs, `${site.url}${step}`]);
    expect(result.output).toContain(`${site.url}/kent/ - 0 errors`);
    expect(result.output).toContain(`${site.url}${step} - 0 errors`);
    expect(result.output).toContain("2/2 URLs passed");
    expect(result.code).toBe(0);
  });

  it("fails a page with errors, naming what each runner found", async () => {
    const result = await a11y([brokenUrl]);
    expect(result.code).toBe(2);
    expect(result.output).toContain("0/1 URLs passed");
    // axe's words, then HTML_CodeSniffer's, for the same missing language.
    expect(result.output).toContain("<html> element must have a lang attribute");
    expect(result.output).toContain("The html element should have a lang or xml:lang attribute");
  });

  it("asks what to check rather than checking nothing", async () => {
    const result = await a11y([]);
    expect(result.code).toBe(1);
    expect(result.output).toContain("Say what to check: a force's pages (npm run a11y -- kent)");
  });
});
