import { readFileSync } from "node:fs";
import { describe, expect, inject, it } from "vitest";
import { createEnvironment } from "../../lib/render/environment.ts";
import { loadSite } from "../../lib/site/load.ts";
import { planSite } from "../../lib/site/plan.ts";
import { renderView } from "../../lib/site/render.ts";
import { fileFor } from "../helpers/site.ts";

const siteDir = inject("siteDir");

describe("service pages stamped from one stencil are the pages each force would get rendered on its own", () => {
  it("every force's start page, steps and outcomes of one service, in every language, match byte for byte", async () => {
    const site = loadSite(process.cwd());
    const env = createEnvironment(site.root, () => site.locales);
    const plan = await planSite(site, env);
    const serviceId = [...site.servicesByForce.values()][0][0].id;
    const views = plan.views.filter((v) => v.service?.id === serviceId);
    expect(new Set(views.map((v) => v.force.id)).size).toBe(site.forces.filter((f) => site.servicesByForce.get(f.id)!.some((d) => d.id === serviceId)).length);
    for (const view of views) expect(readFileSync(fileFor(siteDir, view.url), "utf8"), view.url).toBe(renderView(env, view));
  }, 600_000);
});
