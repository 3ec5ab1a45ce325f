import { Hono, type MiddlewareHandler } from "hono";
import { secureHeaders } from "hono/secure-headers";

/**
 * The security headers on every response: a strict CSP, HSTS, no framing. One definition, used by the service
 * (app.ts) and, through securityHeaderValues, by the nginx configuration in deploy/, so the static pages a proxy
 * serves carry exactly what the service would have sent.
 */
export function securityHeaders(scriptHashes: string[]): MiddlewareHandler {
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      // govuk-frontend's template adds one inline script (the js-enabled class); it is allowed by its hash.
      // Site search (Pagefind) runs its index in WebAssembly: compiling it needs 'wasm-unsafe-eval', not 'unsafe-eval'.
      scriptSrc: ["'self'", "'wasm-unsafe-eval'", ...scriptHashes],
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
  });
}

/**
 * The exact header names and values securityHeaders sets, read by running it on a throwaway app rather than
 * copied by hand, so a proxy configured from them cannot drift from the service.
 * Names are lower-case, as the Fetch API gives them.
 */
export async function securityHeaderValues(scriptHashes: string[]): Promise<Record<string, string>> {
  const bare = (app: Hono) => app.get("/", (c) => c.body(null, 204));
  const without = await bare(new Hono()).request("/");
  const withHeaders = await bare(new Hono().use(securityHeaders(scriptHashes))).request("/");
  const values: Record<string, string> = {};
  for (const [name, value] of withHeaders.headers) if (without.headers.get(name) !== value) values[name] = value;
  return values;
}
