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
