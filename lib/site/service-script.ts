import * as esbuild from "esbuild";
import type { Locales } from "../i18n/locales.ts";
import type { Question, ServiceDefinition } from "../services/types.ts";
import { browserValidatorSource } from "../services/validators.ts";
import { browserBundle, codeRoot } from "./bundle.ts";

/** What the browser needs of a definition to validate and route: no labels, hints or page text. */
function browserQuestion(q: Question): Partial<Question> {
  const { label: _label, hint: _hint, autocomplete: _autocomplete, ...rest } = q;
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
 * One small module per service for its step pages: the ajv standalone validators for its steps, the form
 * reading, messages and triage from lib/, and the error strings, bundled and minified by esbuild.
 */
export async function serviceScript(definition: ServiceDefinition, locales: Locales): Promise<string> {
  const strings = Object.fromEntries(
    Object.entries(locales).map(([lang, dictionary]) => [lang, Object.fromEntries(Object.entries(dictionary).filter(([key]) => key.startsWith("errors.")))]),
  );
  const validators = browserValidatorSource(definition);
  const result = await esbuild.build({
    stdin: {
      contents: `import * as validators from "fc:validators";
import { startStepForm } from "./lib/browser/step-form.ts";
startStepForm({ definition: ${JSON.stringify(browserDefinition(definition))}, strings: ${JSON.stringify(strings)}, validators });`,
      resolveDir: codeRoot,
      loader: "ts",
      sourcefile: `${definition.id}.ts`,
    },
    ...browserBundle,
    plugins: [
      {
        name: "step-validators",
        setup(build) {
          build.onResolve({ filter: /^fc:validators$/ }, () => ({ path: definition.id, namespace: "validators" }));
          build.onLoad({ filter: /.*/, namespace: "validators" }, () => ({ contents: validators, loader: "js", resolveDir: codeRoot }));
        },
      },
    ],
  });
  return result.outputFiles[0].text;
}
