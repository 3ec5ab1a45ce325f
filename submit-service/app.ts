import { Hono, type Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { bodyLimit } from "hono/body-limit";
import { csrf } from "hono/csrf";
import { serveStatic } from "@hono/node-server/serve-static";
import { getConnInfo } from "@hono/node-server/conninfo";
import { rateLimit } from "./http/rate-limit.ts";
import { securityHeaders } from "./http/security-headers.ts";
import type { Logger } from "./logger.ts";
import { apiRoutes, problem } from "./routes/api.ts";
import { forceApiRoutes } from "./routes/force-api.ts";
import { notFoundPage } from "./journey/not-found.ts";
import { formRoutes } from "./routes/forms.ts";
import type { ServiceSite } from "./site.ts";
import type { Store } from "./store/store.ts";

export interface AppConfig {
  /** Signs the draft cookie. */
  cookieSecret: string;
  /** How long a draft lives. */
  draftHours: number;
  /** How long a draft of a sensitive service lives without activity (default 30): a shared device forgets it soon. */
  sensitiveDraftMinutes?: number;
  /** Posts per client per minute before 429. */
  rateLimitPerMinute: number;
  /** Writes waiting to commit before new posts get 503. */
  maxPendingWrites: number;
  bodyLimitBytes: number;
  /** Behind a proxy: trust X-Forwarded-For and X-Forwarded-Proto. */
  trustProxy: boolean;
  /** Origins whose forms may post here, if not only the service's own (e.g. the public https origin behind a proxy). */
  allowedOrigins?: string[];
}

export interface AppDeps {
  /** The built sites (npm run build's output). */
  siteDir: string;
  site: ServiceSite;
  store: Store;
  clock: () => Date;
  logger: Logger;
  config: AppConfig;
  /** CSP sources for the inline scripts our templates carry (lib/render/csp.ts). */
  scriptHashes: string[];
}

/** Fingerprinted files never change under the same name; everything else is revalidated. */
const immutable = /^\/(assets|themes)\//;

/**
 * The one Hono app: every force's static site, the report journey without JavaScript, and the JSON API.
 * Nothing happens at import; server.ts supplies every dependency.
 */
export function createApp(deps: AppDeps): Hono {
  const { config, store } = deps;
  const app = new Hono();

  app.use(securityHeaders(deps.scriptHashes));

  app.get("/healthz", (c) => c.json({ status: "ok" }));
  app.get("/readyz", async (c) => {
    try {
      await store.ping();
      return c.json({ status: "ready" });
    } catch {
      return c.json({ status: "store unavailable" }, 503);
    }
  });

  // Every post: shed load before doing work, then per-client limits, then size and type.
  const clientAddress = (c: Context): string => {
    const forwarded = config.trustProxy ? c.req.header("x-forwarded-for")?.split(",")[0].trim() : undefined;
    if (forwarded) return forwarded;
    // Requests made in-process (app.request) have no socket.
    return (c.env as { incoming?: unknown } | undefined)?.incoming ? getConnInfo(c).remote.address ?? "unknown" : "in-process";
  };
  app.on("POST", "*", async (c, next) => {
    if (store.pendingWrites() > config.maxPendingWrites) {
      c.header("Retry-After", "2");
      return c.req.path.startsWith("/api/") ? problem(c, 503, "Busy: try again shortly") : c.text("The service is busy. Please try again in a moment.", 503);
    }
    await next();
  });
  app.on("POST", "*", rateLimit({ perMinute: config.rateLimitPerMinute, key: clientAddress, clock: deps.clock }));
  app.on(
    "POST",
    "*",
    bodyLimit({
      maxSize: config.bodyLimitBytes,
      onError: (c) => (c.req.path.startsWith("/api/") ? problem(c, 413, "The report is too large") : c.text("What you sent is too large.", 413)),
    }),
  );
  app.on("POST", "/api/*", async (c, next) => {
    c.header("Cache-Control", "no-store");
    await next();
  });
  app.route("/api/v1", forceApiRoutes(deps));
  app.route("/api/v1", apiRoutes(deps));
  app.all("/api/*", (c) => problem(c, 404, "No such API route"));

  app.on("POST", "*", async (c, next) => {
    if (!/^application\/x-www-form-urlencoded\b/i.test(c.req.header("content-type") ?? "")) {
      return c.text("Forms must be sent as application/x-www-form-urlencoded.", 415);
    }
    await next();
  });
  app.on("POST", "*", csrf(config.allowedOrigins ? { origin: config.allowedOrigins } : undefined));
  app.route("/", formRoutes(deps));

  app.use("/*", async (c, next) => {
    await next();
    if (c.res.status === 200 && (c.req.method === "GET" || c.req.method === "HEAD") && !c.res.headers.has("Cache-Control")) {
      c.res.headers.set("Cache-Control", immutable.test(c.req.path) ? "public, max-age=31536000, immutable" : "public, max-age=0, must-revalidate");
    }
  });
  app.use("/*", serveStatic({ root: deps.siteDir, precompressed: true }));

  app.notFound(notFoundPage(deps.site));
  app.onError((error, c) => {
    // Hono's own middleware (csrf, bearerAuth) refuses a request by throwing its answer.
    if (error instanceof HTTPException) {
      if (error.status === 403 && !c.req.path.startsWith("/api/")) return c.text("This form must be sent from this site.", 403);
      return error.getResponse();
    }
    deps.logger.error("unhandled error", { method: c.req.method, path: c.req.path, error: error.message });
    return c.text("Sorry, something went wrong. Your report has not been lost if you were shown a reference. Please try again later.", 500);
  });
  return app;
}
