import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ServiceDefinition } from "../../lib/services/types.ts";
import { copyContent } from "../helpers/content-root.ts";
import { completeReport, referencePattern, Visitor } from "../helpers/journey.ts";
import { freePort } from "../helpers/server-process.ts";

/** Asks until the answer satisfies `ready` (the preview reloads content after a save in its own time). */
async function until(url: string, ready: (status: number, body: string) => boolean): Promise<{ status: number; body: string }> {
  for (;;) {
    const response = await fetch(url).catch(() => undefined);
    if (response) {
      const answer = { status: response.status, body: await response.text() };
      if (ready(answer.status, answer.body)) return answer;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("npm run dev: the preview editors work in", () => {
  let root: string;
  let preview: ChildProcess;
  let origin: string;

  beforeAll(async () => {
    root = copyContent();
    const port = await freePort();
    origin = `http://127.0.0.1:${port}`;
    preview = spawn(process.execPath, ["--import", "tsx", "preview/server.ts", "--root", root, "--port", String(port)], { stdio: "ignore" });
    await until(`${origin}/kent/`, (status) => status === 200);
  }, 300_000);
  afterAll(() => {
    preview?.kill("SIGTERM");
    rmSync(root, { recursive: true, force: true });
  });

  it("walks a whole report, steps to check answers, to a confirmation with a reference", async () => {
    const definition = JSON.parse(readFileSync(path.join(root, "content/services/report-crime/service.json"), "utf8")) as ServiceDefinition;
    const reference = await completeReport(new Visitor(origin), "kent", definition);
    expect(reference).toMatch(referencePattern);
  }, 120_000);

  it("shows a content error in the browser, naming the file and what is wrong, and clears it when fixed", async () => {
    const file = path.join(root, "content/pages/advice/emergency.md");
    const good = readFileSync(file, "utf8");
    writeFileSync(file, good.replace(/^title: .*$/m, "title:"));
    const broken = await until(`${origin}/kent/advice/emergency/`, (status) => status === 500);
    expect(broken.body).toContain("content/pages/advice/emergency.md");
    expect(broken.body).toContain("/title");
    writeFileSync(file, good.replace("## When to call", "## Straight away: when to call"));
    const fixed = await until(`${origin}/kent/advice/emergency/`, (status) => status === 200);
    expect(fixed.body).toContain("Straight away: when to call");
  }, 120_000);

  it("a change to a layout shows on the next page asked for", async () => {
    const file = path.join(root, "content/_includes/layouts/hub.njk");
    // Asked for once first, so the layout has been read and compiled before it changes.
    expect(await (await fetch(`${origin}/kent/report/`)).text()).toContain('<ul class="govuk-list fc-service-list">');
    writeFileSync(file, readFileSync(file, "utf8").replace('<ul class="govuk-list fc-service-list">', '<ul class="govuk-list fc-service-list" data-edited>'));
    const changed = await until(`${origin}/kent/report/`, (status, body) => status === 200 && body.includes("data-edited"));
    expect(changed.body).toContain('<ul class="govuk-list fc-service-list" data-edited>');
  }, 120_000);

  it("a deleted page and a switched-off service are gone at once", async () => {
    expect((await fetch(`${origin}/kent/cookies/`)).status).toBe(200);
    rmSync(path.join(root, "content/pages/cookies.md"));
    rmSync(path.join(root, "content/pages/cookies.cy.md"));
    await until(`${origin}/kent/cookies/`, (status) => status === 404);
    expect((await fetch(`${origin}/kent/report/report-crime/`)).status).toBe(200);
    const record = path.join(root, "forces/kent.json");
    writeFileSync(record, JSON.stringify({ ...JSON.parse(readFileSync(record, "utf8")), services: { off: ["report-crime"] } }, null, 2));
    await until(`${origin}/kent/report/report-crime/`, (status) => status === 404);
    const hub = await fetch(`${origin}/kent/report/`);
    expect(await hub.text()).not.toContain("/kent/report/report-crime/");
  }, 120_000);
});
