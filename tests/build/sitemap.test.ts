import { spawn } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { parse } from "node-html-parser";
import { afterAll, describe, expect, inject, it } from "vitest";
import { siteUrl } from "../../lib/site/sitemap.ts";
import { copyContent } from "../helpers/content-root.ts";
import { waitUntil } from "../helpers/patience.ts";
import { freePort } from "../helpers/server-process.ts";
import { builtPages } from "../helpers/site.ts";

const siteDir = inject("siteDir");
const pages = builtPages(siteDir);
const locs = (xml: string) => parse(xml).querySelectorAll("url > loc").map((loc) => loc.text);

describe("each force's sitemap.xml", () => {
  it.each(["kent", "dyfed-powys"])("lists every page the build made for %s, in each language it publishes, but its 'page not found' page", (force) => {
    const xml = readFileSync(path.join(siteDir, force, "sitemap.xml"), "utf8");
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">')).toBe(true);
    const own = pages.filter((url) => url.startsWith(`/${force}/`) && !url.endsWith("/404/"));
    expect(own.length).toBeGreaterThan(20);
    expect(locs(xml)).toEqual(own.map((url) => `${siteUrl()}${url}`));
    expect(locs(xml)).toContain(`${siteUrl()}/${force}/report/report-crime/`);
    if (force === "dyfed-powys") expect(locs(xml)).toContain(`${siteUrl()}/dyfed-powys/cy/`);
    expect(xml).not.toContain("/404/");
  });

  it("takes its addresses from SITE_URL, and refuses one that is not an http(s) address", () => {
    expect(siteUrl(undefined)).toBe("http://localhost:8080");
    expect(siteUrl("https://report.police.example/")).toBe("https://report.police.example");
    expect(siteUrl("https://police.example/forces/")).toBe("https://police.example/forces");
    expect(() => siteUrl("report.police.example")).toThrow('SITE_URL must be the address the site is served from, such as https://report.police.example, not "report.police.example"');
    expect(() => siteUrl("ftp://police.example")).toThrow("SITE_URL must be an http or https address");
  });

  it("the preview serves it too, with the preview's own addresses", async () => {
    const root = copyContent();
    const port = await freePort();
    const preview = spawn(process.execPath, ["--import", "tsx", "preview/server.ts", "--root", root, "--port", String(port)], { stdio: "ignore" });
    try {
      const response = await waitUntil("the preview's sitemap", async () => {
        const answer = await fetch(`http://127.0.0.1:${port}/kent/sitemap.xml`).catch(() => undefined);
        return answer?.status === 200 ? answer : undefined;
      });
      expect(response.headers.get("content-type")).toBe("application/xml");
      const listed = locs(await response.text());
      expect(listed).toEqual(pages.filter((url) => url.startsWith("/kent/") && !url.endsWith("/404/")).map((url) => `http://localhost:${port}${url}`));
    } finally {
      preview.kill("SIGTERM");
      rmSync(root, { recursive: true, force: true });
    }
  });
});
