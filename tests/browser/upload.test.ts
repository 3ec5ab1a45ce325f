/**
 * Evidence upload with JavaScript, in Chromium, on the real app with ClamAV's daemon scanning: a person on the
 * dashcam footage service chooses a video and a photo, sees each go with a labelled progress bar and hears it
 * said (a live region), finds each in the list of files added, and reaches a reference; the force pulls both and
 * their SHA-256 matches. A connection dropped mid-upload (Chromium's own network emulation gone offline) is said
 * to be lost, and once back online the upload carries on from where it stopped: one file, whole, no partial left.
 */
import { createHash } from "node:crypto";
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, CDPSession, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { FormValues } from "../../lib/services/form.ts";
import type { ServiceDefinition } from "../../lib/services/types.ts";
import { newApiKey } from "../../submit-service/delivery/api-keys.ts";
import { axeViolations } from "../helpers/a11y.ts";
import { launchChromium, newContext } from "../helpers/browser.ts";
import { happyPath, referencePattern } from "../helpers/journey.ts";
import { waitUntil } from "../helpers/patience.ts";
import { servedApp, serviceSite } from "../helpers/service.ts";
import { sampleFile, sampleVideo } from "../helpers/uploads.ts";
import { startClamd, type RunningClamd } from "../setup/clamd.ts";

const siteDir = inject("siteDir");
const start = "/kent/report/submit-driving-footage/";
const footage = `${start}footage/`;
const sha = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

let clamd: RunningClamd;
let site: Awaited<ReturnType<typeof servedApp>>;
let browser: Browser;
let definition: ServiceDefinition;
let tempDir: string;

beforeAll(async () => {
  clamd = await startClamd();
  site = await servedApp(siteDir, clamd.scanner);
  tempDir = path.join(path.dirname(site.service.dbFile), "uploading");
  definition = (await serviceSite()).services.get("kent")!.get("submit-driving-footage")!;
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await site?.close();
  await clamd?.stop();
});

const encoded = (form: FormValues) => {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(form)) for (const v of [value ?? []].flat()) body.append(name, v);
  return body.toString();
};

/** Posts pages as the browser's own form would (same cookies): the pages before or after the footage page. */
async function answer(context: BrowserContext, steps: ReturnType<typeof happyPath>) {
  for (const { step, form } of steps) {
    const url = `${site.url}${step === definition.steps[0] ? start : `${start}${step.id}/`}`;
    const response = await context.request.post(url, { data: encoded(form), headers: { "content-type": "application/x-www-form-urlencoded", origin: site.url }, maxRedirects: 0 });
    expect(response.status(), step.id).toBe(303);
  }
}

/** A person with JavaScript at the footage page, its connection to the site slowed to `bytesPerSecond` upwards. */
async function atFootage(bytesPerSecond: number): Promise<{ context: BrowserContext; page: Page; cdp: CDPSession }> {
  const context = await newContext(browser);
  const path = happyPath(definition);
  await answer(context, path.slice(0, path.findIndex((s) => s.step.id === "footage")));
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await network(cdp, { offline: false, bytesPerSecond });
  await page.goto(`${site.url}${footage}`);
  return { context, page, cdp };
}

const network = (cdp: CDPSession, { offline, bytesPerSecond }: { offline: boolean; bytesPerSecond: number }) =>
  cdp.send("Network.emulateNetworkConditions", { offline, latency: 0, downloadThroughput: -1, uploadThroughput: bytesPerSecond });

const filesListed = (page: Page) => page.locator("[data-fc-files] .govuk-summary-list__key").allInnerTexts();
/** Waits (across the page being posted again) until the list of files added holds `count`. */
const listedCount = (page: Page, count: number) => page.locator("[data-fc-files] .govuk-summary-list__key").nth(count - 1).waitFor();

/** Chooses a file, watches its progress bar and what is said, and waits for the page to list it. */
async function uploadWithProgress(page: Page, name: string, bytes: Buffer, listedBefore: number) {
  await page.locator("input[type=file]#footage").setInputFiles({ name, mimeType: "application/octet-stream", buffer: bytes });
  const bar = page.getByRole("progressbar", { name: new RegExp(`^Uploading ${name.replace(".", "\\.")}: \\d+%$`) });
  await bar.waitFor();
  expect(await page.getByRole("status").innerText()).toMatch(new RegExp(`^Uploading ${name.replace(".", "\\.")}: \\d+%$`));
  await listedCount(page, listedBefore + 1);
  expect((await filesListed(page)).at(-1)).toBe(name);
}

describe("evidence upload with JavaScript (Chromium)", () => {
  it("uploads a video and a photo with a progress bar, reaches a reference, and the force pulls both intact", async () => {
    const { context, page } = await atFootage(2 * 1024 * 1024);
    const clip = sampleVideo(4 * 1024 * 1024);
    const photo = sampleFile(["photo"]);
    const before = await site.service.store.countFiles();

    await uploadWithProgress(page, "front-camera.mp4", clip, 0);
    // A photo goes the same way.
    await page.locator("input[type=file]#footage").setInputFiles({ name: photo.name, mimeType: "image/jpeg", buffer: photo.bytes });
    await listedCount(page, 2);
    // The page with its list of files, as the script leaves it, is accessible.
    expect(await axeViolations(page)).toEqual([]);
    expect(await filesListed(page)).toEqual(["front-camera.mp4", photo.name]);
    expect(await site.service.store.countFiles()).toMatchObject({ files: before.files + 2 });

    await page.getByRole("button", { name: "Continue" }).click();
    await page.waitForURL(`${site.url}${start}statement-and-court/`);
    const path = happyPath(definition);
    await answer(context, path.slice(path.findIndex((s) => s.step.id === "footage") + 1));
    await page.goto(`${site.url}${start}check-answers/`);
    const answered = await page.locator(".govuk-summary-list__row", { hasText: "Upload your footage" }).locator("dd").first().innerText();
    expect(answered).toContain("front-camera.mp4 (a video, 4 MB)");
    expect(answered).toContain(`${photo.name} (a photo,`);
    await page.locator("form button.govuk-button").last().click();
    await page.waitForURL(`${site.url}${start}confirmation/`);
    const reference = referencePattern.exec(await page.locator("main").innerText())![1];

    const key = newApiKey("kent");
    await site.service.store.addApiKey({ id: key.id, forceId: "kent", keyHash: key.keyHash, createdAt: new Date().toISOString() });
    const auth = { authorization: `Bearer ${key.key}` };
    const report = (await (await fetch(`${site.url}/api/v1/forces/kent/reports/${reference}`, { headers: auth })).json()) as { payload: { included: { type: string; attributes: { name: string; sha256: string }; links: { download: string } }[] } };
    const files = report.payload.included.filter((r) => r.type === "file");
    expect(files.map((f) => [f.attributes.name, f.attributes.sha256])).toEqual([["front-camera.mp4", sha(clip)], [photo.name, sha(photo.bytes)]]);
    for (const [file, bytes] of [[files[0], clip], [files[1], photo.bytes]] as const) {
      const pulled = Buffer.from(await (await fetch(`${site.url}${file.links.download}`, { headers: auth })).arrayBuffer());
      expect(sha(pulled)).toBe(sha(bytes));
    }
    expect(readdirSync(tempDir)).toEqual([]);
    await context.close();
  });

  it("says when the connection drops mid-upload, and carries on from where it stopped once back online", async () => {
    const { context, page, cdp } = await atFootage(256 * 1024);
    const clip = sampleVideo(6 * 1024 * 1024);
    const before = await site.service.store.countFiles();
    const patches: { method: string; offset?: string }[] = [];
    page.on("request", (request) => {
      if (request.url().includes("/uploads/footage/")) patches.push({ method: request.method(), offset: request.headers()["upload-offset"] });
    });

    await page.locator("input[type=file]#footage").setInputFiles({ name: "rear-camera.mp4", mimeType: "video/mp4", buffer: clip });
    // Part of the clip is on the service's disk, and the phone goes out of signal.
    const partial = await waitUntil("part of the clip on the service's disk", async () => {
      const name = readdirSync(tempDir).find((f) => /^[0-9a-f]{32}$/.test(f));
      return name && statSync(path.join(tempDir, name)).size > 256 * 1024 ? name : undefined;
    });
    await network(cdp, { offline: true, bytesPerSecond: 256 * 1024 });
    await page.getByRole("status").filter({ hasText: "Connection lost. The upload will carry on when you are back online." }).waitFor();
    const held = statSync(path.join(tempDir, partial)).size;
    expect(held).toBeLessThan(clip.length);

    await network(cdp, { offline: false, bytesPerSecond: -1 });
    await listedCount(page, 1);
    expect(await filesListed(page)).toEqual(["rear-camera.mp4"]);
    // It resumed: the service was asked how much it held, and the rest was sent from there, not from the start.
    const resumedAt = patches.findIndex((r) => r.method === "HEAD");
    expect(resumedAt).toBeGreaterThan(0);
    expect(Number(patches.slice(resumedAt).find((r) => r.method === "PATCH")!.offset)).toBeGreaterThanOrEqual(held);
    expect(patches.filter((r) => r.method === "POST")).toHaveLength(1);
    // One file, whole, and no partial left behind.
    expect(await site.service.store.countFiles()).toMatchObject({ files: before.files + 1 });
    expect(await page.locator("[data-fc-files] input[name=footage]").getAttribute("value")).toContain(`|${sha(clip)}|${clip.length}|video|video/mp4|rear-camera.mp4`);
    expect(readdirSync(tempDir)).toEqual([]);
    await context.close();
  });
});
