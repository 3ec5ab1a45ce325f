import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildPayload } from "../../lib/delivery/payload.ts";
import { validatePayload } from "../../lib/delivery/validate-payload.ts";
import { loadLocales } from "../../lib/i18n/locales.ts";
import { priorityOf } from "../../lib/services/summary.ts";
import type { ServiceDefinition } from "../../lib/services/types.ts";
import { answersOnPath, triage } from "../../lib/triage/triage.ts";
import type { ReportForDelivery } from "../../submit-service/store/store.ts";
import { formPath } from "../helpers/journey.ts";

/**
 * Golden payloads: every service's delivery payload for fixed reports, recorded from the code before delivery
 * became declared in the definitions, compared byte for byte. A change to a golden file is a change integrators
 * see: record it deliberately (RECORD_GOLDEN=1) and say in docs/integrating.md what changed.
 */
const { locales } = loadLocales(".");
const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, "utf8")) as T;
const dir = "tests/fixtures/delivery/golden";
const deliveryId = "01JD5X8Q2M7T9V4K3N6P0R1S2W";

/** The golden reports, and the hand-written delivery fixtures beside them. */
const reports = [
  ...readdirSync(dir).filter((f) => f.endsWith(".report.json")).map((f) => ({ name: f.replace(/\.report\.json$/, ""), file: `${dir}/${f}` })),
  ...readdirSync("tests/fixtures/delivery").filter((f) => f.endsWith(".json")).map((f) => ({ name: `fixture-${f.replace(/\.json$/, "")}`, file: `tests/fixtures/delivery/${f}` })),
];

function payloadText(file: string): string {
  const report = readJson<ReportForDelivery>(file);
  const definition = readJson<ServiceDefinition>(`content/services/${report.serviceId}/service.json`);
  const force = readJson<{ id: string; code: string; name: string }>(`forces/${report.forceId}.json`);
  const payload = buildPayload({ report, definition, force: { id: force.id, code: force.code, name: force.name }, deliveryId, strings: locales[report.lang] });
  return JSON.stringify(payload, null, 2) + "\n";
}

describe("golden delivery payloads", () => {
  it("cover every service that has a form to send", () => {
    const services = readdirSync("content/services", { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .filter((s) => formPath(readJson<ServiceDefinition>(`content/services/${s}/service.json`)));
    const covered = new Set(reports.map((r) => readJson<ReportForDelivery>(r.file).serviceId));
    expect(services.filter((s) => !covered.has(s))).toEqual([]);
  });

  it.each(reports)("$name: a report the service could have stored, on the path its triage takes", ({ file }) => {
    const report = readJson<ReportForDelivery>(file);
    const definition = readJson<ServiceDefinition>(`content/services/${report.serviceId}/service.json`);
    expect(triage(definition, report.answers)).toEqual({ destination: { checkAnswers: true }, path: report.path });
    expect(answersOnPath(definition, report.answers, report.path)).toEqual(report.answers);
    expect(priorityOf(definition, report.answers)).toBe(report.priority);
  });

  it.each(reports)("$name: the payload is byte for byte the golden one, and valid", ({ name, file }) => {
    const golden = `${dir}/${name}.payload.json`;
    const built = payloadText(file);
    if (process.env.RECORD_GOLDEN === "1") writeFileSync(golden, built);
    expect(built).toBe(readFileSync(golden, "utf8"));
    expect(validatePayload(JSON.parse(built))).toEqual([]);
  });
});
