import type { Language } from "../../lib/forces/load.ts";
import type { Answers } from "../../lib/services/types.ts";

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
}

export interface NewReport {
  forceId: string;
  forceCode: string;
  serviceId: string;
  category: string;
  lang: Language;
  answers: Answers;
  /** The steps the answers took, in order. */
  path: string[];
  priority: "urgent" | "standard";
  submittedAt: string;
  /** Submitting the same draft twice gives the same report. */
  draftId?: string;
  /** Or the same Idempotency-Key from the same force's API client. */
  idempotencyKey?: string;
}

export interface StoredReport extends Omit<NewReport, "forceCode"> {
  reference: string;
}

/**
 * Where drafts and reports live. One contract, kept by the SQLite adapter (the embedded default) and, later,
 * PostgreSQL. Writes resolve only once committed to disk.
 */
export interface Store {
  getDraft(id: string): Promise<Draft | undefined>;
  saveDraft(draft: Draft): Promise<void>;
  /** Stores a report, or finds the one already stored for the same draft or idempotency key. */
  submit(report: NewReport): Promise<{ reference: string; created: boolean }>;
  getReport(reference: string): Promise<StoredReport | undefined>;
  countReports(): Promise<number>;
  /** Deletes drafts that expired before `now`; returns how many. */
  purgeDrafts(now: string): Promise<number>;
  /** Writes waiting for the next commit: the service sheds load when this grows too long. */
  pendingWrites(): number;
  ping(): Promise<void>;
  close(): Promise<void>;
}
