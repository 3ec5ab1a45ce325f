import { readFileSync } from "node:fs";
import { JSDOM } from "jsdom";
import { describe, expect, it } from "vitest";
import { cleanSvg } from "../../lib/themes/svg.ts";

const exported = readFileSync("tests/fixtures/logos/exported.svg", "utf8");
const svg = (inner: string) => `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">${inner}</svg>`;
const refusal = (source: string) => {
  const cleaned = cleanSvg(source);
  return "refused" in cleaned ? cleaned.refused : `accepted: ${cleaned.svg}`;
};

describe("an SVG logo as a design tool exports it", () => {
  const cleaned = cleanSvg(exported);
  const text = "svg" in cleaned ? cleaned.svg : "";

  it("is accepted, without its XML prolog, comments, DOCTYPE or the editor's metadata", () => {
    expect(cleaned).toHaveProperty("svg");
    expect(text.startsWith("<svg")).toBe(true);
    for (const gone of ["<?xml", "<!--", "<!DOCTYPE", "Illustrator", "sodipodi", "inkscape", "rdf:", "<metadata><rdf"]) expect(text).not.toContain(gone);
  });

  it("keeps the picture: its shapes, its own references (#star, url(#shine)), its style and its text", () => {
    const document = new JSDOM(text, { contentType: "image/svg+xml" }).window.document;
    const root = document.documentElement;
    expect(root.namespaceURI).toBe("http://www.w3.org/2000/svg");
    expect(root.getAttribute("viewBox")).toBe("0 0 240 48");
    const use = root.getElementsByTagName("use")[0];
    expect(use.getAttributeNS("http://www.w3.org/1999/xlink", "href")).toBe("#star");
    expect(use.getAttribute("fill")).toBe("url(#shine)");
    expect(root.getElementsByTagName("path")).toHaveLength(2);
    expect(root.getElementsByTagName("style")[0].textContent).toContain(".st0{fill:#FFFFFF;}");
    expect(root.getElementsByTagName("text")[0].textContent).toBe("Kent & Medway");
  });
});

describe("an SVG with anything active is refused, naming it", () => {
  it.each([
    ["a script", svg("<script>alert(1)</script><rect width='5' height='5'/>"), "has a <script> element;"],
    ["an event handler", svg('<rect width="5" height="5" onclick="alert(1)"/>'), "has an event handler (onclick) on <rect>;"],
    ["an event handler after a slash (<rect/onclick=…>)", svg('<rect/onclick="alert(1)" width="5"/>'), "has an event handler (onclick) on <rect>;"],
    ["a link to a website", svg('<a href="http://example.com/"><rect width="5" height="5"/></a>'), 'has a reference to "http://example.com/" on <a>;'],
    ["an external picture", svg('<image href="https://example.com/x.png" width="5" height="5"/>'), 'has a reference to "https://example.com/x.png" on <image>;'],
    ["an external use", svg('<use xlink:href="http://example.com/sprite.svg#logo"/>'), 'has a reference to "http://example.com/sprite.svg#logo" on <use>;'],
    ["an encoded javascript: URL", svg('<a href="&#106;ava&#x09;script:alert(1)"><rect width="5" height="5"/></a>'), "has a javascript: link on <a>;"],
    ["CSS that fetches from elsewhere", svg("<style>@import url(http://example.com/x.css);</style>"), "has a <style> that fetches from elsewhere (url() or @import);"],
    ["a fill from another file", svg('<rect width="5" height="5" fill="url(http://example.com/g.svg#g)"/>'), "has a fill that fetches from elsewhere on <rect>;"],
  ])("%s", (_name, source, said) => {
    expect(refusal(source)).toContain(said);
  });

  it("says what to do", () => {
    expect(refusal(svg("<script>alert(1)</script>"))).toBe("has a <script> element; a logo must be a still picture that refers only to its own parts: remove it and export it again");
  });

  it("refuses a file that is not an SVG image", () => {
    expect(refusal("<html><body><p>Not a logo</p></body></html>")).toBe("is not an SVG image (it must hold one <svg> … </svg>)");
  });
});
