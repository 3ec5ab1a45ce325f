import { Hono } from "hono";
import type { Language } from "../../lib/forces/load.ts";
import type { AppDeps } from "../app.ts";
import { trackPages } from "../journey/track.ts";

/** /<force>/track/ and, for a force that publishes in Welsh, /<force>/cy/dilyn/. */
const trackPath = /^\/([a-z-]+)\/(?:track|(cy)\/dilyn)\/$/;

/** Track my report (submit-service/journey/track.ts): a force's page, asked for (GET) or looked up (POST). */
export function trackRoutes(deps: AppDeps): Hono {
  const app = new Hono();
  const pages = trackPages(deps);
  app.on(["GET", "POST"], "*", async (c, next) => {
    const match = trackPath.exec(c.req.path);
    const force = match ? deps.site.forces.get(match[1]) : undefined;
    const lang: Language = match?.[2] ? "cy" : "en";
    if (!force || !force.languages.includes(lang)) return next();
    return c.req.method === "GET" ? pages.show(c, force, lang) : pages.lookUp(c, force, lang);
  });
  return app;
}
