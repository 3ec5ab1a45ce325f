import { randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Context } from "hono";
import {
  acceptedWords, fileField, mostBytes, mostBytesAnyKind, mostFiles, mostTotalBytes, sizeWords, uploadMessages, type FileRecord, type UploadRefusal,
} from "../../lib/answer-types/file.checks.ts";
import { fill } from "../../lib/answer-types/answer-type.ts";
import { mostValuesPosted, type FormValues } from "../../lib/services/form.ts";
import { text, type Answers, type Question, type Step } from "../../lib/services/types.ts";
import type { AppDeps } from "../app.ts";
import type { Draft } from "../store/store.ts";
import { inspectFile, displayName } from "../uploads/inspect.ts";
import { discard, readMultipart, type ReceivedFile } from "../uploads/multipart.ts";
import { ScannerUnavailable } from "../uploads/scanner.ts";
import type { Journey } from "./context.ts";

export const fileQuestionsOf = (step: Step): Question[] => step.questions.filter((q) => q.type === "file");

/** The most bytes a post to this step may carry: its largest file and the rest of its form. */
export const uploadRequestBytes = (step: Step, formBytes: number) => Math.max(...fileQuestionsOf(step).map(mostBytesAnyKind)) + formBytes;

/** The files a draft holds for a question: its answer (records put there by the service, never by a post). */
export const draftFiles = (answers: Answers | undefined, question: Question): FileRecord[] => (Array.isArray(answers?.[question.id]) ? (answers![question.id] as FileRecord[]) : []);

/** The form with each file question's fields as the draft holds them: whatever a post said of them is dropped. */
export function withDraftFiles(step: Step, form: FormValues, answers: Answers | undefined): FormValues {
  const out: FormValues = { ...form };
  for (const question of fileQuestionsOf(step)) out[question.id] = draftFiles(answers, question).map(fileField);
  return out;
}

/** One upload's outcome: kept (its record), or refused with the message the page shows. */
export type UploadOutcome = { kept: FileRecord; question: Question } | { refused: UploadRefusal; question: Question; message: string };

/** The message a refused upload shows on its question, in the page's language, with the limit it broke. */
export function uploadMessage(question: Question, refusal: UploadRefusal, lang: Journey["lang"], kind?: FileRecord["kind"]): string {
  const max = refusal === "totalTooBig" ? mostTotalBytes(question) : kind ? mostBytes(question, kind) : mostBytesAnyKind(question);
  return fill(text(uploadMessages[refusal], lang)!, { kinds: acceptedWords(question, lang), max: sizeWords(max), count: mostFiles(question) });
}

/** The service cannot take files now (no scanner, or the scanner not answering): nothing is kept. */
export class UploadsUnavailable extends Error {}

/**
 * Evidence sent with a step: read as it streams in, checked by its bytes, scanned by ClamAV, and only then
 * kept (unaltered, encrypted) for the draft. A refusal keeps nothing of the file.
 */
export function uploadReceiver(deps: AppDeps) {
  const { store, clock, logger } = deps;

  /** The post's text fields and, if it carried one, what became of its file. */
  async function receive(c: Context, journey: Journey, step: Step, draft: Draft): Promise<{ form: FormValues; outcome: UploadOutcome | undefined }> {
    const uploads = deps.uploads;
    const questions = fileQuestionsOf(step);
    // Without a scanner a post can still remove a file or continue; a file it carries is refused below.
    const tempDir = uploads?.tempDir ?? path.join(os.tmpdir(), "front-counter-uploads");
    await mkdir(tempDir, { recursive: true, mode: 0o700 });
    const { form, file } = await readMultipart(c.req.raw, tempDir, {
      maxFileBytes: Math.max(...questions.map(mostBytesAnyKind)),
      maxFields: mostValuesPosted(step),
      maxBodyBytes: uploadRequestBytes(step, deps.config.bodyLimitBytes),
    });
    try {
      if (!file) return { form, outcome: undefined };
      const question = questions.find((q) => q.id === file.field);
      if (!question) return { form, outcome: { refused: "noFile", question: questions[0], message: uploadMessage(questions[0], "noFile", journey.lang) } };
      return { form, outcome: await keep(journey, question, draft, file) };
    } finally {
      await discard(file);
    }
  }

  /**
   * One file received whole (by a post, or resumably with JavaScript): checked against the question and the
   * files the draft already holds, inspected by its bytes, scanned, and only then kept for the draft. The
   * caller removes its temporary copy whatever the outcome.
   */
  async function keep(journey: Journey, question: Question, draft: Draft, file: ReceivedFile): Promise<UploadOutcome> {
    const uploads = deps.uploads;
    const refuse = (refused: UploadRefusal, detail: string, kind?: FileRecord["kind"]): UploadOutcome => {
      logger.info("upload refused", { force: journey.force.id, service: journey.definition.id, why: refused, detail });
      return { refused, question, message: uploadMessage(question, refused, journey.lang, kind) };
    };
    if (file.truncated) return refuse("tooBig", `more than ${mostBytesAnyKind(question)} bytes`);
    const already = draftFiles(draft.answers, question);
    if (already.length >= mostFiles(question)) return refuse("tooMany", `${already.length} files already`);
    if (already.reduce((sum, f) => sum + f.size, 0) + file.size > mostTotalBytes(question)) return refuse("totalTooBig", `${file.size} bytes more`);
    const inspection = await inspectFile(file.path, file.size, question);
    if (!inspection.ok) return refuse(inspection.refusal, inspection.detail, inspection.kind);
    if (!uploads) throw new UploadsUnavailable("no virus scanner is configured");
    let verdict;
    try {
      verdict = await uploads.scanner.scan(file.path);
    } catch (error) {
      if (error instanceof ScannerUnavailable) throw new UploadsUnavailable(error.message);
      throw error;
    }
    if (!verdict.clean) return refuse("infected", verdict.signature);
    const record: FileRecord = { id: `f-${randomBytes(16).toString("base64url").slice(0, 22)}`, name: displayName(file.sentName), kind: inspection.kind, type: inspection.type, size: file.size, sha256: file.sha256 };
    await store.putFile({ record, draftId: draft.id, forceId: journey.force.id, createdAt: clock().toISOString() }, chunksOf(file));
    logger.info("upload kept", { force: journey.force.id, service: journey.definition.id, id: record.id, kind: record.kind, size: record.size });
    return { kept: record, question };
  }

  return { receive, keep };
}

/** The temporary copy read back in 1 MB chunks, each encrypted on its own as the store keeps it. */
async function* chunksOf(file: ReceivedFile): AsyncGenerator<Buffer> {
  for await (const chunk of createReadStream(file.path, { highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>) yield chunk;
}
