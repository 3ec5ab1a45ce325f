/**
 * npm run bench:dev — seconds from a save to the page being looked at reloaded with the change in, for each kind
 * of edit an editor makes, in `npm run dev` (the preview), on a copy of the content. A page reloads when the
 * preview's event stream says the content changed; this measures save → that event → the page fetched again
 * showing the change, as the reload script does. Median of several saves per kind.
 */
import { spawn } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { copyContent } from "../tests/helpers/content-root.ts";
import { freePort } from "../tests/helpers/server-process.ts";

const saves = Number(process.env.SAVES ?? 5);
const root = copyContent();
const port = await freePort();
const origin = `http://127.0.0.1:${port}`;
const preview = spawn(process.execPath, ["--import", "tsx", "preview/server.ts", "--root", root, "--port", String(port)], { stdio: "ignore" });
const page = async (url: string) => (await fetch(`${origin}${url}`).catch(() => undefined))?.text();
const started = performance.now();
while (!(await page("/kent/"))?.includes("Kent")) await new Promise((resolve) => setTimeout(resolve, 100));
console.log(`Preview answering in ${((performance.now() - started) / 1000).toFixed(1)} s (${new Date().toISOString().slice(0, 16)}Z)`);

/** The preview's "content changed" events, as the reload script hears them. */
const events = await fetch(`${origin}/__preview/events`);
const reader = events.body!.getReader();
let heard = "";
let nextEvent: (() => void) | undefined;
void (async () => {
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    heard += new TextDecoder().decode(value);
    nextEvent?.();
  }
})();
const versionAfter = (count: number) => new Promise<void>((resolve) => {
  const check = () => ((heard.match(/event: version/g) ?? []).length > count ? resolve() : undefined);
  nextEvent = check;
  check();
});

const file = (relative: string) => path.join(root, relative);
const english = JSON.parse(readFileSync(file("content/locales/en.json"), "utf8")) as Record<string, Record<string, string>>;
const kentHome = (await page("/kent/"))!;
const [section, key] = Object.entries(english).flatMap(([s, strings]) => (typeof strings === "object" ? Object.entries(strings).filter(([, v]) => typeof v === "string" && v.length > 12 && !v.includes("{") && kentHome.includes(v)).map(([k]) => [s, k]) : []))[0];

/** Each kind of edit: the file saved, how a save changes it (n makes each save different), and the page that must show it. */
const kinds: { kind: string; relative: string; url: string; edit: (text: string, n: number) => string; shows: (html: string, n: number) => boolean | Promise<boolean> }[] = [
  { kind: "a shared page", relative: "content/pages/advice/emergency.md", url: "/kent/advice/emergency/", edit: (t, n) => `${t}\nSaved ${n}.\n`, shows: (h, n) => h.includes(`Saved ${n}.`) },
  { kind: "a force's own page", relative: "forces/btp/pages/advice/non-emergency.md", url: "/btp/advice/non-emergency/", edit: (t, n) => `${t}\nSaved ${n}.\n`, shows: (h, n) => h.includes(`Saved ${n}.`) },
  { kind: "a UI string", relative: "content/locales/en.json", url: "/kent/", edit: (t, n) => t.replace(JSON.stringify(english[section][key]), JSON.stringify(`${english[section][key]} ${n}`)), shows: (h, n) => h.includes(`${english[section][key]} ${n}`) },
  { kind: "a service definition", relative: "content/services/report-crime/service.json", url: "/kent/report/report-crime/", edit: (t, n) => t.replace('"en": "Report a crime"', `"en": "Report a crime ${n}"`), shows: (h, n) => h.includes(`Report a crime ${n}`) },
  { kind: "an outcome", relative: "content/outcomes/call-999.md", url: "/kent/report/report-crime/outcome/call-999/", edit: (t, n) => `${t}\nSaved ${n}.\n`, shows: (h, n) => h.includes(`Saved ${n}.`) },
  { kind: "a theme colour", relative: "themes/kent/theme.json", url: "/kent/", edit: (t, n) => t.replace(/"brandColour": "#[0-9a-f]{6}"/, `"brandColour": "${n % 2 ? "#0d2e58" : "#0d2e57"}"`), shows: async (h, n) => {
      // The colour is in the force's own small stylesheet, which the page links by a new name after the change.
      const sheets = [...h.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)].map((m) => m[1]);
      const css = await Promise.all(sheets.map((href) => page(href)));
      return css.some((text) => text?.includes(n % 2 ? "#0d2e58" : "#0d2e57"));
    } },
];

console.log("save → page reloaded with the change, median of", saves, "saves");
for (const { kind, relative, url, edit, shows } of kinds) {
  const original = readFileSync(file(relative), "utf8");
  const times: number[] = [];
  for (let n = 1; n <= saves; n++) {
    const count = (heard.match(/event: version/g) ?? []).length;
    const at = performance.now();
    writeFileSync(file(relative), edit(original, n));
    await versionAfter(count);
    let html = await page(url);
    while (!html || !(await shows(html, n))) html = await page(url);
    times.push(performance.now() - at);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  writeFileSync(file(relative), original);
  times.sort((a, b) => a - b);
  console.log(`${kind.padEnd(24)} median ${(times[Math.floor(times.length / 2)] / 1000).toFixed(2)} s  (fastest ${(times[0] / 1000).toFixed(2)}, slowest ${(times[times.length - 1] / 1000).toFixed(2)})`);
}
preview.kill("SIGTERM");
await reader.cancel().catch(() => {});
rmSync(root, { recursive: true, force: true });
process.exit(0);
