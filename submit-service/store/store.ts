import type { Language } from "../../lib/i18n/language.ts";
import type { ReportForDelivery } from "../../lib/delivery/report.ts";
import type { Answers } from "../../lib/services/types.ts";
import type { FileRecord } from "../../lib/answer-types/file.checks.ts";
import type { EmailMessage } from "../email/message.ts";

/** A report in progress, kept on the server; the browser holds only a signed cookie naming it. */
export interface Draft {
  id: string;
  forceId: string;
  serviceId: string;
  lang: Language;
  answers: Answers;
  createdAt: string;
  updatedAt: string;
  expiresAt: string;
  /** Set once the draft has been sent: sending it again returns this. */
  reference: string | null;
  /**
   * A page sent with mistakes (or an "add another" press), kept so the page is shown by a redirect (Post/Redirect/Get)
   * with what was typed: Back never asks to resend a form. Cleared when the page is sent without mistakes.
   */
  pending?: PendingPage | null;
}

/** What was typed on one page, not yet accepted. `check`: show its errors (false after adding or removing an item). */
export interface PendingPage {
  step: string;
  values: Record<string, string | string[] | undefined>;
  check: boolean;
  /** A file refused on this page (wrong type, too large, a virus …): its question and the message it shows. */
  uploadError?: { field: string; text: string };
}

/** A report as it is sent to the store: what its delivery needs (ReportForDelivery) before it has a reference. */
export interface NewReport extends Omit<ReportForDelivery, "reference"> {
  forceCode: string;
  /**
   * What the request with an Idempotency-Key held (a hash): the same key with a different fingerprint is refused
   * with IdempotencyConflict rather than answered with another report's reference.
   */
  requestFingerprint?: string;
  /** The uploaded files its answers name: these of its draft's files become the report's, in the same transaction. */
  fileIds?: string[];
}

export interface StoredReport extends Omit<NewReport, "forceCode" | "requestFingerprint" | "fileIds"> {
  reference: string;
  /** The report's place in its force's pull API, 1, 2, 3 … */
  seq: number;
  acknowledgedAt: string | null;
}

/** A report as its delivery sees it: stored, but its place in the pull API's sequence may not be settled yet. */
export type { ReportForDelivery } from "../../lib/delivery/report.ts";

/**
 * The delivery written with a report, in the same transaction, made once the reference is known: its id, and its
 * payload if it is given now. Without one the row is marked "payload to build" (its payload '') and the payload is
 * built after the commit, from the stored report, and kept with setDeliveryPayload. A builder that throws
 * refuses the report: nothing of it is stored.
 */
export type DeliveryBuilder = (report: ReportForDelivery) => { id: string; payload?: string };

export type DeliveryStatus = "pending" | "delivered" | "dead";

/** An email to queue: its id (the queue's, which a retry keeps) and the message. */
export interface NewEmail {
  id: string;
  message: EmailMessage;
}

/** The emails written with a report, in the same transaction: built once the reference is known. */
export type EmailBuilder = (report: ReportForDelivery) => NewEmail[];

export type EmailStatus = "pending" | "sent" | "dead";

/**
 * An email in the outbox. Its message (address, personalisation, attachment) is kept encrypted, and only until it
 * is sent: a sent email keeps its kind, status and times, and its message is null.
 */
export interface QueuedEmail {
  id: string;
  reference: string | null;
  forceId: string;
  kind: EmailMessage["kind"];
  lang: EmailMessage["lang"];
  message: EmailMessage | null;
  status: EmailStatus;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

/**
 * A link to come back to a saved report (save and return): only a hash of its token is kept, with the address it
 * was sent to (encrypted, for the reminder) and a keyed hash of that address, which the person must type again to
 * resume. Single use; gone with its draft, when used, after too many wrong confirmations, or at expiry.
 */
export interface ReturnLink {
  tokenHash: string;
  draftId: string;
  forceId: string;
  serviceId: string;
  lang: Language;
  email: string;
  emailCheck: string;
  failedAttempts: number;
  createdAt: string;
  expiresAt: string;
  /** When the reminder that the saved report will soon be deleted is due. */
  remindAt: string;
  reminded: boolean;
}

export interface Delivery {
  id: string;
  reference: string;
  forceId: string;
  /** The document sent (JSON), or '' while it is still to be built from the stored report (setDeliveryPayload). */
  payload: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

export type AuditAction = "read" | "list" | "export" | "acknowledge" | "replay" | "delete" | "authentication-failed" | "forbidden" | "file" | "status";

/**
 * Where a report has got to, in order, as the person tracking it sees it: received (when it is stored),
 * acknowledged by the force, being looked at, and closed (with what the force chose to say).
 */
export const reportStatuses = ["received", "acknowledged", "being-looked-at", "closed"] as const;
export type ReportStatus = (typeof reportStatuses)[number];
/** What a force may post: every status but received, which the report has from the start. */
export type ForceStatus = Exclude<ReportStatus, "received">;

/** A change a force made to its report's status; `message` (closed only) is what it chose to say, plain text. */
export interface StatusChange {
  status: ForceStatus;
  message: string | null;
  at: string;
}

/** A status the force posted and the store keeps (acknowledged is the report's own acknowledgedAt). */
export interface StatusEvent {
  status: "being-looked-at" | "closed";
  message: string | null;
  at: string;
}

/** An uploaded file as the store keeps it: its record (lib/answer-types/file.checks.ts), whose draft, and when. */
export interface NewFile {
  record: FileRecord;
  draftId: string;
  forceId: string;
  createdAt: string;
}

/** A stored file: its record and its original bytes, decrypted chunk by chunk as they are read. */
export interface StoredFile {
  record: FileRecord;
  reference: string | null;
  chunks: AsyncIterable<Buffer>;
}


export interface AuditEntry {
  at: string;
  /** Who: an API key's id, or "retention" for the purge. */
  actor: string;
  action: AuditAction;
  forceId: string;
  reference: string | null;
  route: string;
}

/**
 * The store cannot keep writes now (disk full or read-only, or its file gone): nothing was kept, so nothing may be
 * acknowledged. `reason` says why, in words for an operator; `retryAfterSeconds` is when a client may try again.
 */
export class StoreUnavailable extends Error {
  constructor(
    readonly reason: string,
    readonly retryAfterSeconds = 30,
  ) {
    super(reason);
    this.name = "StoreUnavailable";
  }
}

/** An Idempotency-Key already used for a different request: the stored report is not this one. */
export class IdempotencyConflict extends Error {
  constructor(readonly reference: string) {
    super("This Idempotency-Key was already used for a different report");
    this.name = "IdempotencyConflict";
  }
}

/**
 * Where drafts and reports live. One contract, kept by the SQLite adapter (the embedded default) and the
 * PostgreSQL one (several instances, one database); tests/store/contract.test.ts holds both to it.
 * Writes resolve only once committed to disk.
 */
export interface Store {
  getDraft(id: string): Promise<Draft | undefined>;
  saveDraft(draft: Draft): Promise<void>;
  /** Forgets a draft at once (leaving a sensitive service, or its confirmation seen), with its files not yet sent; true when there was one. */
  deleteDraft(id: string): Promise<boolean>;
  /**
   * Stores a report and its delivery in one transaction, or finds the one already stored for the same draft
   * or idempotency key. A draft's complete files become the report's. The same key with a different requestFingerprint rejects with IdempotencyConflict; a
   * store that cannot keep the write rejects with StoreUnavailable. `emails` (a receipt, a force's copy) are
   * queued in the same transaction, for the email worker.
   */
  submit(report: NewReport, delivery?: DeliveryBuilder, emails?: EmailBuilder): Promise<{ reference: string; created: boolean }>;
  getReport(reference: string): Promise<StoredReport | undefined>;
  /**
   * A force's reports after a place in its sequence, oldest first. Places are given in commit order, so a
   * reader that remembers the last place it saw misses nothing, however many instances are writing.
   */
  listReports(forceId: string, afterSeq: number, limit: number): Promise<StoredReport[]>;
  acknowledge(forceId: string, reference: string, at: string): Promise<boolean>;
  /**
   * Deletes acknowledged reports (and their deliveries, emails, files, status events and email choice)
   * acknowledged before `before`; audits each. Emails of no report (none yet) created before `before` go too.
   */
  purgeReports(before: string, at: string): Promise<number>;

  /**
   * A force's word on its own report, in one transaction: the report is acknowledged if it was not yet, and the
   * change kept unless the report already has that status or a later one ("unchanged": posting again is safe). A
   * closed report stays closed: closing it again with the same words is "unchanged", anything later but
   * acknowledged is "conflict". Undefined when this force has no such report.
   */
  recordStatus(forceId: string, reference: string, change: StatusChange): Promise<"added" | "unchanged" | "conflict" | undefined>;
  /** The statuses a force posted on a report, oldest first, their words decrypted. */
  statusEvents(reference: string): Promise<StatusEvent[]>;
  /** The person tracking a report asked to be emailed when its status changes (true), or to stop (false). */
  setStatusEmails(reference: string, wanted: boolean, at: string): Promise<void>;
  wantsStatusEmails(reference: string): Promise<boolean>;

  /** Takes due deliveries of the given forces for sending, leasing them until `leaseUntil` so no one else sends them meanwhile. */
  claimDeliveries(now: string, leaseUntil: string, limit: number, forceIds: string[]): Promise<Delivery[]>;
  /**
   * Keeps the payload of a delivery stored without one, once: true when this call stored it, false when it was
   * already built (by another instance, or an earlier call) or there is no such delivery. Never replaces a payload.
   */
  setDeliveryPayload(id: string, payload: string): Promise<boolean>;
  /** Pending deliveries whose payload is still to be built, created at or before `createdBefore`, oldest first (up to `limit`). */
  unbuiltDeliveries(createdBefore: string, limit: number): Promise<Delivery[]>;
  markDelivered(id: string, at: string): Promise<void>;
  markFailed(id: string, failure: { attempts: number; nextAttemptAt: string; error: string; dead: boolean }): Promise<void>;
  listDeliveries(forceId: string, status: DeliveryStatus): Promise<Delivery[]>;
  getDeliveryFor(forceId: string, reference: string): Promise<Delivery | undefined>;
  /** Puts a dead delivery back in the queue; false when it is not this force's or not dead. */
  replayDelivery(forceId: string, id: string, now: string): Promise<boolean>;

  /**
   * Keeps a link to come back to a draft: any earlier link of the draft is replaced, and the draft is kept until
   * the link expires. False when the draft is no longer there or already sent.
   */
  saveReturnLink(link: ReturnLink): Promise<boolean>;
  returnLink(tokenHash: string): Promise<ReturnLink | undefined>;
  /** Counts a wrong confirmation; at `most` the link is deleted. Resolves to the wrong confirmations so far. */
  failReturnConfirmation(tokenHash: string, most: number): Promise<number>;
  /** Uses the link up (deletes it): true for the one caller that found it there. */
  takeReturnLink(tokenHash: string): Promise<boolean>;
  /** Deletes every link to a draft (it was sent or left). */
  forgetReturnLinks(draftId: string): Promise<void>;
  /**
   * Queues, for each link whose reminder is due and whose draft is still waiting, the email `build` makes, and
   * marks it reminded, in one transaction. Resolves to how many were queued.
   */
  remindReturnLinks(now: string, build: (link: ReturnLink) => NewEmail, limit: number): Promise<number>;

  /** Queues one email outside a report's submit (a status change, a link to come back later), committed when this resolves. */
  queueEmail(email: NewEmail, at: string): Promise<void>;
  /** Takes due emails for sending, leasing them until `leaseUntil` so no other instance sends them meanwhile. */
  claimEmails(now: string, leaseUntil: string, limit: number): Promise<QueuedEmail[]>;
  /** Sent: recorded, and its message (the address and what it said) erased. */
  markEmailSent(id: string, at: string): Promise<void>;
  markEmailFailed(id: string, failure: { attempts: number; nextAttemptAt: string; error: string; dead: boolean }): Promise<void>;
  /** A report's emails, oldest first. */
  emailsFor(reference: string): Promise<QueuedEmail[]>;
  /** Emails of one status, oldest first (up to `limit`): what is dead, for an operator. */
  listEmails(status: EmailStatus, limit: number): Promise<QueuedEmail[]>;

  addApiKey(key: { id: string; forceId: string; keyHash: string; createdAt: string }): Promise<void>;
  findApiKey(keyHash: string): Promise<{ id: string; forceId: string } | undefined>;
  audit(entry: AuditEntry): Promise<void>;
  auditTrail(reference: string): Promise<AuditEntry[]>;
  /** A force's audit entries of one action, oldest first (up to `limit`): failed sign-ins, refused attempts. */
  auditOf(forceId: string, action: AuditAction, limit: number): Promise<AuditEntry[]>;
  countReports(): Promise<number>;
  /**
   * Keeps an uploaded file (already scanned and checked) for a draft: its record and its bytes, encrypted chunk by
   * chunk as they are read. Until the last chunk is in, the file is not complete and nothing reads it.
   */
  putFile(file: NewFile, chunks: AsyncIterable<Buffer>): Promise<void>;
  /** Forgets one file of a draft not yet sent (Remove); true when there was one. */
  deleteFile(draftId: string, id: string): Promise<boolean>;
  /** The complete files of a draft, by id (their records), or of a sent report. */
  fileRecords(owner: { draftId: string } | { reference: string }): Promise<FileRecord[]>;
  /** One complete file of a force's report, to stream to that force. */
  readFile(forceId: string, reference: string, id: string): Promise<StoredFile | undefined>;
  /** How many files (complete or not) and chunks the store holds: a test shows that nothing of a refused file was kept. */
  countFiles(): Promise<{ files: number; chunks: number }>;
  /** Deletes drafts that expired before `now`, with their files not sent (and any file whose draft is gone); returns how many drafts. */
  purgeDrafts(now: string): Promise<number>;
  /** Writes waiting for the next commit (or for a database connection): the service sheds load when this grows too long. */
  pendingWrites(): number;
  /** Resolves when the store can take writes; rejects (StoreUnavailable, with the reason) when it cannot. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
