import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ValidateFunction } from "ajv";
import type nunjucks from "nunjucks";
import type { Force, Language } from "../lib/forces/load.ts";
import type { Locales } from "../lib/i18n/locales.ts";
import { createEnvironment } from "../lib/render/environment.ts";
import type { ServiceDefinition } from "../lib/services/types.ts";
import { compileValidators, type StepValidators } from "../lib/services/validators.ts";
import { everyService } from "../lib/site/catalogue.ts";
import type { CouncilArea } from "../lib/geography/areas.ts";
import { findForceServices } from "../lib/site/national.ts";
import type { Site } from "../lib/site/load.ts";
import { readManifest, siteOf } from "../lib/site/manifest.ts";
import { bodyRenderer, emergencyOutcomes, forceFrame, serviceLanguages, serviceViews, stepUrl, themeView, type AssetNames, type ForceFrame, type ForceView } from "../lib/site/plan.ts";

/**
 * What the service knows of the sites it serves: the same forces, definitions, strings and page views the
 * build made (same inputs, same asset names), the one Nunjucks environment, and every step's validator.
 */
export interface ServiceSite {
  forces: Map<string, Force>;
  services: Map<string, Map<string, ServiceDefinition>>;
  locales: Locales;
  /** The step pages' views by URL: the service renders the same pages with answers and errors. */
  views: Map<string, ForceView>;
  env: nunjucks.Environment;
  validators: StepValidators;
  /** Outcomes that mean danger: a route to one is followed before the rest of its page is checked. */
  emergencyOutcomes: ReadonlySet<string>;
  /** Every council area and its force, for "find your force" without JavaScript. */
  councilAreas: CouncilArea[];
  /** The services whose "another force" outcome offers the lookup. */
  findForceServices: ReadonlySet<string>;
  /** What a page the service makes for a force (the track page) shares with the force's others: name, root, assets, theme. */
  frame(force: Force, lang: Language): ForceFrame;
}

/**
 * A step page's view, made the first time the service needs it (for one force, language and service at once),
 * so starting does not plan thousands of pages nobody may post to.
 */
class StepViews extends Map<string, ForceView> {
  private readonly pending = new Map<string, () => ForceView[]>();

  constructor(site: Site, names: AssetNames, env: nunjucks.Environment) {
    super();
    const renderBody = bodyRenderer(env);
    for (const force of site.forces) {
      for (const lang of serviceLanguages(site, force)) {
        for (const definition of site.servicesByForce.get(force.id) ?? []) {
          const make = () => serviceViews(site, force, lang as Language, definition, names, themeView(site, force, names), renderBody);
          for (const step of definition.steps) this.pending.set(stepUrl(force, lang, definition, step.id), make);
        }
      }
    }
  }

  override get(url: string): ForceView | undefined {
    const make = this.pending.get(url);
    if (make && !super.has(url)) for (const view of make()) super.set(view.url, view);
    return super.get(url);
  }
}

/** The service's view of a site already read (npm run dev reads content itself and keeps it fresh). */
export function serviceSite(site: Site, names: AssetNames, validators: StepValidators = compileValidators(everyService(site))): ServiceSite {
  const env = createEnvironment(site.root, () => site.locales);
  return {
    forces: new Map(site.forces.map((f) => [f.id, f])),
    services: new Map([...site.servicesByForce].map(([force, list]) => [force, new Map(list.map((d) => [d.id, d]))])),
    locales: site.locales,
    views: new StepViews(site, names, env),
    env,
    validators,
    emergencyOutcomes: emergencyOutcomes(site),
    councilAreas: site.geography.areas,
    findForceServices: new Set(findForceServices(site).map((d) => d.id)),
    frame: (force, lang) => forceFrame(force, lang, names, themeView(site, force, names)),
  };
}

/** From the content itself: reads and checks everything and names the assets as a build would. */
export async function prepareSite(root: string): Promise<ServiceSite> {
  const { loadSite } = await import("../lib/site/load.ts");
  const { planAssets } = await import("../lib/site/plan.ts");
  const site = loadSite(root);
  return serviceSite(site, (await planAssets(site)).names, compileValidators(everyService(site)));
}

/**
 * From a build's manifest (what every instance does at start): no reading of content, Sass or esbuild, so an
 * instance answers within a couple of seconds. Templates are still read from `root` when first rendered.
 */
export async function siteFromBuild(siteDir: string, root: string): Promise<{ site: ServiceSite; scriptHashes: string[] }> {
  const manifest = readManifest(siteDir);
  if (!manifest) throw new Error(`${siteDir} holds no build manifest: run npm run build first`);
  const { site, names } = siteOf(manifest, root);
  return { site: serviceSite(site, names, await builtValidators(siteDir, site, names)), scriptHashes: manifest.scriptHashes };
}

/**
 * The validators the build wrote for the browser (ajv standalone, compiled from the same derived schemas with
 * the same options), imported rather than compiled again: the server checks a post with the very code the
 * page ran.
 */
/** The export browserValidatorSource gives a step's validator (lib/services/validators.ts). */
const validatorExport = (stepId: string) => `step_${stepId.replaceAll("-", "_")}`;

async function builtValidators(siteDir: string, site: Site, names: AssetNames): Promise<StepValidators> {
  const validators: StepValidators = new Map();
  await Promise.all(
    everyService(site).map(async (definition) => {
      const module = (await import(pathToFileURL(path.join(siteDir, names.validators.get(definition.id)!)).href)) as Record<string, ValidateFunction>;
      const steps = new Map<string, ValidateFunction>();
      for (const step of definition.steps) {
        const validate = module[validatorExport(step.id)];
        if (typeof validate !== "function") throw new Error(`${names.validators.get(definition.id)} has no validator for step "${step.id}": rebuild the site`);
        steps.set(step.id, validate);
      }
      validators.set(definition.id, steps);
    }),
  );
  return validators;
}
