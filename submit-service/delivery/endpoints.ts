import { existsSync, readFileSync } from "node:fs";

/** Where one force's back office takes deliveries, and the secret both sides sign with. Configuration, never content. */
export interface DeliveryEndpoint {
  url: string;
  secret: string;
}

/**
 * Reads DELIVERY_CONFIG: the path of a JSON file outside the repository,
 * `{ "<force-id>": { "url": "https://…", "secret": "<at least 32 characters>" } }`.
 * Forces without an entry collect their reports through the pull API.
 */
export function readDeliveryEndpoints(file: string | undefined, problems: string[]): Map<string, DeliveryEndpoint> {
  const endpoints = new Map<string, DeliveryEndpoint>();
  if (!file) return endpoints;
  if (!existsSync(file)) {
    problems.push(`DELIVERY_CONFIG names ${file}, which does not exist`);
    return endpoints;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    problems.push(`DELIVERY_CONFIG ${file} is not valid JSON (${(error as Error).message})`);
    return endpoints;
  }
  for (const [force, entry] of Object.entries(parsed as Record<string, unknown>)) {
    const { url, secret } = (entry ?? {}) as { url?: unknown; secret?: unknown };
    if (typeof url !== "string" || !/^https?:\/\/[^\s]+$/.test(url)) problems.push(`DELIVERY_CONFIG: ${force}.url must be an http(s) URL`);
    else if (typeof secret !== "string" || secret.length < 32) problems.push(`DELIVERY_CONFIG: ${force}.secret must be at least 32 characters`);
    else endpoints.set(force, { url, secret });
  }
  return endpoints;
}
