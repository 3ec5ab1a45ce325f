import { existsSync, readFileSync } from "node:fs";

/** Where one force's back office takes deliveries, and the secret both sides sign with. Configuration, never content. */
export interface DeliveryEndpoint {
  url: string;
  secret: string;
}

/**
 * Reads DELIVERY_CONFIG: the path of a JSON file outside the repository,
 * `{ "<force-id>": { "url": "https://…", "secret": "<at least 32 characters>" } }`, or, for a force that takes
 * its reports by email, `{ "<force-id>": { "email": "reports@…" } }` (read by readForceInboxes).
 * Forces without an entry collect their reports through the pull API.
 */
export function readDeliveryEndpoints(file: string | undefined, problems: string[]): Map<string, DeliveryEndpoint> {
  const endpoints = new Map<string, DeliveryEndpoint>();
  const parsed = readDeliveryConfig(file, problems);
  for (const [force, entry] of Object.entries(parsed)) {
    const { url, secret, email } = (entry ?? {}) as { url?: unknown; secret?: unknown; email?: unknown };
    if (email !== undefined && url === undefined && secret === undefined) continue;
    if (typeof url !== "string" || !/^https?:\/\/[^\s]+$/.test(url)) problems.push(`DELIVERY_CONFIG: ${force}.url must be an http(s) URL`);
    else if (typeof secret !== "string" || secret.length < 32) problems.push(`DELIVERY_CONFIG: ${force}.secret must be at least 32 characters`);
    else endpoints.set(force, { url, secret });
  }
  return endpoints;
}

/** An inbox's address: one address, no display name (reports go to a mailbox, not a person's name). */
const inboxAddress = /^[^\s@<>,;"]+@[^\s@<>,;"]+\.[^\s@<>,;"]+$/;

/** The forces of DELIVERY_CONFIG that take reports by email (`"email"`), and the inbox of each. */
export function readForceInboxes(file: string | undefined, problems: string[]): Map<string, string> {
  const inboxes = new Map<string, string>();
  // The file's own problems (missing, not JSON) are said once, by readDeliveryEndpoints.
  for (const [force, entry] of Object.entries(readDeliveryConfig(file, []))) {
    const { email } = (entry ?? {}) as { email?: unknown };
    if (email === undefined) continue;
    if (typeof email !== "string" || !inboxAddress.test(email)) problems.push(`DELIVERY_CONFIG: ${force}.email must be one email address, like reports@example.police.uk`);
    else inboxes.set(force, email);
  }
  return inboxes;
}

function readDeliveryConfig(file: string | undefined, problems: string[]): Record<string, unknown> {
  if (!file) return {};
  if (!existsSync(file)) {
    problems.push(`DELIVERY_CONFIG names ${file}, which does not exist`);
    return {};
  }
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, "utf8"));
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
    problems.push(`DELIVERY_CONFIG ${file} must hold one JSON object, with an entry per force`);
  } catch (error) {
    problems.push(`DELIVERY_CONFIG ${file} is not valid JSON (${(error as Error).message})`);
  }
  return {};
}
