import type { FileRecord } from "../../lib/answer-types/file.checks.ts";
import type { Cipher } from "./cipher.ts";
import { IdempotencyConflict, reportStatuses, type AuditEntry, type Delivery, type Draft, type NewEmail, type NewReport, type QueuedEmail, type ReportForDelivery, type ReturnLink, type StatusChange, type StatusEvent, type StoredReport } from "./store.ts";

/**
 * Rows as both adapters read them (snake_case columns, TEXT timestamps) turned into the store's objects:
 * answers and payloads are decrypted here and nowhere else.
 */
export type Row = Record<string, string | number | null>;

const text = (value: string | number | null | undefined): string => String(value);
const optional = (value: string | number | null | undefined): string | null => (value === null || value === undefined ? null : String(value));

/** An uploaded file's record, decrypted. */
export function toFileRecord(row: Row, cipher: Cipher): FileRecord {
  return JSON.parse(cipher.decrypt(text(row.record))) as FileRecord;
}

export function toDraft(row: Row, cipher: Cipher): Draft {
  return {
    id: text(row.id),
    forceId: text(row.force_id),
    serviceId: text(row.service_id),
    lang: row.lang as Draft["lang"],
    answers: JSON.parse(cipher.decrypt(text(row.answers))),
    createdAt: text(row.created_at),
    updatedAt: text(row.updated_at),
    expiresAt: text(row.expires_at),
    reference: optional(row.reference),
    ...(row.pending ? { pending: JSON.parse(cipher.decrypt(text(row.pending))) } : {}),
  };
}

/** A draft's secret parts as stored: its answers and any page sent with mistakes, each encrypted. */
export function draftSecrets(draft: Draft, cipher: Cipher): { answers: string; pending: string | null } {
  return { answers: cipher.encrypt(JSON.stringify(draft.answers)), pending: draft.pending ? cipher.encrypt(JSON.stringify(draft.pending)) : null };
}

export function toReport(row: Row, cipher: Cipher): StoredReport {
  return {
    reference: text(row.reference),
    forceId: text(row.force_id),
    serviceId: text(row.service_id),
    category: text(row.category),
    lang: row.lang as StoredReport["lang"],
    answers: JSON.parse(cipher.decrypt(text(row.answers))),
    path: JSON.parse(text(row.path)),
    priority: row.priority as StoredReport["priority"],
    submittedAt: text(row.submitted_at),
    draftId: optional(row.draft_id) ?? undefined,
    idempotencyKey: optional(row.idempotency_key) ?? undefined,
    seq: Number(row.seq),
    acknowledgedAt: optional(row.acknowledged_at),
  };
}

export function toDelivery(row: Row, cipher: Cipher): Delivery {
  return {
    id: text(row.id),
    reference: text(row.reference),
    forceId: text(row.force_id),
    payload: row.payload === "" ? "" : cipher.decrypt(text(row.payload)),
    status: row.status as Delivery["status"],
    attempts: Number(row.attempts),
    nextAttemptAt: text(row.next_attempt_at),
    lastError: optional(row.last_error),
    createdAt: text(row.created_at),
    deliveredAt: optional(row.delivered_at),
  };
}

export function toAudit(row: Row): AuditEntry {
  return {
    at: text(row.at),
    actor: text(row.actor),
    action: row.action as AuditEntry["action"],
    forceId: text(row.force_id),
    reference: optional(row.reference),
    route: text(row.route),
  };
}

/** What a new report's delivery is built from, taken from what was just written rather than read back. */
export function forDelivery({ forceCode: _code, requestFingerprint: _fingerprint, ...report }: NewReport, reference: string): ReportForDelivery {
  return { ...report, reference };
}

/**
 * The reference stored under a report's Idempotency-Key, when it was stored for the same request; a different
 * request under the same key is a conflict. (Reports stored before fingerprints were kept have none: taken as the same.)
 */
export function sameRequest(row: Row, report: NewReport): string {
  const stored = optional(row.idempotency_fingerprint);
  if (stored !== null && report.requestFingerprint !== undefined && stored !== report.requestFingerprint) throw new IdempotencyConflict(text(row.reference));
  return text(row.reference);
}

/** A delivery's payload as stored: encrypted, or '' (to be built after the commit) when the builder gave none. */
export const storedPayload = (built: { payload?: string } | undefined, cipher: Cipher): string => (built?.payload === undefined ? "" : cipher.encrypt(built.payload));

/** An email as stored: its message encrypted, beside the columns the queue and a report's record need in the clear. */
export function emailRow({ id, message }: NewEmail, cipher: Cipher) {
  return { id, reference: message.reference, forceId: message.forceId, kind: message.kind, lang: message.lang, message: cipher.encrypt(JSON.stringify(message)) };
}

export function toEmail(row: Row, cipher: Cipher): QueuedEmail {
  return {
    id: text(row.id),
    reference: optional(row.reference),
    forceId: text(row.force_id),
    kind: row.kind as QueuedEmail["kind"],
    lang: row.lang as QueuedEmail["lang"],
    message: row.message === null || row.message === undefined ? null : JSON.parse(cipher.decrypt(text(row.message))),
    status: row.status as QueuedEmail["status"],
    attempts: Number(row.attempts),
    nextAttemptAt: text(row.next_attempt_at),
    lastError: optional(row.last_error),
    createdAt: text(row.created_at),
    sentAt: optional(row.sent_at),
  };
}

export function toReturnLink(row: Row, cipher: Cipher): ReturnLink {
  return {
    tokenHash: text(row.token_hash),
    draftId: text(row.draft_id),
    forceId: text(row.force_id),
    serviceId: text(row.service_id),
    lang: row.lang as ReturnLink["lang"],
    email: cipher.decrypt(text(row.email)),
    emailCheck: text(row.email_check),
    failedAttempts: Number(row.failed_attempts),
    createdAt: text(row.created_at),
    expiresAt: text(row.expires_at),
    remindAt: text(row.remind_at),
    reminded: Number(row.reminded) === 1,
  };
}

/** A link's row as both adapters write it: its address encrypted. */
export function returnLinkRow(link: ReturnLink, cipher: Cipher) {
  return { ...link, email: cipher.encrypt(link.email), reminded: link.reminded ? 1 : 0 };
}

/** A status event as kept: the force's words decrypted. */
export function toStatusEvent(row: Row, cipher: Cipher): StatusEvent {
  return { status: row.status as StatusEvent["status"], message: row.message === null ? null : cipher.decrypt(text(row.message)), at: text(row.at) };
}

/**
 * What a force's status change does to a report (Store.recordStatus), the same in both adapters: "added" when it
 * moves the report on, "unchanged" when the report already has it or a later one, "conflict" when it would
 * change a closed report.
 */
export function statusOutcome(acknowledged: boolean, events: StatusEvent[], change: StatusChange): "added" | "unchanged" | "conflict" {
  const closed = events.find((e) => e.status === "closed");
  if (closed) return change.status === "acknowledged" || (change.status === "closed" && change.message === closed.message) ? "unchanged" : "conflict";
  const rank = (status: string) => reportStatuses.indexOf(status as (typeof reportStatuses)[number]);
  const current = Math.max(acknowledged ? rank("acknowledged") : rank("received"), ...events.map((e) => rank(e.status)));
  return rank(change.status) > current ? "added" : "unchanged";
}
