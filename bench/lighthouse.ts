/**
 * npm run bench:lighthouse — Lighthouse 12 (mobile) scores for five page types, against the real service on
 * loopback, with Debian's Chromium. Prints performance, accessibility, best practices and SEO for each.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import { listen, testService } from "../tests/helpers/service.ts";

const siteDir = path.resolve("_site");
const pages: [string, string][] = [
  ["national index", "/"],
  ["force home", "/kent/"],
  ["report hub", "/kent/report/"],
  ["service start", "/kent/report/report-crime/"],
  ["step", "/kent/report/report-crime/what-happened/"],
];

const service = await testService(siteDir);
const server = await listen(service.app);
const profile = mkdtempSync(path.join(os.tmpdir(), "front-counter-lighthouse-"));
const chrome = await chromeLauncher.launch({
  chromePath: "/usr/bin/chromium",
  userDataDir: profile,
  chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  console.log(`Lighthouse ${(await import("lighthouse/package.json", { with: { type: "json" } })).default.version}, mobile emulation, simulated throttling, Chromium at /usr/bin/chromium`);
  console.log("| page | performance | accessibility | best practices | SEO |");
  console.log("| --- | --- | --- | --- | --- |");
  for (const [name, url] of pages) {
    const result = await lighthouse(`${server.url}${url}`, { port: chrome.port, output: "json", logLevel: "error" });
    const categories = result!.lhr.categories;
    const score = (key: string) => Math.round((categories[key]?.score ?? 0) * 100);
    console.log(`| ${name} (${url}) | ${score("performance")} | ${score("accessibility")} | ${score("best-practices")} | ${score("seo")} |`);
  }
} finally {
  await chrome.kill();
  await server.close();
  await service.close();
  rmSync(profile, { recursive: true, force: true });
}
