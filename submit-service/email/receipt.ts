import type { Force } from "../../lib/forces/load.ts";
import { fillText } from "../../lib/render/environment.ts";
import { textContext, trackUrl } from "../../lib/site/plan.ts";
import type { Language } from "../../lib/i18n/language.ts";
import { mapAnswers } from "../../lib/delivery/mapping.ts";
import type { ReportForDelivery } from "../../lib/delivery/report.ts";
import { text, type ServiceDefinition } from "../../lib/services/types.ts";
import { answersOnPath } from "../../lib/triage/triage.ts";
import type { EmailMessage } from "./message.ts";


/**
 * Where the person reporting asked to be emailed, read from the service's definition and nothing else: the
 * answer its delivery mapping gives as the reporting person's `email`. On a sensitive service that is not enough:
 * the answers must also give `email` among their `contactMethods` and not `doNotContact` (the definition's "How
 * can we contact you safely?"), or nothing is emailed.
 */
export function receiptAddress(definition: ServiceDefinition, report: ReportForDelivery): string | undefined {
  const { reporter } = mapAnswers(definition, answersOnPath(definition, report.answers, report.path), report.path);
  const { email, contactMethods, doNotContact } = reporter.attributes;
  if (typeof email !== "string" || !email.trim()) return undefined;
  if (definition.sensitive && (doNotContact === true || !Array.isArray(contactMethods) || !contactMethods.includes("email"))) return undefined;
  return email.trim();
}

/** Markdown's emphasis and link marks taken out: the receipt is plain text (Notify's own formatting aside). */
const plain = (markdown: string) => markdown.replace(/\[([^\]]*)\]\(([^)]*)\)/g, "$1 ($2)").replace(/[*_`]/g, "");

/**
 * The receipt: the reference, what happens next (the service's own confirmation text) and where to follow the
 * report. Never the service's name or the answers: the subject and the body say nothing of what was reported.
 */
export function receipt(force: Force, definition: ServiceDefinition, report: ReportForDelivery, publicOrigin: string, forceName: string): EmailMessage | undefined {
  const to = receiptAddress(definition, report);
  if (!to) return undefined;
  return {
    kind: "receipt",
    to,
    lang: report.lang,
    forceId: force.id,
    reference: report.reference,
    personalisation: {
      reference: report.reference,
      force: forceName,
      what_happens_next: plain(fillText(text(definition.confirmation?.next, report.lang) ?? "", textContext(force, report.lang), "plain")),
      track_url: `${publicOrigin}${trackUrl(force, report.lang)}?reference=${report.reference}`,
    },
  };
}
