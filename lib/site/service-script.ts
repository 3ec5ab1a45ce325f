import * as esbuild from "esbuild";
import type { Locales } from "../i18n/locales.ts";
import type { Question, ServiceDefinition } from "../services/types.ts";
import { browserValidatorSource } from "../services/validators.ts";
import { fingerprint } from "./fingerprint.ts";
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
export async function serviceScripts(definition: ServiceDefinition, locales: Locales, emergencyOutcomes: ReadonlySet<string>, codeKey = browserCodeKey()): Promise<{ validators: Asset; script: Asset }> {
  const emergencies = [...emergencyOutcomes].sort();
  return cached("service-js", cacheKey(codeKey, JSON.stringify(definition), JSON.stringify(errorStrings(locales)), JSON.stringify(emergencies)), () => bundleServiceScripts(definition, locales, emergencies));
}

function errorStrings(locales: Locales) {
  return Object.fromEntries(
    Object.entries(locales).map(([lang, dictionary]) => [lang, Object.fromEntries(Object.entries(dictionary).filter(([key]) => key.startsWith("errors.")))]),
  );
}

async function bundleServiceScripts(definition: ServiceDefinition, locales: Locales, emergencyOutcomes: string[]): Promise<{ validators: Asset; script: Asset }> {
  const strings = errorStrings(locales);
  const bundled = async (contents: string, loader: "js" | "ts") =>
    // The validators' module is fetched from the site at run time, not bundled in.
    (await esbuild.build({ ...browserBundle, external: ["/assets/*"], stdin: { contents, resolveDir: codeRoot, loader, sourcefile: `${definition.id}.${loader}` } })).outputFiles[0].text;
  const validatorSource = await bundled(browserValidatorSource(definition), "js");
  const validators = { url: `/assets/services/${definition.id}.validators.${fingerprint(validatorSource)}.js`, content: validatorSource };
  const scriptSource = await bundled(
    `import { startStepForm } from "./lib/browser/step-form.ts";
startStepForm({ definition: ${JSON.stringify(browserDefinition(definition))}, emergencyOutcomes: ${JSON.stringify(emergencyOutcomes)}, strings: ${JSON.stringify(strings)}, loadValidators: () => import(${JSON.stringify(validators.url)}) });`,
    "ts",
  );
  return { validators, script: { url: `/assets/services/${definition.id}.${fingerprint(scriptSource)}.js`, content: scriptSource } };
}
