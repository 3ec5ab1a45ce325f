import { Hono, type Context } from "hono";
import type { Language } from "../../lib/i18n/language.ts";
import { findForcePaths } from "../../lib/site/national.ts";
import type { AppDeps } from "../app.ts";

/**
 * "Find your force" without JavaScript: a static site cannot read a form, so its two forms (council area,
 * postcode) come here, and each is answered with a redirect to the static page that names the force (with the
 * service the person was using there), or for a postcode that cannot be looked up, to the council list. Nothing
 * is stored. Behind nginx these addresses have no file, so nginx hands them to the service (error_page 404).
 */
export function findForceRoutes(deps: AppDeps): Hono {
  const app = new Hono();
  const areas = new Map(deps.site.councilAreas.map((area) => [area.code, area.force]));

  const common = (c: Context) => {
    const lang: Language = c.req.query("lang") === "cy" ? "cy" : "en";
    const asked = c.req.query("service");
    // Only a service that has a result page (one whose triage can send someone to another force) is kept.
    const service = asked && deps.site.findForceServices.has(asked) ? asked : undefined;
    return { lang, service };
  };
  const toForce = (c: Context, force: string, lang: Language, service?: string) => {
    const offered = service && deps.site.services.get(force)?.has(service) ? service : undefined;
    c.header("Cache-Control", "public, max-age=3600");
    return c.redirect(findForcePaths.result(lang, force, offered), 303);
  };

  app.get(findForcePaths.area, (c) => {
    const { lang, service } = common(c);
    const force = areas.get(c.req.query("area") ?? "");
    // No area chosen (or one that is not in the list): the list again.
    if (!force) return c.redirect(findForcePaths.councilArea(lang, service), 303);
    return toForce(c, force, lang, service);
  });

  app.get(findForcePaths.postcode, (c) => {
    const { lang, service } = common(c);
    const force = deps.postcodes?.forceFor(c.req.query("postcode") ?? "");
    if (!force) return c.redirect(findForcePaths.councilArea(lang, service), 303);
    return toForce(c, force, lang, service);
  });
  return app;
}
