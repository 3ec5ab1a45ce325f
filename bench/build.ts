/**
 * npm run bench:build — in one run on one machine:
 *  1. a full build of every force's site (no files from an earlier build, no cached Sass or esbuild output);
 *  2. a bare Eleventy 3 + govuk-frontend baseline of the same page count: a generated site in a temporary folder,
 *     each page its own template extending govuk-frontend's template.njk with a few of its macros;
 *  3. the same build of a synthetic catalogue of twice the real one (its services copied under new ids), to show the
 *     marginal cost per page.
 * Prints seconds, ms per page, the ratio to the baseline and peak memory (RSS).
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import nunjucks from "nunjucks";
import { build } from "../lib/cli/build.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const work = mkdtempSync(path.join(os.tmpdir(), "front-counter-bench-"));
const cache = path.join(root, "node_modules", ".cache", "front-counter");

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
async function measured<T>(run: () => Promise<T>): Promise<{ result: T; seconds: number; peakMb: number }> {
  global.gc?.();
  peakRss = process.memoryUsage().rss;
  const started = performance.now();
  const result = await run();
  const seconds = (performance.now() - started) / 1000;
  return { result, seconds, peakMb: Math.max(peakRss, process.memoryUsage().rss) / 1024 / 1024 };
}

/** A copy of the project's content with its services copied under new ids until there are `count`. */
function catalogue(count: number): string {
  const dir = path.join(work, `catalogue-${count}`);
  for (const folder of ["content", "forces", "themes"]) cpSync(path.join(root, folder), path.join(dir, folder), { recursive: true });
  symlinkSync(path.join(root, "node_modules"), path.join(dir, "node_modules"));
  const services = path.join(dir, "content", "services");
  const originals = readdirSync(services, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
  for (let copy = 2, made = originals.length; made < count; copy++) {
    for (const id of originals) {
      if (made >= count) break;
      const newId = `${id}-${copy}`;
      cpSync(path.join(services, id), path.join(services, newId), { recursive: true });
      const file = path.join(services, newId, "service.json");
      const definition = JSON.parse(readFileSync(file, "utf8"));
      writeFileSync(file, JSON.stringify({ ...definition, id: newId }, null, 2));
      made++;
    }
  }
  return dir;
}

/** The baseline: `pages` Nunjucks templates, each extending govuk-frontend's template with a header, a back link, an input and a button. */
async function eleventyBaseline(pages: number): Promise<number> {
  const input = path.join(work, "baseline");
  mkdirSync(path.join(input, "pages"), { recursive: true });
  for (let i = 0; i < pages; i++) {
    writeFileSync(
      path.join(input, "pages", `page-${i}.njk`),
      `---
permalink: /page-${i}/
---
{% extends "govuk/template.njk" %}
{% from "govuk/components/header/macro.njk" import govukHeader %}
{% from "govuk/components/back-link/macro.njk" import govukBackLink %}
{% from "govuk/components/input/macro.njk" import govukInput %}
{% from "govuk/components/button/macro.njk" import govukButton %}
{% block pageTitle %}Page ${i}{% endblock %}
{% block header %}{{ govukHeader({ homepageUrl: "/" }) }}{% endblock %}
{% block beforeContent %}{{ govukBackLink({ href: "/page-${Math.max(i - 1, 0)}/", text: "Back" }) }}{% endblock %}
{% block content %}
<h1 class="govuk-heading-l">Question ${i}</h1>
<form method="post">{{ govukInput({ label: { text: "Your answer to question ${i}" }, id: "answer-${i}", name: "answer" }) }}{{ govukButton({ text: "Continue" }) }}</form>
{% endblock %}
`,
    );
  }
  const { Eleventy } = await import("@11ty/eleventy");
  const eleventy = new Eleventy(input, path.join(work, "baseline-site"), {
    quietMode: true,
    config: (config: any) => {
      config.setLibrary("njk", new nunjucks.Environment(new nunjucks.FileSystemLoader([path.join(root, "node_modules", "govuk-frontend", "dist")]), { autoescape: true }));
    },
  });
  const results = (await eleventy.write()) as unknown as [unknown, { outputPath?: string }[]] | { outputPath?: string }[];
  const written = Array.isArray(results[0]) ? (results as [unknown, { outputPath?: string }[]])[1] : (results as { outputPath?: string }[]);
  return written.filter((r) => r.outputPath?.endsWith(".html")).length;
}

const cold = async (content: string, out: string) => {
  rmSync(cache, { recursive: true, force: true });
  return build(out, content);
};

const ms = (seconds: number, n: number) => ((seconds * 1000) / n).toFixed(2);
const only = process.argv.indexOf("--only");
if (only > 0) {
  // A build of another content folder, in a process of its own (the schema validators are compiled once per process).
  const figure = await measured(() => cold(process.argv[only + 1], path.join(work, "site")));
  console.log(JSON.stringify({ pages: figure.result.pages, seconds: figure.seconds, peakMb: figure.peakMb }));
} else {
  const project = await measured(() => cold(root, path.join(work, "site")));
  const pages = project.result.pages;
  const real = readdirSync(path.join(root, "content", "services"), { withFileTypes: true }).filter((e) => e.isDirectory()).length;
  console.log(`project, ${real} services             ${pages} pages in ${project.seconds.toFixed(2)} s (${ms(project.seconds, pages)} ms/page), peak ${project.peakMb.toFixed(0)} MB`);
  const again = await measured(() => build(path.join(work, "site"), root));
  console.log(`project rebuilt, nothing changed ${again.seconds.toFixed(2)} s (${again.result.written.length} files written)`);
  const baseline = await measured(() => eleventyBaseline(pages));
  console.log(`bare Eleventy + govuk-frontend   ${baseline.result} pages in ${baseline.seconds.toFixed(2)} s (${ms(baseline.seconds, baseline.result)} ms/page), peak ${baseline.peakMb.toFixed(0)} MB`);
  console.log(`ratio project / baseline         ${(project.seconds / baseline.seconds).toFixed(2)}`);
  const big = catalogue(real * 2);
  const child = spawnSync(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), "--only", big], { encoding: "utf8" });
  const doubled = JSON.parse(child.stdout.trim().split("\n").pop()!) as { pages: number; seconds: number; peakMb: number };
  console.log(`synthetic catalogue, ${real * 2} services ${doubled.pages} pages in ${doubled.seconds.toFixed(2)} s (${ms(doubled.seconds, doubled.pages)} ms/page), peak ${doubled.peakMb.toFixed(0)} MB`);
  console.log(`marginal cost                    ${(((doubled.seconds - project.seconds) * 1000) / (doubled.pages - pages)).toFixed(2)} ms per added page`);
  console.log(`load average at the end          ${os.loadavg().map((l) => l.toFixed(1)).join(" ")} (${os.cpus().length} cores)`);
}
clearInterval(sampler);
rmSync(work, { recursive: true, force: true });
