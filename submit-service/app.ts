import { Hono } from "hono";
import { serveStatic } from "@hono/node-server/serve-static";
import { secureHeaders } from "hono/secure-headers";
import type { Logger } from "./logger.ts";

export interface AppDeps {
  /** The built sites (npm run build's output). */
  siteDir: string;
  logger: Logger;
  /** CSP sources for the inline scripts our templates carry (lib/render/csp.ts). */
  scriptHashes: string[];
}

/** Fingerprinted files never change under the same name; everything else is revalidated. */
const immutable = /^\/(assets|themes)\//;

/**
 * The one Hono app: built force sites as static files, and (as later issues add them) the submission routes.
 * Nothing happens at import; server.ts supplies every dependency.
 */
export function createApp(deps: AppDeps): Hono {
  const app = new Hono();

  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        // govuk-frontend's template adds one inline script (the js-enabled class); it is allowed by its hash.
        scriptSrc: ["'self'", ...deps.scriptHashes],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", "data:"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
      },
      strictTransportSecurity: "max-age=31536000; includeSubDomains",
      referrerPolicy: "same-origin",
      xFrameOptions: "DENY",
    }),
  );

  app.get("/healthz", (c) => c.json({ status: "ok" }));

  app.use("/*", async (c, next) => {
    await next();
    if (c.res.status === 200 && (c.req.method === "GET" || c.req.method === "HEAD")) {
      c.res.headers.set("Cache-Control", immutable.test(c.req.path) ? "public, max-age=31536000, immutable" : "public, max-age=0, must-revalidate");
    }
  });
  app.use("/*", serveStatic({ root: deps.siteDir, precompressed: true }));

  app.notFound((c) => c.text("Page not found", 404));
  app.onError((error, c) => {
    deps.logger.error("unhandled error", { path: c.req.path, error: error.message });
    return c.text("Sorry, something went wrong. Please try again later.", 500);
  });
  return app;
}
