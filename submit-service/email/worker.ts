import { repeatedly, retryDelay } from "../delivery/worker.ts";
import type { Logger } from "../logger.ts";
import type { QueuedEmail, Store } from "../store/store.ts";
import { SendFailure, withoutAddresses, type EmailSender } from "./message.ts";

export interface EmailWorkerOptions {
  store: Store;
  sender: EmailSender;
  clock: () => Date;
  logger: Logger;
  /** After this long unsent, an email is dead (DELIVERY_HORIZON_HOURS, as for webhooks). */
  horizonMs: number;
  /** How long a send may take; an email is leased for twice this. */
  timeoutMs?: number;
  /** The first retry waits about this long; each later one twice as long, up to an hour. */
  baseDelayMs?: number;
  batchSize?: number;
  random?: () => number;
}

/**
 * Sends due emails from the outbox through the chosen adapter, apart from any request: a slow or absent mail
 * provider never holds up a report. A failure is retried with backoff until the horizon, then the email is dead;
 * one the provider refuses for good (Notify's 400, SMTP's 5xx) is dead at once. State lives in the store, so a
 * restart loses nothing, and leases keep two instances from sending the same email.
 */
export function emailWorker(options: EmailWorkerOptions) {
  const { store, sender, clock, logger } = options;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const baseDelayMs = options.baseDelayMs ?? 5_000;
  const random = options.random ?? Math.random;

  async function send(email: QueuedEmail): Promise<void> {
    const attempts = email.attempts + 1;
    const about = { email: email.id, kind: email.kind, force: email.forceId, reference: email.reference, attempts };
    try {
      if (!email.message) throw new SendFailure("the message was erased", true);
      await sender.send(email.message, email.id);
    } catch (error) {
      const failure = error instanceof SendFailure ? error : new SendFailure((error as Error).message ?? String(error), false);
      const said = withoutAddresses(failure.message);
      const now = clock();
      const dead = failure.permanent || now.getTime() - Date.parse(email.createdAt) >= options.horizonMs;
      await store.markEmailFailed(email.id, { attempts, error: said, dead, nextAttemptAt: new Date(now.getTime() + retryDelay(attempts, baseDelayMs, random)).toISOString() });
      logger.error(dead ? "email dead-lettered" : "email failed, will retry", { ...about, provider: sender.name, error: said });
      return;
    }
    const at = clock().toISOString();
    await store.markEmailSent(email.id, at);
    // A force that takes reports by email has no API to acknowledge them with: its inbox taking the report is
    // its acknowledgement, from which the report's retention runs.
    if (email.kind === "force-report" && email.reference) await store.acknowledge(email.forceId, email.reference, at);
    logger.info("email sent", { ...about, provider: sender.name });
  }

  /** One pass: claims what is due and sends it; returns how many were tried. */
  async function runOnce(): Promise<number> {
    const now = clock();
    const due = await store.claimEmails(now.toISOString(), new Date(now.getTime() + timeoutMs * 2).toISOString(), options.batchSize ?? 20);
    await Promise.all(due.map(send));
    return due.length;
  }

  const loop = repeatedly(runOnce, (error) => logger.error("email pass failed", { error: error.message }));
  return {
    runOnce,
    start: loop.start,
    /** Stops taking new work, waits for the pass in progress, and closes the adapter's connections. */
    async stop() {
      await loop.stop();
      await sender.close?.();
    },
  };
}
