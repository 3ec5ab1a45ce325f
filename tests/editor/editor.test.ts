/**
 * A comms officer in Chromium, at /admin/ of `npm run edit` on a copy of the content: they change a sentence of
 * a shared page and see it in the preview as they type, then saved to disk, passing `npm run check` and in the
 * preview `npm run dev` serves; they pick a brand colour that fails contrast and are told before anything is
 * saved; they switch a service off for one force; they add a question to a service.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { launchChromium, newContext } from "../helpers/browser.ts";
import { copyContent } from "../helpers/content-root.ts";
import { waitUntil } from "../helpers/patience.ts";
import { freePort } from "../helpers/server-process.ts";

let root: string;
let editor: ChildProcess;
let output = "";
let origin: string;
let previewOrigin: string;
let browser: Browser;
let context: BrowserContext;
let page: Page;

/** What the page answers, once it answers at all. */
async function body(url: string): Promise<{ status: number; text: string } | undefined> {
  const response = await fetch(url).catch(() => undefined);
  return response && { status: response.status, text: await response.text() };
}

/** `npm run check -- --root <copy>`: its exit status and what it printed. */
function check(): { status: number | null; output: string } {
  const run = spawnSync(process.execPath, ["--import", "tsx", "lib/cli/check.ts", "--root", root], { encoding: "utf8" });
  return { status: run.status, output: run.stdout + run.stderr };
}

const read = (file: string) => readFileSync(path.join(root, file), "utf8");

/** Waits for a file on disk to satisfy `saved` (decap-server writes it when Decap publishes). */
async function savedFile(file: string, saved: (text: string) => boolean): Promise<string> {
  return waitUntil(`${file} saved`, async () => (saved(read(file)) ? read(file) : undefined), { gone: () => editor.exitCode !== null, diagnosis: () => output });
}

/** Opens an entry and waits until its editor is showing (Decap changes entries without loading a page). */
async function openEntry(collection: string, label: string, entry: string) {
  await page.goto(`${origin}/admin/#/collections/${collection}/entries/${entry}`);
  await page.getByText(`Writing in ${label} collection`).waitFor();
  await page.getByText("Changes saved").waitFor();
}

async function publish() {
  await page.getByRole("button", { name: "Publish" }).click();
  await page.getByRole("menuitem", { name: "Publish now" }).click();
}

beforeAll(async () => {
  root = copyContent();
  const [port, previewPort, proxyPort] = [await freePort(), await freePort(), await freePort()];
  origin = `http://127.0.0.1:${port}`;
  previewOrigin = `http://127.0.0.1:${previewPort}`;
  editor = spawn(process.execPath, ["--import", "tsx", "editor/server.ts", "--root", root, "--port", String(port), "--preview-port", String(previewPort), "--proxy-port", String(proxyPort)], { stdio: ["ignore", "pipe", "pipe"] });
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000));
  editor.stdout!.on("data", keep);
  editor.stderr!.on("data", keep);
  const ready = { gone: () => editor.exitCode !== null, diagnosis: () => output };
  await waitUntil("the editor at /admin/", async () => ((await body(`${origin}/admin/`))?.status === 200 ? true : undefined), ready);
  await waitUntil("the preview beside it", async () => ((await body(`${previewOrigin}/kent/`))?.status === 200 ? true : undefined), ready);
  browser = await launchChromium();
});

// Each task in a fresh tab, as an editor comes back to the editor.
beforeEach(async () => {
  context = await newContext(browser, { viewport: { width: 1400, height: 1000 } });
  page = await context.newPage();
  // decap-server's local backend needs no account: Decap asks only that the editor say they are there.
  await page.goto(`${origin}/admin/`);
  await page.getByRole("button", { name: "Login" }).click();
  await page.getByRole("link", { name: "Shared pages" }).waitFor();
});
afterEach(async () => {
  await context?.close();
});

afterAll(async () => {
  await browser?.close();
  editor?.kill("SIGTERM");
  if (editor && editor.exitCode === null) await new Promise((resolve) => editor.once("exit", resolve));
  rmSync(root, { recursive: true, force: true });
});

describe("npm run edit: Decap CMS at /admin/, writing to the working tree", () => {
  it("changes a sentence of a shared page: the preview shows it unsaved, the file changes, the check passes, the preview site shows it", async () => {
    const before = "If you are deaf, hard of hearing or speech-impaired:";
    const after = "If you are deaf, hard of hearing or have a speech impairment:";
    expect(read("content/pages/contact-us.md")).toContain(before);
    await openEntry("pages", "Shared pages", "content-pages-contact-us-md");
    const bodyField = page.getByLabel(/^Body/);
    await bodyField.fill((await bodyField.inputValue()).replace(before, after));

    // Rendered by the project's templates for a chosen force, before anything is saved.
    const preview = page.frameLocator("#preview-pane");
    await preview.getByLabel("Preview as").selectOption({ label: "Kent Police" });
    const unsaved = preview.frameLocator('iframe[title="English page, unsaved"]');
    await unsaved.getByText(after).waitFor();
    await expect(unsaved.locator("h1").innerText()).resolves.toBe("Contact us");
    await expect(unsaved.getByText("Kent Police", { exact: true }).first().isVisible()).resolves.toBe(true);
    expect(read("content/pages/contact-us.md")).toContain(before);

    await publish();
    const saved = await savedFile("content/pages/contact-us.md", (text) => text.includes(after));
    expect(saved).not.toContain(before);
    expect(saved).toMatch(/^---\ntitle: Contact us\ndescription: How to contact the police in an emergency and when it is not an emergency.\n---\n/);
    expect(check()).toMatchObject({ status: 0 });
    await waitUntil("the preview showing the saved sentence", async () => ((await body(`${previewOrigin}/kent/contact-us/`))?.text.includes(after) ? true : undefined));
  });

  it("sets a brand colour that fails contrast and is told so, naming the pair, before saving; saving is refused", async () => {
    const theme = read("themes/kent/theme.json");
    await openEntry("themes", "Themes", "kent");
    const brand = page.getByLabel("Brand colour", { exact: true });
    await page.getByText("Passes the contrast check (WCAG 2.2 AA).").first().waitFor();
    await brand.fill("#ffdd00");
    await page.getByText("Fails the contrast check: too little contrast for WCAG 2.2 AA: header text on the header bar (#ffffff on #ffdd00: 1.35:1, needs 4.5:1)").first().waitFor();
    // …and the nearest colour that would pass, as `npm run check` suggests it.
    await page.getByText("Change brandColour to #837100: the nearest colour of the same hue that passes.").first().waitFor();
    // The preview beside it says the same, in the check's words, naming the file and field.
    const preview = page.frameLocator("#preview-pane");
    await preview.getByRole("alert").filter({ hasText: "themes/kent/theme.json: /brandColour — too little contrast for WCAG 2.2 AA: header text on the header bar (#ffffff on #ffdd00: 1.35:1, needs 4.5:1)" }).waitFor();
    expect(read("themes/kent/theme.json")).toBe(theme);

    await publish();
    // Decap refuses to save a field its widget says is invalid, and lists the gate's words as the field's error.
    await page.getByRole("listitem").filter({ hasText: "brand colour (borders, focus accents) against the white page (#ffdd00 on #ffffff: 1.35:1, needs 3:1)" }).waitFor();
    await page.getByText("Unsaved changes").waitFor();
    expect(read("themes/kent/theme.json")).toBe(theme);

    // A passing colour clears it, and the preview shows Kent's home page in it, rendered unsaved.
    await brand.fill("#0b0c0c");
    await page.getByText("Passes the contrast check (WCAG 2.2 AA).").first().waitFor();
    const unsaved = preview.frameLocator('iframe[title="English page, unsaved"]');
    await waitUntil("the preview in the new colour", async () => ((await unsaved.locator('meta[name="theme-color"]').getAttribute("content").catch(() => null)) === "#0b0c0c" ? true : undefined));
    await expect(unsaved.locator("h1").innerText()).resolves.toBe("Get help from the police");
    expect(read("themes/kent/theme.json")).toBe(theme);
  });

  it("switches a service off for one force: its force file gains it, the check passes, its report page no longer lists it", async () => {
    expect(JSON.parse(read("forces/kent.json")).services).toBeUndefined();
    await openEntry("forces", "Forces", "kent");
    const off = page.getByRole("combobox", { name: /^Off/ });
    await off.click();
    await page.getByRole("option", { name: "report-lost-property", exact: true }).click();
    await publish();
    const saved = JSON.parse(await savedFile("forces/kent.json", (text) => text.includes("report-lost-property")));
    expect(saved).toMatchObject({ id: "kent", name: "Kent Police", services: { off: ["report-lost-property"] } });
    // Only what the editor changed: the rest of the record is as it was, in the same order.
    expect(Object.keys(saved).slice(0, 5)).toEqual(["$schema", "id", "name", "domain", "code"]);
    expect(check()).toMatchObject({ status: 0 });
    await waitUntil("Kent's report page without lost property", async () => {
      const hub = await body(`${previewOrigin}/kent/report/`);
      return hub?.status === 200 && !hub.text.includes("/kent/report/report-lost-property/") ? true : undefined;
    });
    expect((await body(`${previewOrigin}/essex/report/`))?.text).toContain("/essex/report/report-lost-property/");
  });

  it("adds a question to a service: the definition gains it, in English and Welsh, and the check passes", async () => {
    const file = "content/services/report-lost-property/service.json";
    const before = JSON.parse(read(file));
    await openEntry("services", "Services", "report-lost-property");
    const step = page.getByText("where-lost", { exact: true }).locator("xpath=..");
    await step.locator("button").first().click();
    await step.getByRole("button", { name: "Add questions" }).click();
    // One choice per answer type, from the schema's own list.
    await expect(page.getByRole("menuitem").allInnerTexts()).resolves.toEqual(expect.arrayContaining(["Text", "Textarea", "Yes no", "Radios", "Checkboxes", "Date"]));
    await page.getByRole("menuitem", { name: "Text", exact: true }).click();
    await step.getByLabel("Id", { exact: true }).last().fill("nearest-landmark");
    const label = step.locator('[id^="label-field-"]').last();
    await label.getByLabel("English").fill("What is the nearest landmark, if you know it?");
    await label.getByLabel("Welsh").fill("Beth yw’r tirnod agosaf, os ydych chi’n gwybod?");
    const errorName = step.locator('[id^="errorName-field-"]').last();
    await errorName.getByLabel("English").fill("the nearest landmark");
    await errorName.getByLabel("Welsh").fill("y tirnod agosaf");
    await publish();

    const saved = JSON.parse(await savedFile(file, (text) => text.includes("nearest-landmark")));
    const where = saved.steps.find((s: { id: string }) => s.id === "where-lost");
    expect(where.questions.at(-1)).toEqual({
      type: "text",
      id: "nearest-landmark",
      label: { en: "What is the nearest landmark, if you know it?", cy: "Beth yw’r tirnod agosaf, os ydych chi’n gwybod?" },
      errorName: { en: "the nearest landmark", cy: "y tirnod agosaf" },
    });
    // Nothing else in the definition changed, and its keys keep their order.
    where.questions.pop();
    expect(saved).toEqual(before);
    expect(Object.keys(saved)).toEqual(Object.keys(before));
    expect(check()).toMatchObject({ status: 0 });
    await waitUntil("the new question in the preview", async () => ((await body(`${previewOrigin}/essex/report/report-lost-property/where-lost/`))?.text.includes("What is the nearest landmark, if you know it?") ? true : undefined));
  });
});
