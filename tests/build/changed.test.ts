import { execFile, execFileSync } from "node:child_process";
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyContent } from "../helpers/content-root.ts";

const run = promisify(execFile);
let root: string;
const git = (...args: string[]) => execFileSync("git", ["-C", root, "-c", "user.name=Test", "-c", "user.email=test@example.invalid", ...args], { encoding: "utf8" });
const forceCount = readdirSync("forces").filter((name) => name.endsWith(".json") && !name.startsWith("_") && name !== "force.schema.json").length;
async function changed(args: string[] = []): Promise<string> {
  const { stdout } = await run(process.execPath, ["--import", "tsx", "lib/cli/check.ts", "--root", root, "--changed", ...args], { maxBuffer: 1 << 24 });
  return stdout;
}

beforeAll(() => {
  // A copy of the project's content in a repository of its own, committed on main.
  root = copyContent();
  writeFileSync(path.join(root, ".gitignore"), "node_modules\n");
  git("init", "-q", "-b", "main");
  git("add", ".");
  git("commit", "-q", "-m", "content");
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("npm run check -- --changed: what a change affects, for a reviewer", () => {
  it("an uncommitted edit to a shared page names that page, in English, for every force", async () => {
    const file = path.join(root, "content/pages/contact-us.md");
    writeFileSync(file, readFileSync(file, "utf8").replace("## In an emergency", "## In an emergency, straight away"));
    const report = await changed();
    expect(report).toContain("compared with the last commit, HEAD (");
    expect(report).toContain("Files changed: content/pages/contact-us.md\n");
    expect(report).toContain(`Forces: every force (${forceCount})\n`);
    expect(report).toContain("Languages: English\n");
    expect(report).toContain(`Pages: ${forceCount} changed, 0 new, 0 gone\n`);
    expect(report).toContain(`    every force (${forceCount}), in English: 1 page — contact-us/\n`);
    expect(report).not.toContain("Welsh");
    git("checkout", "--", "content/pages/contact-us.md");
  });

  it("a committed change to one force's theme on a branch names only that force, all its pages, from where the branch left main", async () => {
    git("checkout", "-q", "-b", "darker-kent");
    const file = path.join(root, "themes/kent/theme.json");
    writeFileSync(file, readFileSync(file, "utf8").replace("#0d2e57", "#0b2646"));
    git("commit", "-q", "-am", "Kent: a darker blue");
    const report = await changed();
    expect(report).toContain("compared with where this branch left main (");
    expect(report).toContain("Files changed: themes/kent/theme.json\n");
    expect(report).toContain("Forces: kent\n");
    expect(report).toContain("Languages: English\n");
    expect(report).toMatch(/\n {4}kent, in English: \d+ pages — 404\/, accessibility\/, /);
    expect(report).not.toContain("every force");
    // A base that does not exist is named.
    const wrong = await run(process.execPath, ["--import", "tsx", "lib/cli/check.ts", "--root", root, "--changed", "--base", "no-such-branch"]).catch((error: { code: number; stderr: string }) => error);
    expect((wrong as { code: number }).code).toBe(1);
    expect((wrong as { stderr: string }).stderr).toContain('--base "no-such-branch" is not a commit, branch or tag in this repository');
  });
});
