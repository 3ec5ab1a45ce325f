import { outcomeUrl } from "../../lib/triage/outcome.ts";
import type { Context } from "hono";
import type { Force, Language } from "../../lib/forces/load.ts";
import type { Strings } from "../../lib/services/errors.ts";
import type { ServiceDefinition, Step } from "../../lib/services/types.ts";
import { serviceUrl, stepUrl, type ForceView } from "../../lib/site/plan.ts";
import type { Destination } from "../../lib/triage/triage.ts";
import type { ServiceSite } from "../site.ts";

/** One report journey as a request names it: the force, the service, the page's language and the page asked for. */
export interface Journey {
  force: Force;
  definition: ServiceDefinition;
  lang: Language;
  strings: Strings;
  /** The service's start page in this language: "/kent/report/report-crime/". */
  start: string;
  /** What follows the start in the path: a step id, "check-answers", "confirmation" … or nothing (the first step). */
  segment: string | undefined;
}

/** /<force>/report/<service>/, optionally /cy/ after the force, then one more segment. */
const journeyPath = /^\/([a-z-]+)\/(?:(cy)\/)?report\/([a-z0-9-]+)\/(?:([a-z0-9-]+)\/)?$/;

/** The journey a path belongs to; undefined for any other page (the static site answers those). */
export function journeyOf(site: ServiceSite, path: string): Journey | undefined {
  const match = journeyPath.exec(path);
  if (!match) return undefined;
  const [, forceId, cy, serviceId, segment] = match;
  const force = site.forces.get(forceId);
  const definition = site.services.get(forceId)?.get(serviceId);
  const lang: Language = cy ? "cy" : "en";
  if (!force || !definition || !force.languages.includes(lang)) return undefined;
  return { force, definition, lang, strings: site.locales[lang], start: serviceUrl(force, lang, definition.id), segment };
}

/** The step a journey's page shows, if it is one: the first step at the start, later ones by their id. */
export function stepOf(journey: Journey): Step | undefined {
  const { definition, segment } = journey;
  return segment === undefined ? definition.steps[0] : definition.steps.find((s, i) => i > 0 && s.id === segment);
}

/** Where a destination of the triage is, in this journey's language. */
export function urlFor(journey: Journey, destination: Destination): string {
  if ("outcome" in destination) return outcomeUrl(journey.start, destination.outcome);
  if ("checkAnswers" in destination) return `${journey.start}check-answers/`;
  return stepUrl(journey.force, journey.lang, journey.definition, destination.step);
}

/** Every page the service renders is for this person now: never stored by a browser or proxy. */
export function render(c: Context, site: ServiceSite, view: ForceView & Record<string, unknown>, status: 200 | 404 | 429 = 200) {
  c.header("Cache-Control", "no-store");
  return c.html(site.env.render(`layouts/${view.layout}.njk`, { view }), status);
}

/** A page of the service that is not a step (check-answers, confirmation, timed out): the start page's frame, its own URL. */
export function servicePage(site: ServiceSite, journey: Journey, segment: string, extra: Record<string, unknown>): ForceView & Record<string, unknown> {
  const start = site.views.get(journey.start)!;
  return {
    ...start,
    url: `${start.service!.url}${segment}/`,
    step: undefined,
    service: { ...start.service!, startHtml: undefined },
    alternates: start.alternates.map((a) => ({ ...a, url: `${a.url}${segment}/` })),
    ...extra,
  };
}
