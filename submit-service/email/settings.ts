import { existsSync, readFileSync } from "node:fs";
import type { Language } from "../../lib/i18n/language.ts";
import { languages } from "../../lib/i18n/locales.ts";
import { messageKinds } from "./message.ts";
import type { NotifySettings, NotifyTemplates } from "./notify.ts";
import type { SmtpSettings } from "./smtp.ts";

/** How the service sends email, if it does (EMAIL_PROVIDER), and the site's public origin for a receipt's links. */
export type EmailSettings = { publicOrigin: string } & ({ provider: "notify"; notify: NotifySettings } | { provider: "smtp"; smtp: SmtpSettings });

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const loopback = new Set(["127.0.0.1", "::1", "[::1]", "localhost"]);
/** Notify's API key: its name, then the service id and the secret, each a UUID. */
const notifyKey = /^[A-Za-z0-9_-]+-[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}-[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}$/i;
/** An address as the SMTP adapter's From: `name@domain`, or `Name <name@domain>`. */
const fromAddress = /^(?:[^<>\r\n]+ <[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+)$/;

function origin(raw: string | undefined, problems: string[]): string {
  let url: URL | undefined;
  try {
    url = raw ? new URL(raw) : undefined;
  } catch {
    url = undefined;
  }
  const local = url && loopback.has(url.hostname);
  if (!url || url.origin !== raw!.replace(/\/$/, "") || !(url.protocol === "https:" || (local && url.protocol === "http:"))) {
    problems.push(`PUBLIC_ORIGIN must be the site's public address, like https://www.example.police.uk (http only on this machine), when EMAIL_PROVIDER is set: a receipt links to it (it is "${raw ?? ""}")`);
    return "";
  }
  return url.origin;
}

/** NOTIFY_TEMPLATES: `{ "<kind>": { "en": "<template id>", "cy": "<template id>" } }` for every kind of message. */
function templates(raw: string | undefined, problems: string[]): NotifyTemplates {
  const wanted = `{ ${messageKinds.map((k) => `"${k}": { "en": "<template id>", "cy": "<template id>" }`).join(", ")} }`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw ?? "");
  } catch {
    problems.push(`NOTIFY_TEMPLATES must be JSON naming a Notify template for each kind of email in each language: ${wanted}`);
    return {} as NotifyTemplates;
  }
  const found = {} as NotifyTemplates;
  for (const kind of messageKinds) {
    const entry = ((parsed ?? {}) as Record<string, unknown>)[kind] as Record<string, unknown> | undefined;
    found[kind] = {} as Record<Language, string>;
    for (const lang of languages) {
      const id = entry?.[lang];
      if (typeof id !== "string" || !uuid.test(id)) problems.push(`NOTIFY_TEMPLATES: ${kind}.${lang} must be a Notify template id (a UUID, from the template's page in Notify)`);
      else found[kind][lang] = id;
    }
  }
  for (const kind of Object.keys((parsed ?? {}) as object)) if (!(messageKinds as readonly string[]).includes(kind)) problems.push(`NOTIFY_TEMPLATES: "${kind}" is not a kind of email the service sends (${messageKinds.join(", ")})`);
  return found;
}

/**
 * Reads the email settings. EMAIL_PROVIDER unset: no email is sent or queued. `notify`: NOTIFY_API_KEY,
 * NOTIFY_TEMPLATES, and optionally NOTIFY_BASE_URL and NOTIFY_REPLY_TO_ID. `smtp`: SMTP_HOST, SMTP_PORT (587),
 * EMAIL_FROM, SMTP_USER with SMTP_PASSWORD, SMTP_CA_FILE; STARTTLS is required unless SMTP_INSECURE_LOCAL_RELAY
 * is true and the relay is on this machine.
 */
export function readEmailSettings(env: NodeJS.ProcessEnv, problems: string[], whole: (name: string, fallback: number, min: number, max: number) => number): EmailSettings | undefined {
  const provider = env.EMAIL_PROVIDER || undefined;
  if (provider === undefined) return undefined;
  if (provider !== "notify" && provider !== "smtp") {
    problems.push(`EMAIL_PROVIDER must be notify (GOV.UK Notify) or smtp, or unset to send no email (it is "${provider}")`);
    return undefined;
  }
  const publicOrigin = origin(env.PUBLIC_ORIGIN, problems);
  const timeoutMs = whole("EMAIL_TIMEOUT_SECONDS", 10, 1, 300) * 1000;
  if (provider === "notify") {
    const apiKey = env.NOTIFY_API_KEY ?? "";
    if (!notifyKey.test(apiKey)) problems.push("NOTIFY_API_KEY must be an API key as GOV.UK Notify shows it once: its name, then the service id and the secret (two UUIDs), joined by hyphens");
    const baseUrl = env.NOTIFY_BASE_URL || "https://api.notifications.service.gov.uk";
    if (!/^https?:\/\/[^\s/]+$/.test(baseUrl.replace(/\/$/, ""))) problems.push(`NOTIFY_BASE_URL must be Notify's API address, like https://api.notifications.service.gov.uk (it is "${baseUrl}")`);
    const replyToId = env.NOTIFY_REPLY_TO_ID || undefined;
    if (replyToId !== undefined && !uuid.test(replyToId)) problems.push("NOTIFY_REPLY_TO_ID must be the id (a UUID) of a reply-to address set up in Notify");
    return { provider, publicOrigin, notify: { apiKey, baseUrl: baseUrl.replace(/\/$/, ""), templates: templates(env.NOTIFY_TEMPLATES, problems), replyToId, timeoutMs } };
  }
  const host = env.SMTP_HOST ?? "";
  if (!host || /\s/.test(host)) problems.push("SMTP_HOST must name the mail server (a host name or address) when EMAIL_PROVIDER is smtp");
  const from = env.EMAIL_FROM ?? "";
  if (!fromAddress.test(from)) problems.push(`EMAIL_FROM must be the address mail is sent from, like no-reply@example.police.uk or "Example Police <no-reply@example.police.uk>" (it is "${from}")`);
  const user = env.SMTP_USER || undefined;
  const password = env.SMTP_PASSWORD || undefined;
  if ((user === undefined) !== (password === undefined)) problems.push("SMTP_USER and SMTP_PASSWORD must be given together (or neither, for a relay that needs no sign-in)");
  const insecure = env.SMTP_INSECURE_LOCAL_RELAY;
  if (insecure !== undefined && insecure !== "true" && insecure !== "false") problems.push(`SMTP_INSECURE_LOCAL_RELAY must be true or false (it is "${insecure}")`);
  const requireTls = insecure !== "true";
  if (!requireTls && !loopback.has(host)) problems.push(`SMTP_INSECURE_LOCAL_RELAY=true sends mail without TLS, which is allowed only to a relay on this machine (SMTP_HOST 127.0.0.1, ::1 or localhost), not to ${host}`);
  if (!requireTls && user) problems.push("SMTP_INSECURE_LOCAL_RELAY=true would send SMTP_PASSWORD without TLS: a local relay needs no sign-in");
  let ca: string | undefined;
  if (env.SMTP_CA_FILE) {
    if (!existsSync(env.SMTP_CA_FILE)) problems.push(`SMTP_CA_FILE names ${env.SMTP_CA_FILE}, which does not exist`);
    else ca = readFileSync(env.SMTP_CA_FILE, "utf8");
  }
  return { provider, publicOrigin, smtp: { host, port: whole("SMTP_PORT", 587, 1, 65535), user, password, from, requireTls, ca, timeoutMs } };
}
