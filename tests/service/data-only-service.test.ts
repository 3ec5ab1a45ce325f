import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { pathToFileURL } from "node:url";
import type { ValidateFunction } from "ajv";
import os from "node:os";
import path from "node:path";
import type { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build } from "../../lib/cli/build.ts";
import type { DeliveryPayload } from "../../lib/delivery/payload.ts";
import { validatePayload } from "../../lib/delivery/validate-payload.ts";
import { loadLocales } from "../../lib/i18n/locales.ts";
import { templateScriptHashes } from "../../lib/render/csp.ts";
import { fieldErrors, validationData } from "../../lib/services/errors.ts";
import { readStep } from "../../lib/services/read.ts";
import type { ServiceDefinition } from "../../lib/services/types.ts";
import { createApp } from "../../submit-service/app.ts";
import { payloadBuilder, type PayloadBuilder } from "../../submit-service/delivery/payloads.ts";
import { prepareSite } from "../../submit-service/site.ts";
import { aesGcmCipher } from "../../submit-service/store/cipher.ts";
import { openSqliteStore } from "../../submit-service/store/sqlite.ts";
import type { Store } from "../../submit-service/store/store.ts";
import { copyContent } from "../helpers/content-root.ts";
import { referencePattern, Visitor } from "../helpers/journey.ts";
import { testAnswersKey, testConfig } from "../helpers/service.ts";
import { builtPages, readPage } from "../helpers/site.ts";

/**
 * A force's own service, added as data alone (tests/fixtures/data-only-service): a group whose items hold a date
 * and a yes/no, a time, postcode and town on one page, and checkboxes whose options deliver facts and a
 * witness — a mix no national service uses — with its own delivery mapping. No code knows it exists.
 */
const start = "/kent/report/report-vehicle-theft/";
let root: string;
let out: string;
let storeDir: string;
let store: Store;
let app: Hono;
/** Builds each report's delivery payload after its confirmation, as the service does. */
let payloads: PayloadBuilder;

beforeAll(async () => {
  root = copyContent("tests/fixtures/data-only-service");
  out = path.join(root, "_site");
  await build(out, root);
  storeDir = mkdtempSync(path.join(os.tmpdir(), "front-counter-store-"));
  store = openSqliteStore(path.join(storeDir, "store.sqlite"), aesGcmCipher(testAnswersKey));
  const site = await prepareSite(root);
  const clock = () => new Date("2026-11-27T12:00:00Z");
  const logger = { info() {}, error() {} };
  payloads = payloadBuilder({ store, site, clock, logger });
  app = createApp({ siteDir: out, site, store, clock, logger, config: testConfig, scriptHashes: templateScriptHashes(root), payloads });
}, 300_000);
afterAll(async () => {
  await store?.close();
  rmSync(root, { recursive: true, force: true });
  rmSync(storeDir, { recursive: true, force: true });
}, 120_000);

describe("a service added as data alone", () => {
  it("builds its pages on the force that added it, and nowhere else", () => {
    expect(readPage(out, start).querySelector("h1")!.text.trim()).toBe("Report a stolen vehicle");
    expect(readPage(out, start).text).toContain("Is the vehicle being taken right now?");
    expect(readPage(out, "/kent/report/").text).toContain("Report a stolen vehicle");
    for (const step of ["vehicles", "when-and-where", "who-saw", "your-details"]) expect(builtPages(out), step).toContain(`${start}${step}/`);
    expect(readPage(out, `${start}vehicles/`).querySelector("input[name=vehicles-taken-0-bought-on-month]")).not.toBeNull();
    expect(builtPages(out).filter((url) => url.startsWith("/essex/report/report-vehicle-theft/"))).toEqual([]);
  });

  it("checks a step in the browser with the validators its pages load, in the definition's words", async () => {
    // The step script names its validators' module; the browser imports it when someone starts filling in the form.
    const script = readPage(out, start).querySelectorAll("script[src]").map((s) => s.getAttribute("src")!).find((src) => src.startsWith("/assets/services/report-vehicle-theft."))!;
    const validatorsUrl = /\/assets\/services\/report-vehicle-theft\.validators\.[0-9a-f]+\.js/.exec(readFileSync(path.join(out, script), "utf8"))![0];
    const validators = (await import(pathToFileURL(path.join(out, validatorsUrl)).href)) as Record<string, ValidateFunction>;
    const definition = JSON.parse(readFileSync(path.join(root, "forces/kent/services/report-vehicle-theft/service.json"), "utf8")) as ServiceDefinition;
    const first = definition.steps[0];
    const validate = validators[`step_${first.id.replaceAll("-", "_")}`];
    expect(validate(validationData(first, {}, readStep(first, {}, {}), "2026-11-27"))).toBe(false);
    const { locales } = loadLocales(root);
    expect(fieldErrors(first, validate.errors ?? [], locales.en, "en").map((e) => e.text).join(" ")).toContain("whether the vehicle is being taken right now");
    expect(validate(validationData(first, {}, readStep(first, { "happening-now": "no" }, {}), "2026-11-27"))).toBe(true);
  });

  it("checks each step on the server in the definition's words", async () => {
    const visitor = new Visitor(app);
    // A page sent with mistakes comes back by a redirect to itself, showing them (Post/Redirect/Get).
    const shownAgain = async (url: string, form: Record<string, string>) => {
      const sent = await visitor.post(url, form);
      expect(sent.status).toBe(303);
      expect(sent.headers.get("location")).toBe(url);
      return (await visitor.get(url)).text();
    };
    expect(await shownAgain(start, {})).toContain("whether the vehicle is being taken right now");
    expect((await visitor.post(start, { "happening-now": "no" })).status).toBe(303);
    expect(await shownAgain(`${start}vehicles/`, { "vehicles-taken-0-plate": "AB12 CDE", "vehicles-taken-0-worth": "a lot" })).toContain("What it was worth must be a number (vehicle 1)");
  });

  it("triages a theft happening now to 999", async () => {
    const response = await new Visitor(app).post(start, { "happening-now": "yes" });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`${start}outcome/call-999/`);
  });

  it("delivers a complete payload, mapped by its definition, that passes the payload schema", async () => {
    const visitor = new Visitor(app);
    const steps: [string, Record<string, string | string[]>][] = [
      ["", { "happening-now": "no" }],
      ["vehicles/", { "vehicles-taken-0-plate": "ab12 cde", "vehicles-taken-0-worth": "£8,500", "vehicles-taken-0-bought-on-month": "3", "vehicles-taken-0-bought-on-year": "2024", "vehicles-taken-0-tracker": "no" }],
      ["when-and-where/", { "last-seen": "10:30pm", "parked-postcode": "me141lh", "parked-town": "Maidstone" }],
      ["who-saw/", { "who-saw": ["neighbour", "camera"], "witness-name": "Pat Green" }],
      ["your-details/", { keeper: "my-vehicle", "your-name": "Sam Jones", "your-phone": "07700 900 982" }],
    ];
    for (const [step, form] of steps) {
      const response = await visitor.post(`${start}${step}`, form);
      expect(response.status, `${step}: ${response.status === 422 ? await response.text() : ""}`).toBe(303);
    }
    expect((await visitor.post(`${start}check-answers/`, {})).headers.get("location")).toBe(`${start}confirmation/`);
    const reference = referencePattern.exec(await (await visitor.get(`${start}confirmation/`)).text())![1];

    // The payload is built after the confirmation, from the stored report: once the service has built it, it is in the store.
    await payloads.settled();
    const delivery = await store.getDeliveryFor("kent", reference);
    const payload = JSON.parse(delivery!.payload) as DeliveryPayload;
    expect(validatePayload(payload)).toEqual([]);
    expect(payload.data.attributes).toEqual({ category: "crime", serviceId: "report-vehicle-theft", priority: "urgent", occurredAt: "22:30", witnessesPresent: true, videoAvailable: true });
    const included = (link: { type: string; id: string } | null) => payload.included.find((r) => r.type === link?.type && r.id === link?.id)?.attributes;
    const reporter = payload.data.relationships.personReporting.data;
    expect(included(reporter)).toEqual({ roles: ["reporting", "victim"], fullName: "Sam Jones", phone: "07700900982", contactMethods: ["phone"] });
    expect(payload.data.relationships.victims.data).toEqual([reporter]);
    expect(payload.data.relationships.witnesses.data.map(included)).toEqual([{ roles: ["witness"], fullName: "Pat Green" }]);
    expect(payload.data.relationships.objects.data.map(included)).toEqual([
      { objectType: "vehicle", involvement: "stolen", estimatedValue: { amount: 8500, currency: "GBP" }, registration: "AB12CDE" },
    ]);
    expect(included(payload.data.relationships.incidentLocation.data)).toEqual({ description: "Maidstone", town: "Maidstone", postcode: "ME14 1LH" });
    const submission = payload.included.find((r) => r.type === "submission")!.attributes as { answers: { questionId: string; answer: string }[] };
    expect(submission.answers.find((a) => a.questionId === "vehicles-taken")!.answer).toBe("vehicle 1: ab12 cde, 8,500, March 2024, No");
  });
});
