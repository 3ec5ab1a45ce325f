import { execFile } from "node:child_process";
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { check } from "../../lib/cli/check.ts";
import { copyContent } from "../helpers/content-root.ts";

const run = promisify(execFile);
const fixtures = "tests/fixtures/bad-content";
const roots: string[] = [];
afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

async function cli(script: "check" | "build", args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ["--import", "tsx", `lib/cli/${script}.ts`, ...args]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe("an editor's mistake stops the build with a message naming file, field and problem", () => {
  it.each(readdirSync(fixtures))("%s", async (name) => {
    const root = copyContent(path.join(fixtures, name));
    roots.push(root);
    // The message as the editor sees it: whole lines (with the excerpt under it, and "1 problem found" when the
    // one mistake must give one message), in the order they are printed.
    const expected = readFileSync(path.join(fixtures, name, "expected.txt"), "utf8").trimEnd();
    // The check as npm run check runs it, in this process (a process per fixture cost more than the checks).
    const result = await check(root);
    expect(result.code).toBe(1);
    expect(`\n${result.stderr}\n`).toContain(`\n${expected}\n`);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("a valid copy of the content passes the check, run as editors run it (npm run check)", async () => {
    const root = copyContent();
    roots.push(root);
    const result = await cli("check", ["--root", root]);
    expect(result.code).toBe(0);
    const forceFiles = readdirSync("forces").filter((f) => f.endsWith(".json") && f !== "_defaults.json" && f !== "force.schema.json");
    expect(result.stdout).toContain(`${forceFiles.length} forces`);
  });
});

describe("what an editor may write is accepted", () => {
  it("a bilingual force's own English page that says the shared Welsh page stands (sharedWelsh: true)", async () => {
    const root = copyContent(path.join(fixtures, "welsh-override-without-twin"));
    roots.push(root);
    const page = path.join(root, "forces/gwent/pages/contact-us.md");
    writeFileSync(page, readFileSync(page, "utf8").replace("\n---\n", "\nsharedWelsh: true\n---\n"));
    const result = await check(root);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
  });
});

// One build of a copy serves both tests below: Kent's theme there has an SVG logo as a design tool exports it
// (the event-handler fixture's theme names logo.svg; here logo.svg is a clean export).
const built = { root: "", out: "" };
beforeAll(async () => {
  built.root = copyContent(path.join(fixtures, "svg-logo-event-handler"));
  roots.push(built.root);
  writeFileSync(path.join(built.root, "themes/kent/logo.svg"), readFileSync("tests/fixtures/logos/exported.svg", "utf8"));
  built.out = path.join(built.root, "_site");
  const result = await cli("build", ["--root", built.root, "--out", built.out]);
  if (result.code !== 0) throw new Error(`The copy did not build:\n${result.stderr}`);
});

describe("an SVG logo as a design tool exports it", () => {
  it("passes the check, and the site publishes it cleaned: no XML prolog, comments, DOCTYPE or editor metadata", async () => {
    const checked = await check(built.root);
    expect(checked.stderr).toBe("");
    expect(checked.code).toBe(0);
    const home = readFileSync(path.join(built.out, "kent", "index.html"), "utf8");
    const src = /<img class="fc-header__logo-image" src="([^"]+)" alt="Kent Police">/.exec(home)![1];
    const published = readFileSync(path.join(built.out, src), "utf8");
    expect(published.startsWith("<svg")).toBe(true);
    for (const gone of ["<?xml", "<!--", "<!DOCTYPE", "sodipodi", "inkscape"]) expect(published).not.toContain(gone);
    expect(published).toContain('<use xlink:href="#star" fill="url(#shine)"></use>');
  });
});

describe("a failed build", () => {
  it("leaves the previous site in place and no half-written folder beside it", async () => {
    const { root, out } = built;
    const before = readFileSync(path.join(out, "kent", "index.html"), "utf8");

    const broken = copyContent(path.join(fixtures, "low-contrast-theme"));
    roots.push(broken);
    const result = await cli("build", ["--root", broken, "--out", out]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("themes/kent/theme.json: /brandColour — too little contrast");
    expect(readFileSync(path.join(out, "kent", "index.html"), "utf8")).toBe(before);
    expect(readdirSync(root).filter((f) => f.startsWith("_site."))).toEqual([]);
    expect(existsSync(path.join(broken, "_site"))).toBe(false);
  });
});
