import { createRequire } from "node:module";
import type { DOMPurify as Purifier } from "dompurify";
import type { JSDOM as JsdomClass } from "jsdom";

const svgNamespace = "http://www.w3.org/2000/svg";
const xlinkNamespace = "http://www.w3.org/1999/xlink";

/** What cleaning an SVG found: the cleaned picture, or why it was refused. */
export type CleanedSvg = { svg: string } | { refused: string };

// jsdom is heavy to load: only a theme with an SVG logo or favicon loads it, once.
let loaded: { purifier: Purifier; window: JsdomClass["window"] } | undefined;
function tools() {
  if (!loaded) {
    const require = createRequire(import.meta.url);
    const { JSDOM } = require("jsdom") as typeof import("jsdom");
    const createDOMPurify = require("dompurify") as (window: unknown) => Purifier;
    const window = new JSDOM("").window;
    loaded = { purifier: createDOMPurify(window), window };
  }
  return loaded;
}

/** Elements that run or pull in something beyond the picture. */
const activeElements = new Set(["script", "foreignobject", "iframe", "embed", "object", "handler", "listener", "set", "animate"]);
/** A CSS or presentation value that fetches from elsewhere: url() to anything but one of the logo's own parts, or @import. */
const fetchesElsewhere = (value: string) => /@import/i.test(value) || [...value.matchAll(/url\(\s*(["']?)\s*([^)"']*)/gi)].some((m) => !m[2].trim().startsWith("#"));

/**
 * An SVG logo or favicon as a design tool exports it (XML prolog, comments, DOCTYPE, editor metadata), cleaned
 * by DOMPurify (its SVG profile, in jsdom) so that only the picture is published. Anything active is refused,
 * named, rather than quietly dropped: scripts, event handlers (however written: `<rect/onclick=…>` parses as one),
 * links and references to anything but the logo's own parts (`href="#id"`), `javascript:` URLs however encoded,
 * and CSS that fetches from elsewhere.
 */
export function cleanSvg(source: string): CleanedSvg {
  const { purifier, window } = tools();
  const found: string[] = [];
  const note = (what: string) => found.includes(what) || found.push(what);
  purifier.removeAllHooks();
  purifier.addHook("uponSanitizeElement", (node, data) => {
    const name = data.tagName;
    if (activeElements.has(name)) note(`a <${name}> element`);
    if (name === "style" && fetchesElsewhere(node.textContent ?? "")) note("a <style> that fetches from elsewhere (url() or @import)");
  });
  purifier.addHook("uponSanitizeAttribute", (node, data) => {
    const name = data.attrName;
    const value = data.attrValue.trim();
    const where = `<${node.nodeName.toLowerCase()}>`;
    if (name.startsWith("on")) note(`an event handler (${name}) on ${where}`);
    else if (name === "href" || name === "xlink:href") {
      if (!value.startsWith("#")) note(`${/^\s*javascript:/i.test(value.replace(/[\s\u0000-\u001f]/g, "")) ? "a javascript: link" : `a reference to ${JSON.stringify(value.slice(0, 60))}`} on ${where}`);
      data.keepAttr = value.startsWith("#");
    } else if (fetchesElsewhere(value)) note(`a ${name} that fetches from elsewhere on ${where}`);
  });
  const body = purifier.sanitize(source, { USE_PROFILES: { svg: true, svgFilters: true }, ADD_TAGS: ["use"], RETURN_DOM: true });
  purifier.removeAllHooks();
  // DOMPurify's own removals of anything active, in case a hook above did not see it.
  for (const removed of purifier.removed) {
    if ("element" in removed && removed.element && activeElements.has(removed.element.nodeName.toLowerCase())) note(`a <${removed.element.nodeName.toLowerCase()}> element`);
    if ("attribute" in removed && removed.attribute?.name.startsWith("on")) note(`an event handler (${removed.attribute.name}) on <${removed.from.nodeName.toLowerCase()}>`);
  }
  if (found.length) return { refused: `has ${found.join(", ")}; a logo must be a still picture that refers only to its own parts: remove ${found.length === 1 ? "it" : "them"} and export it again` };

  const roots = [...body.children];
  const svg = roots[0];
  if (roots.length !== 1 || svg.namespaceURI !== svgNamespace || svg.localName !== "svg") return { refused: "is not an SVG image (it must hold one <svg> … </svg>)" };
  if (!svg.hasAttribute("xmlns")) svg.setAttribute("xmlns", svgNamespace);
  if (!svg.hasAttribute("xmlns:xlink") && svg.outerHTML.includes("xlink:href")) svg.setAttribute("xmlns:xlink", xlinkNamespace);
  const cleaned = svg.outerHTML;
  // Served as a file, the logo is read as XML: it must be well-formed as well as clean.
  const check = new window.DOMParser().parseFromString(cleaned, "image/svg+xml");
  if (check.getElementsByTagName("parsererror").length || check.documentElement.namespaceURI !== svgNamespace) return { refused: "could not be cleaned into a well-formed SVG image: export it again as plain SVG" };
  return { svg: `${cleaned}\n` };
}
