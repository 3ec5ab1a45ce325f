import { randomUUID } from "node:crypto";
import { buildPayload, plainText } from "../../lib/delivery/payload.ts";
import { forceName, type Force } from "../../lib/forces/load.ts";
import type { Locales } from "../../lib/i18n/locales.ts";
import { text, type ServiceDefinition } from "../../lib/services/types.ts";
import type { Logger } from "../logger.ts";
import type { EmailBuilder, NewEmail, Store } from "../store/store.ts";
import type { EmailMessage } from "./message.ts";
import { receipt } from "./receipt.ts";

/** What the service emails, when an email provider is set: receipts, and reports to forces that take them by email. */
export interface EmailOutbox {
  /** The site's public origin (PUBLIC_ORIGIN), for the links in a receipt. */
  publicOrigin: string;
  /** Each force that takes its reports by email, and the address (DELIVERY_CONFIG's `email`). */
  inboxes: Map<string, string>;
}

/** The one way an email is queued outside a report's submit (a status change, a link to come back): kind, language and personalisation. */
export function queueEmail(store: Store, message: EmailMessage, at: string): Promise<void> {
  return store.queueEmail({ id: randomUUID(), message }, at);
}

/**
 * A report's copy for a force's inbox: the plain-text summary in the body and the Standard Data Model document
 * (lib/delivery/payload.ts, the very one a webhook gets) attached, its delivery id the email's id.
 */
function forceReport(force: Force, definition: ServiceDefinition, report: Parameters<EmailBuilder>[0], to: string, locales: Locales): NewEmail {
  const id = randomUUID();
  const input = { report, definition, force: { id: force.id, code: force.code, name: forceName(force, report.lang) }, deliveryId: id, strings: locales[report.lang] };
  return {
    id,
    message: {
      kind: "force-report",
      to,
      lang: report.lang,
      forceId: force.id,
      reference: report.reference,
      personalisation: { reference: report.reference, force: input.force.name, service: text(definition.title, report.lang)!, summary: plainText(input) },
      attachments: [{ filename: `report-${report.reference}.json`, contentType: "application/json", content: JSON.stringify(buildPayload(input), null, 2) }],
    },
  };
}

/**
 * The emails a report gets, built inside the transaction that stores it, so a report is never stored without
 * them nor they without it. Building them can never cost the person their acknowledgement: a fault here is
 * logged and the report is stored without its emails.
 */
export function emailBuilder(outbox: EmailOutbox | undefined, force: Force, definition: ServiceDefinition, locales: Locales, logger: Logger): EmailBuilder | undefined {
  if (!outbox) return undefined;
  return (report) => {
    try {
      const emails: NewEmail[] = [];
      const forReporter = receipt(force, definition, report, outbox.publicOrigin, forceName(force, report.lang));
      if (forReporter) emails.push({ id: randomUUID(), message: forReporter });
      const inbox = outbox.inboxes.get(force.id);
      if (inbox) emails.push(forceReport(force, definition, report, inbox, locales));
      return emails;
    } catch (error) {
      logger.error("emails not queued for a report", { force: force.id, reference: report.reference, error: (error as Error).message });
      return [];
    }
  };
}
