import { execFile } from "node:child_process";
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
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
    const result = await cli("check", ["--root", root]);
    expect(result.code).toBe(1);
    expect(`\n${result.stderr}\n`).toContain(`\n${expected}\n`);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("a valid copy of the content passes the check", async () => {
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
    const result = await cli("check", ["--root", root]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
  });
});

describe("a failed build", () => {
  it("leaves the previous site in place and no half-written folder beside it", async () => {
    const root = copyContent();
    roots.push(root);
    const out = path.join(root, "_site");
    expect((await cli("build", ["--root", root, "--out", out])).code).toBe(0);
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
