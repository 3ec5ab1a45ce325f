import type { Context } from "hono";

/**
 * A request header (name in lower case), read from Node's own parsed headers when @hono/node-server gives them
 * (`c.env.incoming`): asking the web Request instead makes it build a Headers object of every header, a tenth of
 * what a page costs.
 */
export function requestHeader(c: Context, name: string): string | undefined {
  const incoming = (c.env as { incoming?: { headers: Record<string, string | string[] | undefined> } } | undefined)?.incoming;
  if (!incoming) return c.req.header(name);
  const value = incoming.headers[name];
  return Array.isArray(value) ? value.join(", ") : value;
}
