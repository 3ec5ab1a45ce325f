/**
 * The worst event-loop delay each class of hostile request causes, beside ordinary posts in the same run.
 * Requests go to the real app in-process (the same code `npm start` serves), one after another, so any one
 * that ties up the loop shows as delay. Needs a built site (`npm run build`).
 */
import { monitorEventLoopDelay } from "node:perf_hooks";
import { stepUrl } from "../lib/site/plan.ts";
import { happyPath, Visitor } from "../tests/helpers/journey.ts";
import { serviceSite, testService } from "../tests/helpers/service.ts";

const rounds = Number(process.env.ROUNDS ?? 20);
const service = await testService(process.env.SITE_DIR ?? "_site");
const site = await serviceSite();
const force = site.forces.get("kent")!;
const definition = site.services.get("kent")!.get("report-crime")!;
const path = happyPath(definition);
const at = path.findIndex(({ step }) => step.questions.some((q) => q.type === "group"));
const groupStep = path[at];
const group = groupStep.step.questions.find((q) => q.type === "group")!;
const checkboxes = [...site.services.get("kent")!.values()].flatMap((d) => happyPath(d).map((p) => ({ d, ...p }))).find(({ step }) => step.questions.some((q) => q.type === "checkboxes"))!;

async function visitorAtGroup() {
  const visitor = new Visitor(service.app);
  for (const earlier of path.slice(0, at)) await visitor.post(stepUrl(force, "en", definition, earlier.step.id), earlier.form);
  return visitor;
}
const groupUrl = stepUrl(force, "en", definition, groupStep.step.id);
const startUrl = stepUrl(force, "en", definition, definition.steps[0].id);
const api = async (body: string) => service.app.request("/api/v1/forces/kent/reports", { method: "POST", body, headers: { "content-type": "application/json" } });

const classes: Record<string, (visitor: Visitor) => Promise<Response>> = {
  "an ordinary step post (baseline)": (v) => v.post(groupUrl, groupStep.form),
  "add/remove action built against a regular expression": (v) => v.post(groupUrl, { ...groupStep.form, action: `remove:${"(a+)+".repeat(20)}${"a".repeat(40)}!:0`, [`${"a".repeat(40)}-0-x`]: "y" }),
  "a group item numbered 99,999,999": (v) => v.post(groupUrl, { ...groupStep.form, [`${group.id}-99999999-${group.questions![0].id}`]: "x", action: `add:${group.id}` }),
  "20,000 checkbox values": (v) => {
    const q = checkboxes.step.questions.find((x) => x.type === "checkboxes")!;
    return v.post(stepUrl(force, "en", checkboxes.d, checkboxes.step.id), { ...checkboxes.form, [q.id]: Array.from({ length: 20000 }, () => q.options![0].value) });
  },
  "4,000 unknown fields": (v) => v.post(startUrl, Object.fromEntries(Array.from({ length: 4000 }, (_, i) => [`f${i}`, "x"]))),
  "a 60,000-character answer": (v) => v.post(groupUrl, { ...groupStep.form, [`${group.id}-0-${group.questions![0].id}`]: "a".repeat(60000) }),
  "JSON nested 30,000 deep": () => api(`{"service":"report-crime","answers":{"what-happened":${"[".repeat(30000)}${"]".repeat(30000)}}}`),
  "JSON with 5,000 unknown answers": () => api(JSON.stringify({ service: "report-crime", answers: Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`q${i}`, "x"])) })),
};

console.log(`Worst event-loop delay per class of request, ${rounds} requests each, one after another (${new Date().toISOString().slice(0, 10)})`);
const results: [string, number, number][] = [];
for (const [name, send] of Object.entries(classes)) {
  const visitor = await visitorAtGroup();
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  const statuses = new Set<number>();
  for (let i = 0; i < rounds; i++) {
    const response = await send(visitor);
    statuses.add(response.status);
    await response.arrayBuffer();
    await new Promise((resolve) => setImmediate(resolve));
  }
  histogram.disable();
  results.push([`${name} → ${[...statuses].join(", ")}`, histogram.max / 1e6, histogram.percentile(99) / 1e6]);
}
const baseline = results[0][1];
for (const [name, max, p99] of results) console.log(`${name.padEnd(72)} worst ${max.toFixed(1).padStart(7)} ms  p99 ${p99.toFixed(1).padStart(7)} ms  ${(max / baseline).toFixed(2)}× baseline`);
await service.close();
