import type { Context } from "hono";

/**
 * A request header (name in lower case), read from Node's own parsed headers when @hono/node-server gives them
 * (`c.env.incoming`): asking the web Request instead makes it build a Headers object of every header, a tenth of
 * what a page costs.
 */
export function requestHeader(c: Context, name: string): string | undefined {
  const parsed = (c.env as { incoming?: { headers?: Record<string, string | string[] | undefined> } } | undefined)?.incoming?.headers;
  if (!parsed) return c.req.header(name);
  const value = parsed[name];
  return Array.isArray(value) ? value.join(", ") : value;
}
