import { existsSync, readFileSync, statSync } from "node:fs";
import { describe, expect, inject, it } from "vitest";
import { fileFor, readPage } from "../helpers/site.ts";

const siteDir = inject("siteDir");
const KB = 1024;

/** What a first visit downloads for a page, compressed as the server sends it (brotli). */
function firstVisit(url: string) {
  const page = readPage(siteDir, url);
  const brotli = (path: string) => {
    const file = fileFor(siteDir, path);
    return existsSync(`${file}.br`) ? statSync(`${file}.br`).size : statSync(file).size;
  };
  const css = page.querySelectorAll('link[rel="stylesheet"]').map((l) => brotli(l.getAttribute("href")!));
  const js = page.querySelectorAll("script[src]").map((s) => brotli(s.getAttribute("src")!));
  const images = [...page.querySelectorAll("img[src]").map((i) => i.getAttribute("src")!), ...page.querySelectorAll('link[rel="icon"]').map((l) => l.getAttribute("href")!)].map(brotli);
  const sum = (list: number[]) => list.reduce((a, b) => a + b, 0);
  const html = brotli(url);
  return { html, css: sum(css), js: sum(js), images: sum(images), total: html + sum(css) + sum(js) + sum(images), stylesheets: page.querySelectorAll('link[rel="stylesheet"]').map((l) => l.getAttribute("href")!) };
}

const pageTypes: [string, string][] = [
  ["national index", "/"],
  ["Welsh national index", "/cy/"],
  ["find your force answer", "/find-your-force/kent/report-crime/"],
  ["outcome with find your force", "/kent/report/report-crime/outcome/another-force/"],
  ["force home", "/kent/"],
  ["hub", "/kent/report/"],
  ["guidance", "/kent/advice/emergency/"],
  ["service start", "/kent/report/report-crime/"],
  ["step", "/kent/report/report-crime/what-was-stolen/"],
  ["outcome", "/kent/report/report-crime/outcome/call-999/"],
  ["sensitive service start", "/kent/report/report-domestic-abuse/"],
  ["Welsh step", "/gwent/cy/report/report-crime/what-happened/"],
  ["step that takes files (its upload script is fetched only once a file is chosen)", "/kent/report/submit-driving-footage/footage/"],
];

describe("a first visit is light on a cheap phone", () => {
  it.each(pageTypes)("%s (%s): critical path ≤ 50 KB, CSS ≤ 20 KB, JavaScript ≤ 15 KB, brotli", (_type, url) => {
    const weight = firstVisit(url);
    expect(weight.total).toBeLessThanOrEqual(50 * KB);
    expect(weight.css).toBeLessThanOrEqual(20 * KB);
    expect(weight.js).toBeLessThanOrEqual(15 * KB);
  });

  it("loads no web fonts", () => {
    for (const [, url] of pageTypes) {
      for (const href of firstVisit(url).stylesheets) expect(readFileSync(fileFor(siteDir, href), "utf8"), href).not.toMatch(/@font-face|\.woff2?|GDS Transport/);
    }
  });
});
