import { loadForces } from "../../lib/forces/load.ts";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync, existsSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build } from "../../lib/cli/build.ts";
import { copyContent } from "../helpers/content-root.ts";

/** Every file of a built site (pages, assets, their .br and .gz) with a hash of its content. */
function snapshot(siteDir: string): Map<string, string> {
  const files = new Map<string, string>();
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else files.set(path.relative(siteDir, full), createHash("sha1").update(readFileSync(full)).digest("hex"));
    }
  };
  visit(siteDir);
  // The build's own records (manifest.json, build.json) change with every build; they are not the site.
  for (const file of files.keys()) if (file.startsWith(`.front-counter${path.sep}`)) files.delete(file);
  // A force's site search index (lib/site/search.ts) is made again whenever one of its pages changes: it is not a page.
  for (const file of files.keys()) if (file.split(path.sep).includes("pagefind")) files.delete(file);
  return files;
}

/** What differs between two snapshots: changed, added and removed files. */
function difference(before: Map<string, string>, after: Map<string, string>) {
  return {
    changed: [...after].filter(([file, hash]) => before.has(file) && before.get(file) !== hash).map(([file]) => file).sort(),
    added: [...after.keys()].filter((file) => !before.has(file)).sort(),
    removed: [...before.keys()].filter((file) => !after.has(file)).sort(),
  };
}

const withCompressed = (pages: string[]) => pages.flatMap((page) => [page, `${page}.br`, `${page}.gz`]).sort();
/** Every force as the build reads it: its own file over the national defaults (forces/_defaults.json). */
const forceRecords = () => loadForces(".").forces;

describe("a build after one change rewrites what the change affects, and nothing else", () => {
  let root: string;
  let siteDir: string;
  let before: Map<string, string>;
  const rebuild = async () => {
    before = snapshot(siteDir);
    await build(siteDir, root);
    return difference(before, snapshot(siteDir));
  };

  beforeAll(async () => {
    root = copyContent();
    siteDir = path.join(root, "_site");
    // A page of Kent's own, to take away later.
    mkdirSync(path.join(root, "forces/kent/pages/advice"), { recursive: true });
    writeFileSync(path.join(root, "forces/kent/pages/advice/hop-picking.md"), "---\ntitle: Hop picking\ndescription: Working on a farm in Kent.\n---\n\nAsk the farm for a copy of your contract.\n");
    await build(siteDir, root);
  }, 600_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("with nothing changed, writes nothing", async () => {
    expect(await rebuild()).toEqual({ changed: [], added: [], removed: [] });
  }, 300_000);

  it("a change to a shared page changes that page on every force that has no page of its own in its place, and only there", async () => {
    const file = path.join(root, "content/pages/advice/emergency.md");
    writeFileSync(file, `${readFileSync(file, "utf8")}\nIf you are not sure, call anyway.\n`);
    const change = await rebuild();
    const pages = forceRecords().filter((f) => !existsSync(path.join(root, `forces/${f.id}/pages/advice/emergency.md`))).map((f) => `${f.id}/advice/emergency/index.html`);
    expect(change).toEqual({ changed: withCompressed(pages), added: [], removed: [] });
    for (const page of pages) expect(readFileSync(path.join(siteDir, page), "utf8"), page).toContain("If you are not sure, call anyway.");
  }, 300_000);

  it("a change to a service's question changes that step on every force that offers the service, in the language changed", async () => {
    const file = path.join(root, "content/services/report-crime/service.json");
    const definition = JSON.parse(readFileSync(file, "utf8"));
    const step = definition.steps.find((s: { questions: { hint?: { en: string } }[] }) => s.questions.some((q) => q.hint));
    const question = step.questions.find((q: { hint?: object }) => q.hint);
    question.hint.en = "For example, someone is hurt right now.";
    writeFileSync(file, JSON.stringify(definition, null, 2));
    const change = await rebuild();
    const stepPath = definition.steps[0].id === step.id ? "" : `${step.id}/`;
    const offering = forceRecords().filter((f) => !f.services?.off?.includes("report-crime"));
    const pages = offering.map((f) => `${f.id}/report/report-crime/${stepPath}index.html`);
    expect(offering.length).toBeGreaterThan(0);
    expect(change).toEqual({ changed: withCompressed(pages), added: [], removed: [] });
    for (const page of pages) expect(readFileSync(path.join(siteDir, page), "utf8"), page).toContain("For example, someone is hurt right now.");
  }, 300_000);

  it("a change to a theme's colour changes only the forces that wear it", async () => {
    const file = path.join(root, "themes/kent/theme.json");
    const theme = JSON.parse(readFileSync(file, "utf8"));
    theme.brandColour = "#0b2a50";
    writeFileSync(file, JSON.stringify(theme, null, 2));
    const change = await rebuild();
    const wearers = forceRecords().filter((f) => f.theme === "kent").map((f) => f.id);
    const touched = [...change.changed, ...change.added, ...change.removed];
    expect(touched.length).toBeGreaterThan(0);
    for (const file of touched) expect(wearers.some((id) => file.startsWith(`${id}/`)) || file.startsWith("themes/kent/"), file).toBe(true);
    // Every page of those forces links the new stylesheet; the old one is gone.
    const kentPages = [...before.keys()].filter((f) => f.startsWith("kent/") && f.endsWith(".html"));
    expect(change.changed.filter((f) => f.endsWith(".html")).sort()).toEqual(kentPages.sort());
    expect(change.added.filter((f) => f.endsWith(".css"))).toHaveLength(1);
    expect(change.removed.filter((f) => f.endsWith(".css"))).toHaveLength(1);
    expect(readFileSync(path.join(siteDir, "kent/index.html"), "utf8")).toContain(change.added.find((f) => f.endsWith(".css")));
  }, 300_000);

  /** The built pages whose HTML contains a text, as the site is now. */
  const pagesShowing = (text: string) => [...snapshot(siteDir).keys()].filter((f) => f.endsWith(".html") && readFileSync(path.join(siteDir, f), "utf8").includes(text)).sort();

  it("a change to a UI string changes every page that shows it, and only those", async () => {
    const file = path.join(root, "content/locales/en.json");
    const strings = JSON.parse(readFileSync(file, "utf8"));
    // The lead paragraph over the groups of services, on each force's English hub page.
    strings.report.hubLead = "Report it, ask for it, apply for it or pay it online.";
    writeFileSync(file, JSON.stringify(strings, null, 2));
    const change = await rebuild();
    const showing = pagesShowing(`<p class="govuk-body-l">Report it, ask for it, apply for it or pay it online.</p>`);
    expect(showing).toEqual(expect.arrayContaining(forceRecords().map((f) => `${f.id}/report/index.html`)));
    expect(change).toEqual({ changed: withCompressed(showing), added: [], removed: [] });
  }, 300_000);

  it("a change to a layout changes every page made with it, and only those", async () => {
    // The hub layout: each force's list of services, in every language it publishes.
    const file = path.join(root, "content/_includes/layouts/hub.njk");
    const showing = pagesShowing('<ul class="govuk-list fc-service-list">');
    expect(showing.length).toBeGreaterThanOrEqual(forceRecords().length);
    writeFileSync(file, readFileSync(file, "utf8").replace('<ul class="govuk-list fc-service-list">', '<ul class="govuk-list fc-service-list" data-edited>'));
    const change = await rebuild();
    expect(change).toEqual({ changed: withCompressed(showing), added: [], removed: [] });
    expect(pagesShowing('<ul class="govuk-list fc-service-list" data-edited>')).toEqual(showing);
  }, 300_000);

  it("a removed page disappears from the site with its .br and .gz and from its force's sitemap, and no other page changes", async () => {
    expect(readFileSync(path.join(siteDir, "kent/sitemap.xml"), "utf8")).toContain("/kent/advice/hop-picking/</loc>");
    rmSync(path.join(root, "forces/kent/pages/advice/hop-picking.md"));
    const change = await rebuild();
    expect(change).toEqual({ changed: ["kent/sitemap.xml"], added: [], removed: withCompressed(["kent/advice/hop-picking/index.html"]) });
    expect(existsSync(path.join(siteDir, "kent/advice/hop-picking"))).toBe(false);
    expect(readFileSync(path.join(siteDir, "kent/sitemap.xml"), "utf8")).not.toContain("/kent/advice/hop-picking/");
  }, 300_000);
});
