import path from "node:path";
import nunjucks from "nunjucks";
import type { Language } from "../i18n/language.ts";
import { translate, type Locales } from "../i18n/locales.ts";

/**
 * The one Nunjucks environment the build and the service render with: our layouts and
 * components first, then govuk-frontend's macros. Autoescape is on; only trusted HTML is marked safe.
 * Locales are read through a function so a watching build (npm run dev) sees edited strings.
 */
export function createEnvironment(root: string, locales: () => Locales): nunjucks.Environment {
  const env = new nunjucks.Environment(
    new nunjucks.FileSystemLoader([path.join(root, "content", "_includes"), path.join(root, "node_modules", "govuk-frontend", "dist")]),
    { autoescape: true, throwOnUndefined: false },
  );
  // `{{ "footer.copyright" | t }}`: the page's language comes from its view (or is named, for a language switch);
  // {force} is filled in unless given.
  env.addFilter("t", function (this: { ctx: { view?: { lang: Language; forceName?: string } } }, key: string, values: Record<string, string> = {}, language?: Language) {
    const view = this.ctx.view;
    const lang = language ?? view?.lang ?? "en";
    return translate(locales()[lang], key, { force: view?.forceName ?? "", ...values });
  });
  // `{{ params | fcWith({ items: items }) }}`: a copy of macro params with some options replaced.
  env.addFilter("fcWith", (params: object, extra: object) => ({ ...params, ...extra }));
  return env;
}

/** Definition texts (a service's confirmation, shown by the service) are Markdown with the same expressions as pages. */
const textEnvironment = new nunjucks.Environment(null, { autoescape: true, throwOnUndefined: false });
const plainTextEnvironment = new nunjucks.Environment(null, { autoescape: false, throwOnUndefined: false });

/**
 * A text with its Nunjucks expressions filled in for one force and language (lib/site/plan.ts textContext):
 * escaped for a page, or as it is for a plain-text email.
 */
export function fillText(source: string, context: object, as: "html" | "plain" = "html"): string {
  return (as === "html" ? textEnvironment : plainTextEnvironment).renderString(source, context);
}

/** Why a text's expressions cannot be read, in the template engine's words, or undefined when they can. */
export function textSyntaxError(source: string): string | undefined {
  try {
    new nunjucks.Template(source, textEnvironment, undefined, true);
    return undefined;
  } catch (error) {
    return (error as Error).message.replace(/^\(unknown path\)\s*/, "").replace(/\s+/g, " ").trim();
  }
}
