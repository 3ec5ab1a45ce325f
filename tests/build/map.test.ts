import { execFile, spawn } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { parse } from "node-html-parser";
import { afterAll, describe, expect, it } from "vitest";
import { mapOfService, serviceFiles } from "../../lib/cli/map.ts";
import type { ServiceMap } from "../../lib/services/map.ts";
import { mapPage, mapText } from "../../lib/services/map.ts";
import type { ServiceDefinition } from "../../lib/services/types.ts";
import { outcomeOf } from "../../lib/triage/outcome.ts";
import { copyContent } from "../helpers/content-root.ts";
import { waitUntil } from "../helpers/patience.ts";
import { freePort } from "../helpers/server-process.ts";

const run = promisify(execFile);
const roots: string[] = [];
afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));
// One copy for the maps drawn in this process (the schemas compile once per process, from one root): the
// content with the unreachable-step fixture's one change, every other service as it is.
const fixtureRoot = copyContent("tests/fixtures/bad-content/service-unreachable-step");
roots.push(fixtureRoot);

function mapIn(root: string, id: string): ServiceMap {
  const result = mapOfService(root, id);
  if (!result || "problems" in result) throw new Error(`no map of ${id}: ${JSON.stringify(result)}`);
  return result.map;
}

describe("a service's map", () => {
  it("lists every route of a real service with the place it leads to, and the next step where no route applies", () => {
    const definition = JSON.parse(readFileSync("content/services/report-crime/service.json", "utf8")) as ServiceDefinition;
    const map = mapIn(fixtureRoot, "report-crime");
    expect(map.steps.map((s) => s.id)).toEqual(definition.steps.map((s) => s.id));
    definition.steps.forEach((step, s) => {
      const targets = map.steps[s].routes.map((r) => (r.target.kind === "check-answers" ? "check-answers" : r.target.kind === "outcome" ? `outcome:${r.target.id}` : r.target.id));
      const written = (step.routes ?? []).map((r) => r.goTo);
      // A route for one kind of site only (British Transport Police's railway) leaves the others falling through.
      const falls = !(step.routes ?? []).some((r) => !r.when && !r.sites);
      expect(targets).toEqual(falls ? [...written, definition.steps[s + 1]?.id ?? "check-answers"] : written);
    });
    expect(map.unreachable).toEqual([]);

    const text = mapText(map);
    const danger = definition.steps[0].questions.find((q) => q.id === "in-danger")!;
    const call999 = readFileSync(`content/outcomes/${outcomeOf(definition.steps[0].routes![0].goTo)}.md`, "utf8").match(/^title: (.*)$/m)![1];
    expect(text).toContain(`If ‘${danger.label.en}’ is ‘Yes’ → outcome page “${call999}”`);
    expect(text).toContain("If ‘What do you want to report?’ is ‘Theft’ → step “What was stolen?”");
    expect(text).toMatch(/Step 13 “Your details” \(your-details\)\n {2}Always → Check your answers/);
    expect(text).toContain("If the site covers the railway and ‘Did it happen on a train, at a station or elsewhere on the railway?’ is ‘No’ → outcome page “Contact another police force”");

    const page = parse(mapPage(map));
    expect(page.querySelector("h1")!.text).toBe("Map of Report a crime");
    expect(page.querySelector("p:nth-of-type(2)")!.text).toBe("Every step can be reached.");
    const svg = page.querySelector("svg[role=img]")!;
    expect(svg.querySelector("title")!.text).toBe("Diagram of Report a crime");
    // One box per step, per outcome and for check your answers; one arrow per route.
    expect(svg.querySelectorAll(".node")).toHaveLength(definition.steps.length + map.outcomes.length + 1);
    expect(svg.querySelectorAll(".edge")).toHaveLength(map.steps.reduce((n, s) => n + s.routes.length, 0));
    expect(page.querySelectorAll("ol > li")).toHaveLength(definition.steps.length);
  });

  it("flags a step no route leads to (the unreachable-step fixture), on the diagram and in the list", () => {
    const map = mapIn(fixtureRoot, "every-answer-type");
    expect(map.unreachable).toEqual(["what-happened"]);
    const text = mapText(map);
    expect(text).toContain("Step 1 “About you” (about-you)\n  Always → step “Choices”");
    expect(text).toContain("Step 2 “What happened” (what-happened) — CAN'T BE REACHED: no route leads here");
    expect(text).toContain("Can't be reached: step \"what-happened\" — no route leads there.");

    const page = parse(mapPage(map));
    expect(page.querySelector("p.warning")!.text).toBe("1 step can't be reached: what-happened. No route leads there.");
    const flagged = page.querySelectorAll("svg .node.unreachable");
    expect(flagged).toHaveLength(1);
    expect(flagged[0].text).toContain("2. What happened");
    expect(flagged[0].text).toContain("Can't be reached");
    expect(page.querySelector("#step-what-happened")!.text).toContain("Can't be reached: no route leads here");
  });

  it("npm run map writes the page and the list for a service, and names a service that does not exist", async () => {
    const root = copyContent();
    roots.push(root);
    const { stdout } = await run(process.execPath, ["--import", "tsx", "lib/cli/map.ts", "report-fraud", "--root", root]);
    expect(stdout).toContain("_site/__maps/report-fraud.html:");
    expect(readFileSync(path.join(root, "_site/__maps/report-fraud.txt"), "utf8")).toBe(stdout.slice(stdout.indexOf("\n\n") + 2));
    expect(parse(readFileSync(path.join(root, "_site/__maps/report-fraud.html"), "utf8")).querySelector("h1")!.text).toBe("Map of Report fraud");

    const missing = await run(process.execPath, ["--import", "tsx", "lib/cli/map.ts", "report-nothing", "--root", root]).catch((error: { code: number; stderr: string }) => error);
    expect("code" in missing && missing.code).toBe(1);
    expect((missing as { stderr: string }).stderr).toContain(`There is no service "report-nothing": the services are ${[...serviceFiles(root).keys()].join(", ")}`);
    expect((missing as { stderr: string }).stderr).toContain("report-crime, ");
  });

  it("the preview shows the map at /__preview/map/<service>, even while the content has this problem", async () => {
    const port = await freePort();
    const preview = spawn(process.execPath, ["--import", "tsx", "preview/server.ts", "--root", fixtureRoot, "--port", String(port)], { stdio: "ignore" });
    try {
      const origin = `http://127.0.0.1:${port}`;
      const answer = await waitUntil("the preview's map page", async () => {
        const response = await fetch(`${origin}/__preview/map/every-answer-type`).catch(() => undefined);
        return response ? { status: response.status, body: await response.text() } : undefined;
      });
      expect(answer.status).toBe(200);
      const page = parse(answer.body);
      expect(page.querySelector("h1")!.text).toBe("Map of Every answer type");
      expect(page.querySelector("p.warning")!.text).toContain("what-happened");
      expect(page.querySelector('script[src="/__preview/reload.js"]')).not.toBeNull();
      // The site's own pages meanwhile show the problem the map draws.
      expect(await (await fetch(`${origin}/kent/`)).text()).toContain("can never be reached");
      const unknown = await fetch(`${origin}/__preview/map/report-nothing`);
      expect(unknown.status).toBe(404);
      expect(parse(await unknown.text()).querySelector('a[href="/__preview/map/report-crime"]')).not.toBeNull();
    } finally {
      preview.kill("SIGTERM");
    }
  });
});
