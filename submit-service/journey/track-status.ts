import { timingSafeEqual, createHash } from "node:crypto";
import { mapAnswers } from "../../lib/delivery/mapping.ts";
import type { ServiceDefinition } from "../../lib/services/types.ts";
import { answersOnPath } from "../../lib/triage/triage.ts";
import type { AppDeps } from "../app.ts";
import { reportStatuses, type ForceStatus, type ReportStatus, type StatusEvent, type StoredReport } from "../store/store.ts";

/** The statuses a force may post (received is the report's from the start). */
export const forceStatuses = reportStatuses.filter((s): s is ForceStatus => s !== "received");

/** The most a force's closing words may be, in characters. */
export const statusMessageLength = 1000;

/** One line of a report's story as the person tracking it sees it. */
export interface TimelineEntry {
  status: ReportStatus;
  at: string;
  /** What the force chose to say on closing it: plain text, shown escaped. */
  message: string | null;
}

/** A report's statuses, oldest first: received when stored, acknowledged when the force first did, then what it posted. */
export function timeline(report: StoredReport, events: StatusEvent[]): TimelineEntry[] {
  return [
    { status: "received", at: report.submittedAt, message: null },
    ...(report.acknowledgedAt ? [{ status: "acknowledged" as const, at: report.acknowledgedAt, message: null }] : []),
    ...events,
  ];
}

// Characters that never belong in words shown to the public: controls (a line break aside), the marks that turn
// text right to left or hide it (bidirectional overrides, zero-width joiners), and halves of a broken character.
const controls = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;
const invisible = /[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/;
const brokenCharacter = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * A force's status change as posted to its API: the status, and on closing the words it chose, or the mistakes
 * (each with the field it is in, in the API's problem+json shape).
 */
export function readStatusChange(body: unknown): { ok: true; status: ForceStatus; message: string | null } | { ok: false; errors: { field: string; message: string }[] } {
  const names = forceStatuses.map((s) => `"${s}"`).join(", ");
  if (!body || typeof body !== "object" || Array.isArray(body)) return { ok: false, errors: [{ field: "", message: "must be an object with status (and, on closing, message)" }] };
  const errors: { field: string; message: string }[] = [];
  for (const field of Object.keys(body)) if (field !== "status" && field !== "message") errors.push({ field, message: "is not a field of a status change (status and message are)" });
  const { status, message } = body as { status?: unknown; message?: unknown };
  if (status === "received") errors.push({ field: "status", message: `"received" is the report's from when it was sent and cannot be posted: use one of ${names}` });
  else if (typeof status !== "string" || !forceStatuses.includes(status as ForceStatus)) errors.push({ field: "status", message: `is required: one of ${names}` });
  let words: string | null = null;
  if (message !== undefined && message !== null) {
    if (typeof message !== "string") errors.push({ field: "message", message: "must be text" });
    else {
      words = message.replace(/\r\n?/g, "\n").trim();
      if (status !== "closed") errors.push({ field: "message", message: 'is only for "closed": what the force chose to say on closing the report' });
      else if (!words) errors.push({ field: "message", message: "is blank: leave it out to close the report without words" });
      else if ([...words].length > statusMessageLength) errors.push({ field: "message", message: `must be ${statusMessageLength} characters or fewer (it is ${[...words].length})` });
      else if (controls.test(words)) errors.push({ field: "message", message: "must be plain text: it holds a control character (only line breaks are allowed)" });
      else if (invisible.test(words) || brokenCharacter.test(words)) errors.push({ field: "message", message: "must be plain text: it holds an invisible or direction-changing character, or half of one" });
    }
  }
  return errors.length ? { ok: false, errors } : { ok: true, status: status as ForceStatus, message: words };
}

/** The email address the person reporting gave, read through the service's definition (its `deliver` mapping), if any. */
export function reporterEmail(definition: ServiceDefinition, report: StoredReport): string | undefined {
  const { email } = mapAnswers(definition, answersOnPath(definition, report.answers, report.path), report.path).reporter.attributes;
  return typeof email === "string" && email.trim() ? email.trim() : undefined;
}

const digest = (address: string) => createHash("sha256").update(address.trim().toLowerCase()).digest();

/** Whether two email addresses are the same, ignoring case and spaces at the ends, in constant time. */
export function sameAddress(given: string, stored: string | undefined): boolean {
  return timingSafeEqual(digest(given), digest(stored ?? "\u0000 no address"));
}

/** Whether a service may email the person about their report: never on a sensitive one (someone else may read their mail). */
export const mayEmailUpdates = (definition: ServiceDefinition) => !definition.sensitive;

/**
 * Where the email port connects (issue 17 item 1, built on another branch): called once a force's status change
 * is stored. The person asked on the track page to be told, the service is not sensitive, and their address is
 * the one they gave in the report; what is missing is only the sending. At merge this queues a "status-change"
 * message (the reference, the status in the report's language and the track link, never the answers) with
 * deps.store.queueEmail, for the email worker. Until then it answers whom it would tell.
 */
export async function statusChanged(deps: AppDeps, report: StoredReport): Promise<string | undefined> {
  const definition = deps.site.services.get(report.forceId)?.get(report.serviceId);
  if (!definition || !mayEmailUpdates(definition) || !(await deps.store.wantsStatusEmails(report.reference))) return undefined;
  return reporterEmail(definition, report);
}
