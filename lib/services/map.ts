/**
 * A map of a service for editors: its steps, where each answer leads (a later step, an outcome or check your
 * answers), the next step a page goes to when no route applies, and the steps nothing leads to. Pure: built
 * from a definition as written (even one the check refuses, so the map can show what is wrong), and drawn as an
 * HTML page with an inline SVG laid out in layers, beside a text list that says the same in words.
 */
import { outcomeOf } from "../triage/outcome.ts";
import type { Condition, Question, ServiceDefinition } from "./types.ts";

/** Where an arrow ends: a step of the service, an outcome page, or check your answers. */
export type MapTarget = { kind: "step"; id: string; title: string } | { kind: "outcome"; id: string; title: string } | { kind: "check-answers"; title: string } | { kind: "missing"; id: string; title: string };

export interface MapRoute {
  /** The condition in words ("'Is anyone in danger now?' is 'Yes'"), or "otherwise" for the next step a page goes to by default. */
  when: string;
  /** A short label for the arrow: the answer named, or "otherwise". */
  short: string;
  target: MapTarget;
  /** True for the default next step (no route applied). */
  fallThrough: boolean;
  /** A route after an unconditional one is never used. */
  neverUsed: boolean;
}

export interface MapStep {
  id: string;
  title: string;
  /** 1-based, as an editor counts. */
  number: number;
  questions: string[];
  routes: MapRoute[];
  reachable: boolean;
}

export interface ServiceMap {
  id: string;
  title: string;
  steps: MapStep[];
  outcomes: { id: string; title: string }[];
  unreachable: string[];
}

const checkAnswersTitle = "Check your answers";

/** Every question of a definition by id, groups' inner questions included. */
function questionsById(definition: ServiceDefinition): Map<string, Question> {
  const byId = new Map<string, Question>();
  const add = (q: Question) => {
    if (!byId.has(q.id)) byId.set(q.id, q);
    q.questions?.forEach(add);
  };
  for (const step of definition.steps ?? []) (step.questions ?? []).forEach(add);
  return byId;
}

function answerLabel(question: Question | undefined, value: string | number | boolean): string {
  const option = question?.options?.find((o) => o.value === String(value));
  if (option) return option.label.en;
  if (question?.type === "yes-no" && (value === "yes" || value === "no")) return value === "yes" ? "Yes" : "No";
  return String(value);
}

/** A condition in an editor's words, and the short label for its arrow. */
export function describeCondition(condition: Condition, questions: Map<string, Question>): { words: string; short: string } {
  if ("all" in condition) {
    const parts = condition.all.map((c) => describeCondition(c, questions));
    return { words: parts.map((p) => p.words).join(" and "), short: parts.map((p) => p.short).join(" + ") };
  }
  if ("any" in condition) {
    const parts = condition.any.map((c) => describeCondition(c, questions));
    return { words: parts.map((p) => p.words).join(" or "), short: parts.map((p) => p.short).join(" / ") };
  }
  if ("not" in condition) {
    const inner = describeCondition(condition.not, questions);
    return { words: `not (${inner.words})`, short: `not ${inner.short}` };
  }
  const question = questions.get(condition.question);
  const label = question ? `‘${question.label.en}’` : `question "${condition.question}" (not asked in this service)`;
  if ("equals" in condition) {
    const answer = answerLabel(question, condition.equals);
    return { words: `${label} is ‘${answer}’`, short: answer };
  }
  if ("in" in condition) {
    const answers = condition.in.map((v) => answerLabel(question, v));
    return { words: `${label} is one of ${answers.map((a) => `‘${a}’`).join(", ")}`, short: answers.join(" / ") };
  }
  if ("includes" in condition) {
    const answer = answerLabel(question, condition.includes);
    return { words: `${label} includes ‘${answer}’`, short: answer };
  }
  return condition.answered ? { words: `${label} is answered`, short: "answered" } : { words: `${label} is left blank`, short: "blank" };
}

/** The map of a definition. `outcomeTitles` gives an outcome page's title by id (the id itself when unknown). */
export function serviceMap(definition: ServiceDefinition, outcomeTitles: Map<string, string> = new Map()): ServiceMap {
  const steps = definition.steps ?? [];
  const questions = questionsById(definition);
  const stepTitle = (i: number) => steps[i].title?.en ?? steps[i].questions?.[0]?.label.en ?? steps[i].id;
  const indexOf = new Map(steps.map((s, i) => [s.id, i] as const));
  const outcomes = new Map<string, string>();
  const targetOf = (goTo: string): MapTarget => {
    if (goTo === "check-answers") return { kind: "check-answers", title: checkAnswersTitle };
    const outcome = outcomeOf(goTo);
    if (outcome !== undefined) {
      const title = outcomeTitles.get(outcome) ?? outcome;
      outcomes.set(outcome, title);
      return { kind: "outcome", id: outcome, title };
    }
    const index = indexOf.get(goTo);
    return index === undefined ? { kind: "missing", id: goTo, title: `“${goTo}”, which this service does not have` } : { kind: "step", id: goTo, title: stepTitle(index) };
  };

  const mapped: MapStep[] = steps.map((step, s) => {
    const routes: MapRoute[] = [];
    let unconditional = false;
    for (const route of step.routes ?? []) {
      let words = route.when ? describeCondition(route.when, questions) : routes.length ? { words: "otherwise", short: "otherwise" } : { words: "always", short: "always" };
      // A route for one kind of site only ("sites"): says which, and does not stop the others' routes.
      if (route.sites) {
        const site = `the site covers ${route.sites === "railway" ? "the railway" : "an area"}`;
        words = route.when ? { words: `${site} and ${words.words}`, short: `${route.sites}: ${words.short}` } : { words: site, short: route.sites };
      }
      routes.push({ when: words.words, short: words.short, target: targetOf(route.goTo), fallThrough: false, neverUsed: unconditional });
      if (!route.when && !route.sites) unconditional = true;
    }
    if (!unconditional) {
      const next = steps[s + 1];
      routes.push({ when: routes.length ? "otherwise" : "always", short: routes.length ? "otherwise" : "next", target: next ? targetOf(next.id) : targetOf("check-answers"), fallThrough: true, neverUsed: false });
    }
    return { id: step.id, title: stepTitle(s), number: s + 1, questions: (step.questions ?? []).map((q) => q.label.en), routes, reachable: false };
  });

  // Reachable: led to from the first step by a route that can be used.
  const queue = mapped.length ? [0] : [];
  if (mapped.length) mapped[0].reachable = true;
  while (queue.length) {
    const step = mapped[queue.shift()!];
    for (const route of step.routes) {
      if (route.neverUsed || route.target.kind !== "step") continue;
      const index = indexOf.get(route.target.id)!;
      if (!mapped[index].reachable) {
        mapped[index].reachable = true;
        queue.push(index);
      }
    }
  }
  return {
    id: definition.id,
    title: definition.title?.en ?? definition.id,
    steps: mapped,
    outcomes: [...outcomes].map(([id, title]) => ({ id, title })),
    unreachable: mapped.filter((s) => !s.reachable).map((s) => s.id),
  };
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function targetWords(target: MapTarget): string {
  if (target.kind === "step") return `step “${target.title}”`;
  if (target.kind === "outcome") return `outcome page “${target.title}”`;
  if (target.kind === "missing") return `step ${target.title}`;
  return target.title;
}

/** The map as lines of text: each step, whether it can be reached, and where each answer leads. */
export function mapText(map: ServiceMap): string {
  const lines = [`Map of ${map.title} (${map.id}): ${map.steps.length} steps, ${map.outcomes.length} outcomes.`];
  if (map.unreachable.length) lines.push(`Can't be reached: ${map.unreachable.map((id) => `step "${id}"`).join(", ")} — no route leads there.`);
  for (const step of map.steps) {
    lines.push(`Step ${step.number} “${step.title}” (${step.id})${step.reachable ? "" : " — CAN'T BE REACHED: no route leads here"}`);
    for (const route of step.routes) {
      const lead = route.when === "always" ? "Always" : route.when === "otherwise" ? "Otherwise" : `If ${route.when}`;
      lines.push(`  ${lead} → ${targetWords(route.target)}${route.neverUsed ? " (never used: an earlier route always applies)" : ""}`);
    }
  }
  return lines.join("\n") + "\n";
}

interface Box {
  key: string;
  label: string;
  kind: "step" | "outcome" | "check-answers" | "missing";
  reachable: boolean;
  layer: number;
  x: number;
  y: number;
}

const boxWidth = 200;
const boxHeight = 54;
const columnGap = 40;
const rowGap = 70;

/** Splits a title into at most two lines of about `width` characters, the second shortened with an ellipsis. */
function wrap(text: string, width = 28): string[] {
  const words = text.split(/\s+/);
  const lines: string[] = [""];
  for (const word of words) {
    const last = lines[lines.length - 1];
    if (last && (last + " " + word).length > width) lines.push(word);
    else lines[lines.length - 1] = last ? `${last} ${word}` : word;
  }
  if (lines.length > 2) return [lines[0], `${lines[1].slice(0, width - 1)}…`];
  return lines;
}

const keyOf = (target: MapTarget) => (target.kind === "check-answers" ? "check-answers" : `${target.kind}:${target.id}`);

/** Lays the map out in layers from the top: a step one layer below the lowest step leading to it; outcomes below their steps; check your answers last. */
function layout(map: ServiceMap): { boxes: Map<string, Box>; width: number; height: number } {
  const boxes = new Map<string, Box>();
  const layerOf = new Map<string, number>();
  map.steps.forEach((step, s) => {
    const key = `step:${step.id}`;
    const layer = layerOf.get(key) ?? (s === 0 ? 0 : (layerOf.get(`step:${map.steps[s - 1].id}`) ?? 0) + 1);
    layerOf.set(key, layer);
    boxes.set(key, { key, label: `${step.number}. ${step.title}`, kind: "step", reachable: step.reachable, layer, x: 0, y: 0 });
    for (const route of step.routes) {
      const target = keyOf(route.target);
      if (route.target.kind === "step" && map.steps.findIndex((t) => t.id === (route.target as { id: string }).id) <= s) continue;
      layerOf.set(target, Math.max(layerOf.get(target) ?? 0, layer + 1));
    }
  });
  const last = Math.max(0, ...[...layerOf].filter(([key]) => key !== "check-answers").map(([, layer]) => layer));
  for (const step of map.steps) {
    for (const route of step.routes) {
      const key = keyOf(route.target);
      if (boxes.has(key)) continue;
      const layer = route.target.kind === "check-answers" ? last + 1 : layerOf.get(key)!;
      boxes.set(key, { key, label: route.target.kind === "missing" ? `Missing step “${route.target.id}”` : route.target.title, kind: route.target.kind, reachable: true, layer, x: 0, y: 0 });
    }
  }
  const rows = new Map<number, Box[]>();
  for (const box of boxes.values()) rows.set(box.layer, [...(rows.get(box.layer) ?? []), box]);
  const widest = Math.max(1, ...[...rows.values()].map((r) => r.length));
  const width = widest * (boxWidth + columnGap) + columnGap;
  for (const [layer, row] of rows) {
    const rowWidth = row.length * (boxWidth + columnGap) - columnGap;
    row.forEach((box, i) => {
      box.x = (width - rowWidth) / 2 + i * (boxWidth + columnGap);
      box.y = 20 + layer * (boxHeight + rowGap);
    });
  }
  const height = 20 + (Math.max(0, ...[...rows.keys()]) + 1) * (boxHeight + rowGap) - rowGap + 20;
  return { boxes, width, height };
}

function svg(map: ServiceMap): string {
  const { boxes, width, height } = layout(map);
  const parts: string[] = [];
  for (const step of map.steps) {
    const from = boxes.get(`step:${step.id}`)!;
    step.routes.forEach((route, r) => {
      const to = boxes.get(keyOf(route.target))!;
      const x1 = from.x + boxWidth / 2 + (r - (step.routes.length - 1) / 2) * 18;
      const y1 = from.y + boxHeight;
      const x2 = to.x + boxWidth / 2;
      const y2 = to.y;
      const bend = Math.max(30, (y2 - y1) / 2);
      const d = y2 > y1 ? `M${x1},${y1} C${x1},${y1 + bend} ${x2},${y2 - bend} ${x2},${y2}` : `M${x1},${y1} C${x1 + 120},${y1 + 60} ${x2 + 120},${y2 - 60} ${x2},${y2}`;
      const cls = route.neverUsed ? "edge never" : route.fallThrough ? "edge default" : "edge";
      const labelX = (x1 + x2) / 2;
      const labelY = (y1 + y2) / 2;
      parts.push(
        `<g class="${cls}"><title>${escapeHtml(`${step.title}: ${route.when} → ${targetWords(route.target)}`)}</title><path d="${d}" marker-end="url(#arrow)"/>` +
          `<text x="${labelX}" y="${labelY}" text-anchor="middle">${escapeHtml(route.short.length > 24 ? `${route.short.slice(0, 23)}…` : route.short)}</text></g>`,
      );
    });
  }
  for (const box of boxes.values()) {
    const cls = `node ${box.kind}${box.reachable ? "" : " unreachable"}`;
    const lines = wrap(box.label);
    const text = lines.map((line, i) => `<tspan x="${box.x + boxWidth / 2}" y="${box.y + boxHeight / 2 + (i - (lines.length - 1) / 2) * 16 + 5}">${escapeHtml(line)}</tspan>`).join("");
    const note = box.reachable ? "" : `<text class="warning" x="${box.x + boxWidth / 2}" y="${box.y - 6}" text-anchor="middle">Can't be reached</text>`;
    parts.push(`<g class="${cls}"><rect x="${box.x}" y="${box.y}" width="${boxWidth}" height="${boxHeight}" rx="${box.kind === "step" ? 4 : 18}"/><text text-anchor="middle">${text}</text>${note}</g>`);
  }
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="map-title map-desc">` +
    `<title id="map-title">Diagram of ${escapeHtml(map.title)}</title><desc id="map-desc">The same routes as the list below: ${map.steps.length} steps from the top, arrows to where each answer leads.</desc>` +
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"/></marker></defs>` +
    parts.join("") +
    `</svg>`
  );
}

const style = `body{font-family:arial,sans-serif;color:#0b0c0c;margin:0;line-height:1.4}main{padding:20px;max-width:1200px;margin:0 auto}
h1{font-size:2rem}.warning{color:#d4351c;fill:#d4351c;font-weight:bold}.figure{overflow-x:auto;border:1px solid #b1b4b6;padding:10px}
.node rect{fill:#fff;stroke:#0b0c0c;stroke-width:2}.node.outcome rect{fill:#f3f2f1}.node.check-answers rect{fill:#cce2d8;stroke:#005a30}
.node.unreachable rect,.node.missing rect{stroke:#d4351c;stroke-width:4;stroke-dasharray:6 4}.node text{font-size:14px;fill:#0b0c0c}
.edge path{fill:none;stroke:#505a5f;stroke-width:2}.edge.default path{stroke-dasharray:5 4}.edge.never path{stroke:#d4351c;stroke-dasharray:2 4}
.edge text{font-size:12px;fill:#0b0c0c;paint-order:stroke;stroke:#fff;stroke-width:4px}marker path{fill:#505a5f}
li{margin-bottom:4px}.routes{margin-top:4px}`;

/** The map as a page: a summary, the diagram, and the same in a list. */
export function mapPage(map: ServiceMap): string {
  const list = map.steps
    .map((step) => {
      const routes = step.routes
        .map((route) => {
          const lead = route.when === "always" ? "Always" : route.when === "otherwise" ? "Otherwise" : `If ${escapeHtml(route.when)}`;
          const target = route.target.kind === "missing" ? `<strong class="warning">${escapeHtml(targetWords(route.target))}</strong>` : escapeHtml(targetWords(route.target));
          return `<li>${lead} → ${target}${route.neverUsed ? ` <strong class="warning">(never used: an earlier route always applies)</strong>` : ""}</li>`;
        })
        .join("");
      const flag = step.reachable ? "" : ` <strong class="warning">Can't be reached: no route leads here</strong>`;
      return `<li id="step-${escapeHtml(step.id)}"><strong>${escapeHtml(step.title)}</strong> (${escapeHtml(step.id)})${flag}<ul class="routes">${routes}</ul></li>`;
    })
    .join("");
  const summary = map.unreachable.length
    ? `<p class="warning">${map.unreachable.length === 1 ? "1 step can't be reached" : `${map.unreachable.length} steps can't be reached`}: ${map.unreachable.map((id) => escapeHtml(id)).join(", ")}. No route leads there.</p>`
    : `<p>Every step can be reached.</p>`;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Map of ${escapeHtml(map.title)}</title><style>${style}</style></head>
<body><main><h1>Map of ${escapeHtml(map.title)}</h1>
<p>${map.steps.length} steps and ${map.outcomes.length} outcome pages. Each arrow is a route; a dashed arrow is the next step a page goes to when no route applies.</p>
${summary}
<h2>Diagram</h2><div class="figure" tabindex="0" role="region" aria-label="Diagram, scrolls sideways">${svg(map)}</div>
<h2>Steps and where each answer leads</h2><ol>${list}</ol>
</main></body></html>
`;
}
