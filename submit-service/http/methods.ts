/**
 * Which methods a path answers to, from the app's own route table (Hono's `app.routes`), so an unknown method
 * on a known path is a 405 with Allow rather than a 404. Paths are compared segment by segment: a route's
 * `:name` takes any one segment. Nothing from the request is compiled or used as a bound: the loop is over
 * the routes' own segments.
 */
export function allowedMethods(routes: { method: string; path: string }[], path: string): string[] {
  const given = path.split("/");
  const allowed = new Set<string>();
  for (const route of routes) {
    if (route.method === "ALL") continue; // middleware, not an answer
    const pattern = route.path.split("/");
    if (pattern.length !== given.length) continue;
    if (pattern.every((segment, i) => (segment.startsWith(":") ? given[i] !== "" : segment === given[i]))) allowed.add(route.method);
  }
  if (allowed.has("GET")) allowed.add("HEAD");
  return [...allowed];
}
