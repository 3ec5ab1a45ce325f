import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse, type HTMLElement } from "node-html-parser";

/** Every HTML file under a built site, as site-relative URLs ("/kent/", "/kent/contact-us/"). */
export function builtPages(siteDir: string): string[] {
  const pages: string[] = [];
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (entry.name === "index.html") pages.push("/" + path.relative(siteDir, dir).split(path.sep).filter(Boolean).map((s) => s + "/").join(""));
    }
  };
  visit(siteDir);
  return pages.sort();
}

export function fileFor(siteDir: string, url: string): string {
  const clean = decodeURI(url.split(/[?#]/)[0]);
  return path.join(siteDir, clean.endsWith("/") ? `${clean}index.html` : clean);
}

export function readPage(siteDir: string, url: string): HTMLElement {
  return parse(readFileSync(fileFor(siteDir, url), "utf8"));
}

export function readAsset(siteDir: string, url: string): string {
  return readFileSync(fileFor(siteDir, url), "utf8");
}
