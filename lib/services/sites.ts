import type { Force } from "../forces/load.ts";
import type { ServiceDefinition, SiteCovers, Step } from "./types.ts";

/** Every kind of site a route can be limited to, as force.schema.json's `covers` names them. */
export const siteKinds: SiteCovers[] = ["area", "railway"];

/** What a force's site covers: the railway for a force whose record says so (British Transport Police), else an area. */
export function siteCovers(force: Pick<Force, "covers">): SiteCovers {
  return force.covers ?? "area";
}

/** Whether a definition has routes for only some kinds of site (`"sites"` on a route). */
export function variesBySite(definition: ServiceDefinition): boolean {
  return definition.steps.some((step) => step.routes?.some((route) => route.sites));
}

/**
 * The definition as the sites of forces that cover `covers` use it: routes marked for the other kind of site
 * left out. A definition with no such routes is returned as it is (one object for every force); one with them
 * becomes one copy per kind of site, marked `forSites`, which the pages, the browser's triage and the
 * service's all use — so the same answers lead to the same place in the browser and on the server.
 */
export function forSites(definition: ServiceDefinition, covers: SiteCovers): ServiceDefinition {
  if (!variesBySite(definition)) return definition;
  return {
    ...definition,
    forSites: covers,
    steps: definition.steps.map((step) => {
      if (!step.routes?.some((route) => route.sites)) return step;
      const routes = step.routes.filter((route) => !route.sites || route.sites === covers).map(({ sites: _sites, ...route }) => route);
      const { routes: _routes, ...rest } = step;
      return routes.length ? { ...rest, routes } : rest;
    }),
  };
}

/** The key of a definition's browser module: its id, and for a copy made for one kind of site, that kind too. */
export function serviceKey(definition: ServiceDefinition): string {
  return definition.forSites ? `${definition.id}.${definition.forSites}` : definition.id;
}

/** The steps a definition's routes can lead to from its first (for a copy made for one kind of site, the ones published there). */
export function reachableSteps(definition: ServiceDefinition): Step[] {
  const reached = new Set<string>([definition.steps[0].id]);
  definition.steps.forEach((step, i) => {
    if (!reached.has(step.id)) return;
    for (const route of step.routes ?? []) if (definition.steps.some((s) => s.id === route.goTo)) reached.add(route.goTo);
    if (!step.routes?.some((route) => !route.when) && definition.steps[i + 1]) reached.add(definition.steps[i + 1].id);
  });
  return definition.steps.filter((step) => reached.has(step.id));
}
