import { Hono, type Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { bodyLimit } from "hono/body-limit";
import { csrf } from "hono/csrf";
import { clientAddress } from "./http/client-address.ts";
import { isFormContentType, isMultipartContentType } from "./http/media-type.ts";
import { journeyOf, stepOf } from "./journey/context.ts";
import { fileQuestionsOf, uploadRequestBytes } from "./journey/uploads.ts";
import { sizeWords } from "../lib/answer-types/file.checks.ts";
import { allowedMethods } from "./http/methods.ts";
import { isApi, problem, problemResponse } from "./http/problem.ts";
import { rateLimit } from "./http/rate-limit.ts";
import { securityHeaders } from "./http/security-headers.ts";
import { requestHeader } from "./http/request-header.ts";
import { defaultStaticCacheBytes, staticFiles } from "./http/static-files.ts";
import type { Logger } from "./logger.ts";
import { apiRoutes } from "./routes/api.ts";
import { forceApiRoutes } from "./routes/force-api.ts";
import { notFoundPage } from "./journey/not-found.ts";
import { formRoutes } from "./routes/forms.ts";
import { findForceRoutes } from "./routes/find-force.ts";
import type { PostcodeDirectory } from "../lib/geography/postcodes.ts";
import { trackRoutes } from "./routes/track.ts";
import type { ServiceSite } from "./site.ts";
import type { Scanner } from "./uploads/scanner.ts";
import { resumableUploads } from "./uploads/resumable.ts";
import { draftCookie, draftKeeper } from "./journey/drafts.ts";
import type { EmailOutbox } from "./email/outbox.ts";
import { payloadBuilder, type PayloadBuilder } from "./delivery/payloads.ts";
import { StoreUnavailable, type Store } from "./store/store.ts";

export interface AppConfig {
  /** Signs the draft cookie. */
  cookieSecret: string;
  /** How long a draft lives. */
  draftHours: number;
  /** How long a draft of a sensitive service lives without activity (default 30): a shared device forgets it soon. */
  sensitiveDraftMinutes?: number;
  /** How long a link to come back to a saved report works, and the report is kept (default 7). */
  returnLinkDays?: number;
  /** Posts per client per minute before 429. */
  rateLimitPerMinute: number;
  /** Failed back-office sign-ins (and attempts on another force's reports) per client per minute before 429 (10). */
  authFailuresPerMinute?: number;
  /** Track my report: lookups per client per minute before 429 (10). */
  trackLookupsPerMinute?: number;
  /** Writes waiting to commit before new posts get 503. */
  maxPendingWrites: number;
  bodyLimitBytes: number;
  /** Behind a proxy: trust X-Forwarded-For and X-Forwarded-Proto. */
  trustProxy: boolean;
  /** Origins whose forms may post here, if not only the service's own (e.g. the public https origin behind a proxy). */
  allowedOrigins?: string[];
  /** Most bytes of built files (with their .br and .gz) kept in memory to serve (STATIC_CACHE_BYTES, 64 MiB). */
  staticCacheBytes?: number;
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
  /** Evidence upload: ClamAV's daemon, which scans every file before it is kept, and where a file waits meanwhile. Unset: files are refused (503). */
  uploads?: { scanner: Scanner; tempDir: string };
  /** Email: a report's receipt and a force inbox's copy are queued with it. Unset: nothing is emailed. */
  email?: EmailOutbox;
  /**
   * Builds delivery payloads after the acknowledgement (shared with the delivery worker); unset, the app makes its
   * own from the store and the site.
   */
  payloads?: PayloadBuilder;
  /** An operator's postcode directory (npm run geography:import-postcodes): unset, a postcode leads to the council list. */
  postcodes?: PostcodeDirectory;
}

/** Fingerprinted files never change under the same name; everything else is revalidated. */
const immutable = /^\/(assets|themes)\//;

/**
 * The one Hono app: every force's static site, the report journey without JavaScript, and the JSON API.
 * Nothing happens at import; server.ts supplies every dependency.
 */
export function createApp(given: AppDeps): Hono {
  const deps: AppDeps = { ...given, payloads: given.payloads ?? payloadBuilder({ store: given.store, site: given.site, clock: given.clock, logger: given.logger }) };
  const { config, store } = deps;
  const app = new Hono();
  /** The step a path names, when it takes files. */
  const uploadStep = (path: string) => {
    const journey = journeyOf(deps.site, path);
    const step = journey && stepOf(journey);
    return step && fileQuestionsOf(step).length ? step : undefined;
  };

  // A page asked for again, by someone with no report in progress, is answered from memory ahead of everything
  // else, with the headers the whole app gave it the first time (the files themselves are served last, below).
  const built = staticFiles({ root: deps.siteDir, maxBytes: config.staticCacheBytes ?? defaultStaticCacheBytes, personal: (c) => requestHeader(c, "cookie")?.includes(`${draftCookie}=`) === true });
  app.use(built.replay);
  app.use(securityHeaders(deps.scriptHashes));
  // A body refused before it was read (413, 415, 429, 503 …) is still on its way: the connection is closed after
  // the answer, or its unread bytes would break the next request a keep-alive client sends on it.
  app.use(async (c, next) => {
    await next();
    const hasBody = Number(c.req.header("content-length") ?? 0) > 0 || c.req.header("transfer-encoding") !== undefined;
    if (hasBody && c.res.status >= 400 && !c.req.raw.bodyUsed) c.res.headers.set("Connection", "close");
  });

  app.get("/healthz", (c) => c.json({ status: "ok" }));
  app.get("/readyz", async (c) => {
    try {
      await store.ping();
      return c.json({ status: "ready" });
    } catch (error) {
      const reason = error instanceof StoreUnavailable ? error.reason : "the store does not answer";
      c.header("Cache-Control", "no-store");
      return c.json({ status: "not ready", reason }, 503);
    }
  });

  // Every post: shed load before doing work, then per-client limits, then size and type.
  app.on("POST", "*", async (c, next) => {
    if (store.pendingWrites() > config.maxPendingWrites) {
      c.header("Retry-After", "2");
      return isApi(c) ? problem(c, 503, "Busy: try again shortly") : c.text("The service is busy. Please try again in a moment.", 503);
    }
    await next();
  });
  app.on(
    "POST",
    "*",
    rateLimit({
      perMinute: config.rateLimitPerMinute,
      key: clientAddress(config),
      clock: deps.clock,
      refuse: (c) => (isApi(c) ? problem(c, 429, "Too many requests: wait and try again") : c.text("Too many requests from your connection. Please wait a minute and try again.", 429)),
    }),
  );
  // Resumable uploads (tus, with JavaScript): their own length limits and draft checks, before the form posts' rules.
  app.use("*", resumableUploads(deps, draftKeeper(deps)).middleware);
  const tooLarge = (c: Context) => (isApi(c) ? problem(c, 413, "The report is too large", { detail: `Send at most ${config.bodyLimitBytes} bytes.` }) : c.text("What you sent is too large.", 413));
  const formLimit = bodyLimit({ maxSize: config.bodyLimitBytes, onError: tooLarge });
  // A step that takes files takes its largest file and its form, refused from Content-Length before anything is
  // read, and counted as it streams when no length is given; every other post, BODY_LIMIT_BYTES.
  app.on("POST", "*", async (c, next) => {
    const step = uploadStep(c.req.path);
    // With a Content-Length the length alone decides (hono's bodyLimit would do the same, but asking it first
    // makes @hono/node-server build a web Request and stream for the body, a tenth of a report's CPU).
    const given = c.req.header("content-length");
    if (!step && given !== undefined && !c.req.header("transfer-encoding") && /^\d+$/.test(given)) return Number(given) > config.bodyLimitBytes ? tooLarge(c) : next();
    if (!step) return formLimit(c, next);
    // Not hono's bodyLimit here: without a Content-Length it would hold the whole body in memory. The streaming
    // limit is the upload's own (submit-service/uploads/multipart.ts), which stops reading at the file's limit.
    const most = uploadRequestBytes(step, config.bodyLimitBytes);
    const length = c.req.header("content-length");
    if (length !== undefined && !c.req.header("transfer-encoding") && !(Number(length) <= most)) {
      c.header("Connection", "close");
      return c.text(`What you sent is too large. A file on this page must be smaller than ${sizeWords(most - config.bodyLimitBytes)}.`, 413);
    }
    await next();
  });
  app.on("POST", "/api/*", async (c, next) => {
    c.header("Cache-Control", "no-store");
    await next();
  });
  app.route("/api/v1", apiRoutes(deps));
  app.route("/api/v1", forceApiRoutes(deps));
  app.all("/api/*", (c) => {
    // A known path asked with a method it does not answer is 405, with the ones it does.
    const allow = allowedMethods(app.routes.filter((route) => route.path.startsWith("/api/")), c.req.path);
    if (allow.length) {
      c.header("Allow", allow.join(", "));
      return problem(c, 405, "This API route does not answer that method", { detail: `Use ${allow.join(" or ")}.` });
    }
    return problem(c, 404, "No such API route");
  });

  app.on("POST", "*", async (c, next) => {
    const type = c.req.header("content-type");
    if (isMultipartContentType(type) && uploadStep(c.req.path)) return next();
    if (!isFormContentType(type)) {
      return c.text("Forms must be sent as application/x-www-form-urlencoded.", 415);
    }
    await next();
  });
  app.on("POST", "*", csrf(config.allowedOrigins ? { origin: config.allowedOrigins } : undefined));
  app.route("/", trackRoutes(deps));
  app.route("/", formRoutes(deps));
  app.route("/", findForceRoutes(deps));

  app.use("/*", async (c, next) => {
    await next();
    if ((c.res.status === 200 || c.res.status === 304) && (c.req.method === "GET" || c.req.method === "HEAD") && !c.res.headers.has("Cache-Control")) {
      c.res.headers.set("Cache-Control", immutable.test(c.req.path) ? "public, max-age=31536000, immutable" : "public, max-age=0, must-revalidate");
    }
  });
  // The build's own records (its manifest under /.front-counter/) are not pages: nothing under a dot folder is served.
  app.use("/*", async (c, next) => (c.req.path.includes("/.") ? c.notFound() : next()));
  app.use("/*", built.serve);

  app.notFound(notFoundPage(deps.site, deps.siteDir));
  app.onError((error, c) => {
    // Hono's own middleware (csrf, bearerAuth) refuses a request by throwing its answer.
    if (error instanceof HTTPException) {
      if (error.status === 403 && !isApi(c)) return c.text("This form must be sent from this site.", 403);
      const response = error.getResponse();
      if (!isApi(c) || response.headers.get("content-type") === "application/problem+json") return response;
      const status = error.status as 400 | 401 | 403 | 404 | 413 | 415 | 422 | 429;
      const headers: Record<string, string> = {};
      const challenge = response.headers.get("www-authenticate");
      if (challenge) headers["WWW-Authenticate"] = challenge;
      return problemResponse(status, error.message || response.statusText || "The request was refused", {}, headers);
    }
    // The store could not keep what was sent: nothing is acknowledged, and the client is told when to try again.
    if (error instanceof StoreUnavailable) {
      deps.logger.error("store cannot keep writes", { method: c.req.method, path: c.req.path, reason: error.reason });
      c.header("Retry-After", String(error.retryAfterSeconds));
      if (isApi(c)) return problem(c, 503, "The service cannot store reports at the moment", { detail: "Nothing was stored. Send the same report again later." });
      return c.text("Sorry, we cannot take reports at the moment, and what you sent has not been stored. Please try again in a few minutes.", 503);
    }
    deps.logger.error("unhandled error", { method: c.req.method, path: c.req.path, error: error.message });
    if (isApi(c)) return problem(c, 500, "Something went wrong", { detail: "If you were given a reference, the report was stored." });
    return c.text("Sorry, something went wrong. Your report has not been lost if you were shown a reference. Please try again later.", 500);
  });
  return app;
}
