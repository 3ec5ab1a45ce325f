import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { stepUrl } from "../../lib/site/plan.ts";
import { formPath, happyPath, outcomeJourneys, Visitor } from "../helpers/journey.ts";
import { serviceSite, testService, type TestService } from "../helpers/service.ts";
import { hostileBodies, hostileForms, hostileJson } from "../helpers/hostile.ts";

const siteDir = inject("siteDir");
let service: TestService;
beforeAll(async () => {
  service = await testService(siteDir);
});
afterAll(() => service.close());

/** What a hostile request may get: a redirect or a refusal (a page re-shown with its errors is 422), never a 5xx, never a big body. */
async function expectRefusedSmall(response: Response, what: string) {
  const body = await response.text();
  expect(response.status, `${what}: ${body.slice(0, 300)}`).toBeGreaterThanOrEqual(300);
  expect(response.status, `${what}: ${body.slice(0, 300)}`).toBeLessThan(500);
  expect(body.length, what).toBeLessThan(200_000);
}

describe("random and adversarial posts to every step of every service", () => {
  it("get a redirect or a refusal, with a small body, and no report is stored", async () => {
    const site = await serviceSite();
    const force = site.forces.get("kent")!;
    const before = await service.store.countReports();
    for (const definition of site.services.get(force.id)!.values()) {
      // A visitor part-way through, so the later steps are reachable and their checks run.
      const path = formPath(definition) ?? outcomeJourneys(definition)[0].pages;
      for (const [index, { step }] of path.entries()) {
        const visitor = new Visitor(service.app);
        for (const earlier of path.slice(0, index)) await visitor.post(stepUrl(force, "en", definition, earlier.step.id), earlier.form);
        const url = stepUrl(force, "en", definition, step.id);
        await fc.assert(
          fc.asyncProperty(hostileForms(step), async (form) => {
            await expectRefusedSmall(await visitor.post(url, form), `${url} ${JSON.stringify(form).slice(0, 200)}`);
          }),
          { numRuns: 8 },
        );
      }
    }
    expect(await service.store.countReports()).toBe(before);
  });

  it("raw bodies that are not forms at all (deep nesting, huge field counts, broken encodings) are refused", async () => {
    const site = await serviceSite();
    const definition = site.services.get("kent")!.get("report-crime")!;
    const url = stepUrl(site.forces.get("kent")!, "en", definition, definition.steps[0].id);
    const before = await service.store.countReports();
    await fc.assert(
      fc.asyncProperty(hostileBodies(), async ({ body, type }) => {
        const response = await service.app.request(url, { method: "POST", body, headers: { "content-type": type, origin: "http://localhost" } });
        await expectRefusedSmall(response, `${type} ${body.slice(0, 100)}`);
      }),
      { numRuns: 40 },
    );
    expect(await service.store.countReports()).toBe(before);
  });
});

describe("random and adversarial JSON to the API", () => {
  it("is refused with problem+json, never a 5xx, and nothing is stored", async () => {
    const site = await serviceSite();
    const before = await service.store.countReports();
    await fc.assert(
      fc.asyncProperty(hostileJson([...site.services.get("kent")!.values()]), async (body) => {
        const response = await service.app.request("/api/v1/forces/kent/reports", { method: "POST", body, headers: { "content-type": "application/json" } });
        const text = await response.text();
        expect(response.status, `${body.slice(0, 300)} → ${text.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
        expect(response.status, `${body.slice(0, 300)} → ${text.slice(0, 300)}`).toBeLessThan(500);
        expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
        expect(text.length).toBeLessThan(100_000);
      }),
      { numRuns: 150 },
    );
    expect(await service.store.countReports()).toBe(before);
  });
});

describe("the two requests that once blocked the event loop", () => {
  /** A visitor part-way through report-crime, at its "add another" step, with that step's good answers. */
  async function atGroupStep() {
    const site = await serviceSite();
    const definition = site.services.get("kent")!.get("report-crime")!;
    const force = site.forces.get("kent")!;
    const visitor = new Visitor(service.app);
    const path = happyPath(definition);
    const at = path.findIndex(({ step }) => step.questions.some((q) => q.type === "group"));
    expect(at, "report-crime has an 'add another' step").toBeGreaterThanOrEqual(0);
    for (const earlier of path.slice(0, at)) await visitor.post(stepUrl(force, "en", definition, earlier.step.id), earlier.form);
    const { step, form } = path[at];
    return { visitor, url: stepUrl(force, "en", definition, step.id), form, group: step.questions.find((q) => q.type === "group")! };
  }

  it("an add/remove action built to defeat a regular expression is refused at once", async () => {
    const { visitor, url, form } = await atGroupStep();
    const evil = `remove:${"(a+)+".repeat(20)}${"a".repeat(40)}!:0`;
    const response = await visitor.post(url, { ...form, action: evil, [`${"a".repeat(40)}-0-x`]: "y" });
    expect(response.status).toBe(400);
  });

  it("a group item numbered in the millions shows no more items than the group holds", async () => {
    const { visitor, url, form, group } = await atGroupStep();
    const response = await visitor.post(url, { ...form, [`${group.id}-99999999-${group.questions![0].id}`]: "x", action: `add:${group.id}` });
    expect(response.status).toBeLessThan(500);
    const page = await (response.status === 303 ? await visitor.get(response.headers.get("location")!) : response).text();
    const legends = page.match(/govuk-fieldset__legend--s/g) ?? [];
    expect(legends.length).toBeGreaterThan(0);
    expect(legends.length).toBeLessThanOrEqual((group.maxItems ?? 20) * (1 + group.questions!.length));
  });
});
