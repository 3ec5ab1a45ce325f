import type { Language } from "../i18n/language.ts";
import type { Answers } from "../services/types.ts";

/**
 * A report as its delivery sees it: what the public sent, with its reference, whatever store holds it. The
 * store's StoredReport is this plus its place in the pull API's sequence; the payload needs no more than this.
 */
export interface ReportForDelivery {
  reference: string;
  forceId: string;
  serviceId: string;
  category: string;
  lang: Language;
  answers: Answers;
  /** The steps the answers took, in order. */
  path: string[];
  priority: "urgent" | "standard";
  submittedAt: string;
  draftId?: string;
  idempotencyKey?: string;
}
