import path from "node:path";
import * as esbuild from "esbuild";
import type { Locales } from "../i18n/locales.ts";
import type { Question, ServiceDefinition } from "../services/types.ts";
import { browserValidatorSource } from "../services/validators.ts";
import { fingerprint } from "./fingerprint.ts";
import { serviceKey } from "../services/sites.ts";
import type { Asset } from "./assets.ts";
import { browserCodeKey } from "./assets.ts";
import { browserBundle, codeRoot } from "./bundle.ts";
import { cached, cacheKey } from "./cache.ts";

/** What the browser needs of a definition to validate and route: no labels, hints, page text or delivery mapping. */
function browserQuestion(q: Question): Partial<Question> {
  const { label: _label, hint: _hint, autocomplete: _autocomplete, deliver: _deliver, ...rest } = q;
  return { ...rest, options: q.options?.map(({ value, exclusive }) => ({ value, exclusive, label: { en: "" } })), questions: q.questions?.map((inner) => browserQuestion(inner) as Question) };
}

function browserDefinition(definition: ServiceDefinition) {
  return {
    id: definition.id,
    sensitive: definition.sensitive,
    steps: definition.steps.map((step) => ({ id: step.id, routes: step.routes, questions: step.questions.map(browserQuestion) })),
  };
}

/**
 * Two small modules per service for its step pages: the form reading, messages and triage from lib/ with the
 * error strings, which every step page loads; and the ajv standalone validators for its steps, which that
 * module fetches only once someone starts filling a form in — so a first visit stays light.
 */
export async function serviceScripts(definition: ServiceDefinition, locales: Locales, emergencyOutcomes: ReadonlySet<string>, codeKey = browserCodeKey()): Promise<ServiceScripts> {
  const emergencies = [...emergencyOutcomes].sort();
  return cached("service-js", cacheKey(codeKey, JSON.stringify(definition), JSON.stringify(browserStrings(locales)), JSON.stringify(emergencies)), () => bundleServiceScripts(definition, locales, emergencies, codeKey));
}

export interface ServiceScripts {
  validators: Asset;
  script: Asset;
  /** For a service with a page that takes files: the upload module (progress bar, resumable upload), one for every service. */
  upload?: Asset;
}

/** The words the browser shows itself: the errors, and what an upload says as it goes. */
function browserStrings(locales: Locales) {
  return Object.fromEntries(
    Object.entries(locales).map(([lang, dictionary]) => [lang, Object.fromEntries(Object.entries(dictionary).filter(([key]) => key.startsWith("errors.") || key.startsWith("upload.")))]),
  );
}

/** lib/browser/upload.ts with tus-js-client: fetched by a step page only when a file is chosen on it. */
async function uploadScript(codeKey: string): Promise<Asset> {
  const content = await cached("upload-js", codeKey, async () => (await esbuild.build({ ...browserBundle, entryPoints: [path.join(codeRoot, "lib", "browser", "upload.ts")] })).outputFiles[0].text);
  return { url: `/assets/upload.${fingerprint(content)}.js`, content };
}

async function bundleServiceScripts(definition: ServiceDefinition, locales: Locales, emergencyOutcomes: string[], codeKey: string): Promise<ServiceScripts> {
  const strings = browserStrings(locales);
  const upload = definition.steps.some((step) => step.questions.some((q) => q.type === "file")) ? await uploadScript(codeKey) : undefined;
  const bundled = async (contents: string, loader: "js" | "ts") =>
    // The validators' module is fetched from the site at run time, not bundled in.
    (await esbuild.build({ ...browserBundle, external: ["/assets/*"], stdin: { contents, resolveDir: codeRoot, loader, sourcefile: `${definition.id}.${loader}` } })).outputFiles[0].text;
  const validatorSource = await bundled(browserValidatorSource(definition), "js");
  const validators = { url: `/assets/services/${definition.id}.validators.${fingerprint(validatorSource)}.js`, content: validatorSource };
  const scriptSource = await bundled(
    `import { startStepForm } from "./lib/browser/step-form.ts";
startStepForm({ definition: ${JSON.stringify(browserDefinition(definition))}, emergencyOutcomes: ${JSON.stringify(emergencyOutcomes)}, strings: ${JSON.stringify(strings)}, loadValidators: () => import(${JSON.stringify(validators.url)})${upload ? `, loadUploads: () => import(${JSON.stringify(upload.url)})` : ""} });`,
    "ts",
  );
  // A copy of a definition for one kind of site (lib/services/sites.ts) routes differently, so has its own module.
  return { validators, script: { url: `/assets/services/${serviceKey(definition)}.${fingerprint(scriptSource)}.js`, content: scriptSource }, upload };
}
