/**
 * The step-by-step guides in docs/editing-content.md, followed word for word on a copy of the content: each
 * "Create `file`:" writes the JSON block that follows it, each "Add to `file`:" merges its block into the
 * file, and after each guide `npm run check` must pass. The fields each guide calls required are checked
 * against the JSON Schemas, so a new required field with no word in the guide fails here.
 */
import { execFile } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { readSite } from "../../lib/site/load.ts";
import { copyContent } from "../helpers/content-root.ts";

const run = promisify(execFile);
const doc = readFileSync("docs/editing-content.md", "utf8");
const section = doc.slice(doc.indexOf("\n## Step by step\n"), doc.indexOf("\n## ", doc.indexOf("\n## Step by step\n") + 5));
const guides = new Map(
  section
    .split("\n### ")
    .slice(1)
    .map((text) => [text.slice(0, text.indexOf("\n")), text] as const),
);
const root = copyContent();
afterAll(() => rmSync(root, { recursive: true, force: true }));

type Json = Record<string, unknown>;
const merge = (into: Json, from: Json): Json => {
  for (const [key, value] of Object.entries(from)) {
    const old = into[key];
    into[key] = value && typeof value === "object" && !Array.isArray(value) && old && typeof old === "object" && !Array.isArray(old) ? merge(old as Json, value as Json) : value;
  }
  return into;
};

/** Does what a guide says to each file, in order; returns the files it touched. */
function follow(name: string): string[] {
  const guide = guides.get(name);
  if (!guide) throw new Error(`docs/editing-content.md has no guide "${name}" under "Step by step"`);
  const touched: string[] = [];
  for (const match of guide.matchAll(/(Create|Add to) `([^`]+)`:\n\n\s*```json\n([\s\S]*?)\n\s*```/g)) {
    const [, action, file, block] = match;
    const target = path.join(root, file);
    const data = JSON.parse(block) as Json;
    mkdirSync(path.dirname(target), { recursive: true });
    const content = action === "Create" ? data : merge(JSON.parse(readFileSync(target, "utf8")) as Json, data);
    writeFileSync(target, `${JSON.stringify(content, null, 2)}\n`);
    touched.push(file);
  }
  return touched;
}

async function check(): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ["--import", "tsx", "lib/cli/check.ts", "--root", root]);
    return { code: 0, out: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, out: failed.stdout + failed.stderr };
  }
}

/** Every field name a guide puts in backticks. */
const named = (name: string) => new Set([...guides.get(name)!.matchAll(/`([A-Za-z.$]+)`/g)].flatMap((m) => [m[1], ...m[1].split(".")]));
const schema = (file: string) => JSON.parse(readFileSync(file, "utf8")) as { required: string[]; $defs?: Record<string, { required?: string[] }>; properties: Record<string, { required?: string[] }> };
const forceCount = readdirSync("forces").filter((f) => f.endsWith(".json") && !f.startsWith("_") && !f.endsWith(".schema.json")).length;

describe("the step-by-step guides in docs/editing-content.md, followed on a copy of the content", () => {
  it("name every field the schemas require", () => {
    expect([...guides.keys()]).toEqual(["Add a force", "Change a theme", "Switch a service off", "Add a service, step by step"]);
    const force = schema("forces/force.schema.json");
    expect(force.required.filter((field) => !named("Add a force").has(field))).toEqual([]);
    // A Welsh force's one more required field.
    expect(named("Add a force").has("welshName")).toBe(true);
    const theme = schema("themes/theme.schema.json");
    expect(theme.required.filter((field) => !named("Change a theme").has(field))).toEqual([]);
    const service = schema("content/services/service.schema.json");
    const serviceFields = [
      ...service.required,
      ...(service.properties.checkAnswers.required ?? []),
      ...(service.properties.confirmation.required ?? []),
      ...(service.$defs!.step.required ?? []),
      ...(service.$defs!.question.required ?? []),
      ...(service.$defs!.option.required ?? []),
    ];
    expect(serviceFields.filter((field) => !named("Add a service, step by step").has(field))).toEqual([]);
  });

  it("add a force: its record and theme, exactly as the guide gives them, pass the check", async () => {
    expect(follow("Add a force")).toEqual(["forces/example.json", "themes/example/theme.json"]);
    const result = await check();
    expect(result.out).toContain(`Content is valid: ${forceCount + 1} forces, ${forceCount + 1} themes`);
    expect(result.code).toBe(0);
  });

  it("change a theme: the new colour passes, and one that fails contrast names the field", async () => {
    expect(follow("Change a theme")).toEqual(["themes/kent/theme.json"]);
    expect((await check()).code).toBe(0);
    const file = path.join(root, "themes/kent/theme.json");
    const good = readFileSync(file, "utf8");
    writeFileSync(file, good.replace("#0b2646", "#7fa7d9"));
    const failed = await check();
    expect(failed.code).toBe(1);
    expect(failed.out).toContain("themes/kent/theme.json: /brandColour");
    writeFileSync(file, good);
  });

  it("switch a service off, and add a service: both pass the check", async () => {
    expect(follow("Switch a service off")).toEqual(["forces/kent.json"]);
    expect((await check()).code).toBe(0);
    expect(follow("Add a service, step by step")).toEqual(["content/services/report-dangerous-dog/service.json"]);
    const result = await check();
    expect(result.out).toContain("Content is valid:");
    expect(result.code).toBe(0);
  });

  it("and the site read from the copy has what the guides promised", () => {
    const { site, problems } = readSite(root);
    expect(problems).toEqual([]);
    const offered = (force: string) => (site.servicesByForce.get(force) ?? []).map((s) => s.id);
    expect(site.forces.find((f) => f.id === "example")?.name).toBe("Example Constabulary");
    expect(site.themes.get("example")?.colours.brand).toBe("#1d3f6e");
    expect(site.themes.get("kent")?.colours.brand).toBe("#0b2646");
    expect(offered("kent")).not.toContain("report-lost-property");
    expect(offered("essex")).toContain("report-lost-property");
    expect(offered("example")).toContain("report-dangerous-dog");
    expect(offered("dyfed-powys")).toContain("report-dangerous-dog");
  });
});
