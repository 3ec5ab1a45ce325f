import type nunjucks from "nunjucks";
import type { Force } from "../lib/forces/load.ts";
import type { Locales } from "../lib/i18n/locales.ts";
import { createEnvironment } from "../lib/render/environment.ts";
import type { ServiceDefinition } from "../lib/services/types.ts";
import { compileValidators, type StepValidators } from "../lib/services/validators.ts";
import { loadSite } from "../lib/site/load.ts";
import { emergencyOutcomes, planSite, type ForceView } from "../lib/site/plan.ts";

/**
 * What the service knows of the sites it serves: the same forces, definitions, strings and page views the
 * build made (same inputs, same asset names), the one Nunjucks environment, and every step's validator.
 */
export interface ServiceSite {
  forces: Map<string, Force>;
  services: Map<string, Map<string, ServiceDefinition>>;
  locales: Locales;
  /** The built page views by URL: the service renders the same pages with answers and errors. */
  views: Map<string, ForceView>;
  env: nunjucks.Environment;
  validators: StepValidators;
  /** Outcomes that mean danger: a route to one is followed before the rest of its page is checked. */
  emergencyOutcomes: ReadonlySet<string>;
}

export async function prepareSite(root: string): Promise<ServiceSite> {
  const site = loadSite(root);
  const env = createEnvironment(root, () => site.locales);
  const plan = await planSite(site, env);
  const definitions = new Map([...site.servicesByForce.values()].flat().map((d) => [d.id, d]));
  return {
    forces: new Map(site.forces.map((f) => [f.id, f])),
    services: new Map([...site.servicesByForce].map(([force, list]) => [force, new Map(list.map((d) => [d.id, d]))])),
    locales: site.locales,
    views: new Map(plan.views.map((v) => [v.url, v])),
    env,
    validators: compileValidators([...definitions.values()]),
    emergencyOutcomes: emergencyOutcomes(site),
  };
}
