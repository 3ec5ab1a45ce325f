import notifications from "notifications-node-client";
import type { Language } from "../../lib/i18n/language.ts";
import { SendFailure, type EmailMessage, type EmailSender, type MessageKind } from "./message.ts";

/** Notify's template for each kind of message in each language (its id, from the template's page in Notify). */
export type NotifyTemplates = Record<MessageKind, Record<Language, string>>;

export interface NotifySettings {
  /** The API key as Notify shows it: `<key name>-<service id>-<secret>`. */
  apiKey: string;
  /** https://api.notifications.service.gov.uk, or a stand-in in tests. */
  baseUrl: string;
  templates: NotifyTemplates;
  /** An email reply-to address's id in Notify, if replies should go somewhere other than the service's default. */
  replyToId?: string;
  timeoutMs: number;
}

interface RestRequest {
  method: string;
  url: string;
  data?: unknown;
  headers: Record<string, string>;
}

/**
 * The client's own HTTP library (axios) waits for ever by default. It is given, through the client's setClient
 * hook, a fetch with a time limit, answering as axios does: the response's data, or an error with `response`.
 */
const restClient = (timeoutMs: number) => async (request: RestRequest) => {
  const response = await fetch(request.url, {
    method: request.method.toUpperCase(),
    headers: { ...request.headers, "Content-Type": "application/json" },
    body: request.data === undefined ? undefined : JSON.stringify(request.data),
    signal: AbortSignal.timeout(timeoutMs),
    redirect: "error",
  });
  const text = await response.text();
  let data: unknown = text;
  try {
    data = JSON.parse(text);
  } catch {
    // Not JSON (a proxy's error page): kept as text for the error message.
  }
  if (!response.ok) throw Object.assign(new Error(`HTTP ${response.status}`), { response: { status: response.status, data } });
  return { status: response.status, data };
};

/** Notify's errors, as its API documents them: `{ status_code, errors: [{ error, message }] }`. */
function notifyError(error: unknown, timeoutMs: number): SendFailure {
  const response = (error as { response?: { status: number; data: unknown } }).response;
  if (!response) {
    const name = (error as Error).name;
    return new SendFailure(name === "TimeoutError" ? `Notify did not answer within ${timeoutMs} ms` : `Notify could not be reached: ${(error as Error).message}`, false);
  }
  const errors = (response.data as { errors?: { error?: string; message?: string }[] } | undefined)?.errors;
  const said = Array.isArray(errors) ? errors.map((e) => `${e.error}: ${e.message}`).join("; ") : String(response.data).slice(0, 200);
  // 400: this message can never be sent (a bad address, a missing placeholder). 403 (a bad key), 429 (too many)
  // and 5xx may pass: retried until the horizon.
  return new SendFailure(`Notify answered ${response.status}: ${said}`, response.status === 400);
}

/**
 * GOV.UK Notify: each message is sent with its kind's template in its language, the personalisation filling the
 * template's ((placeholders)), and the report's reference as Notify's reference. An attachment becomes a link to
 * download it (Notify's "send a file by email"), which asks the recipient to confirm their email address first.
 */
export function notifySender(settings: NotifySettings): EmailSender {
  const client = new notifications.NotifyClient(settings.baseUrl, settings.apiKey);
  client.setClient(restClient(settings.timeoutMs) as unknown as Parameters<typeof client.setClient>[0]);
  return {
    name: "notify",
    async send(message: EmailMessage, id: string) {
      const personalisation: Record<string, unknown> = { ...message.personalisation };
      try {
        // Notify takes files of up to 2 MB (it throws a string beyond that): a larger one can never be sent.
        for (const file of message.attachments ?? []) personalisation.payload_file = client.prepareUpload(Buffer.from(file.content), { filename: file.filename, confirmEmailBeforeDownload: true });
      } catch (error) {
        throw new SendFailure(`the attachment cannot be sent through Notify: ${String(error)}`, true);
      }
      try {
        await client.sendEmail(settings.templates[message.kind][message.lang], message.to, {
          personalisation,
          reference: message.reference ?? id,
          ...(settings.replyToId ? { emailReplyToId: settings.replyToId } : {}),
        });
      } catch (error) {
        throw notifyError(error, settings.timeoutMs);
      }
    },
  };
}
