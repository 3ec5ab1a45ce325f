import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdirSync } from "node:fs";
import { mkdir, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Server as TusServer, Upload } from "@tus/server";
import type { Context, Next } from "hono";
import { mostBytesAnyKind, mostFiles, sizeWords, uploadMessages, fileField } from "../../lib/answer-types/file.checks.ts";
import { fill } from "../../lib/answer-types/answer-type.ts";
import { text, type Question } from "../../lib/services/types.ts";
import type { AppDeps } from "../app.ts";
import { journeyOf, stepOf, type Journey } from "../journey/context.ts";
import type { DraftKeeper } from "../journey/drafts.ts";
import { draftFiles, fileQuestionsOf, uploadReceiver, UploadsUnavailable } from "../journey/uploads.ts";
import type { Draft } from "../store/store.ts";

/**
 * Resumable upload with JavaScript (the tus protocol, @tus/server): a large video sent in pieces, so a dropped
 * connection resumes where it stopped. Each question that takes files has its own endpoint under its step,
 * `<step>/uploads/<question>/`, inside the draft cookie's folder: the cookie authorises every request, and an
 * upload answers only the draft and question that created it. The length is declared first (Upload-Length) and
 * refused at once when it is over the question's limit, or when the question already holds its most files. When
 * the last byte arrives, the file goes through the same checks, scan and store as a file posted without
 * JavaScript (uploads.ts `keep`), and is added to the draft; its partial bytes are removed whatever the outcome.
 */
const uploadPath = /^(\/.+\/)uploads\/([a-z0-9-]+)\/(?:([0-9a-f]{32}))?$/;

interface Asked {
  journey: Journey;
  question: Question;
  draft: Draft;
}

/** A refusal as @tus/server sends it: status and plain-text body. */
const refusal = (status_code: number, body: string) => ({ status_code, body });

export function resumableUploads(deps: AppDeps, drafts: DraftKeeper) {
  // Beside the files posted without JavaScript (theirs are named upload-…, these by 32 hex digits), under DATA_DIR/uploading.
  const directory = deps.uploads?.tempDir ?? path.join(os.tmpdir(), "front-counter-uploads");
  const receiver = uploadReceiver(deps);
  /** What each request was found to be for, before @tus/server answers it. */
  const asked = new WeakMap<Request, Asked>();
  /** A draft's files are added one at a time, so two uploads finishing together both stay. */
  const adding = new Map<string, Promise<unknown>>();
  const limitWords = (question: Question, lang: Journey["lang"]) => fill(text(uploadMessages.tooBig, lang)!, { max: sizeWords(mostBytesAnyKind(question)) });

  // @tus/server and its file store are loaded when the first resumable upload arrives, not at start.
  let made: Promise<TusServer> | undefined;
  const tusServer = () =>
    (made ??= (async () => {
      const [{ FileStore }, { Server }] = await Promise.all([import("@tus/file-store"), import("@tus/server")]);
      // Made here, owner only (as DATA_DIR is), before @tus/file-store would make it readable by all.
      mkdirSync(directory, { recursive: true, mode: 0o700 });
      const datastore = new FileStore({ directory });
      return new Server({
        path: "/uploads",
        datastore,
        relativeLocation: true,
        // The upload's own address, under the endpoint it was created at.
        generateUrl: (req, { id }) => `${new URL(req.url).pathname}${id}`,
        namingFunction: () => createHash("sha256").update(crypto.getRandomValues(new Uint8Array(32))).digest("hex").slice(0, 32),
        maxSize: (req) => mostBytesAnyKind(asked.get(req)!.question),
        // tus's own "Maximum size exceeded", in the page's words with the limit.
        onResponseError: async (req, error) => {
          const found = asked.get(req);
          if ((error as { status_code?: number }).status_code === 413 && found) return refusal(413, `${limitWords(found.question, found.journey.lang)}\n`);
        },
        onIncomingRequest: async (req, id) => {
          if (req.method === "POST") return;
          const { draft, question } = asked.get(req)!;
          const upload = await datastore.getUpload(id).catch(() => undefined);
          // Another draft's upload, or another question's, is as if it did not exist.
          if (!upload || upload.metadata?.draft !== draft.id || upload.metadata?.question !== question.id) throw refusal(404, "No such upload.\n");
        },
        onUploadCreate: async (req, upload) => {
          const { journey, question, draft } = asked.get(req)!;
          if (upload.sizeIsDeferred || upload.size === undefined) throw refusal(400, "Send the file's length (Upload-Length) first.\n");
          if (upload.size > mostBytesAnyKind(question)) throw refusal(413, `${limitWords(question, journey.lang)}\n`);
          if (draftFiles(draft.answers, question).length >= mostFiles(question)) throw refusal(422, `${fill(text(uploadMessages.tooMany, journey.lang)!, { count: mostFiles(question) })}\n`);
          return { metadata: { name: upload.metadata?.filename ?? upload.metadata?.name ?? "file", draft: draft.id, question: question.id } };
        },
        onUploadFinish: async (req, upload) => {
          const { journey, question } = asked.get(req)!;
          try {
            return await finish(journey, question, upload);
          } finally {
            await datastore.remove(upload.id).catch(() => undefined);
          }
        },
      });
    })());

  /** The whole file is here: kept as a posted file is (checks, scan, store) and added to the draft, or refused. */
  async function finish(journey: Journey, question: Question, upload: Upload): Promise<{ status_code: number; headers: Record<string, string>; body: string }> {
    const file = path.join(directory, upload.id);
    const size = (await stat(file)).size;
    const hash = createHash("sha256");
    for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) hash.update(chunk);
    const received = { field: question.id, sentName: upload.metadata?.name ?? "file", path: file, size, sha256: hash.digest("hex"), truncated: false };
    const draftId = upload.metadata!.draft!;
    const before = adding.get(draftId) ?? Promise.resolve();
    type Answer = { status_code: number; headers: Record<string, string>; body: string };
    const work = before.catch(() => undefined).then(async (): Promise<Answer> => {
      // The draft as it is now, not as it was when the upload started: other files may have been added since.
      const draft = await deps.store.getDraft(draftId);
      if (!draft) throw refusal(404, "This report has timed out.\n");
      let outcome;
      try {
        outcome = await receiver.keep(journey, question, draft, received);
      } catch (error) {
        if (error instanceof UploadsUnavailable) {
          deps.logger.error("uploads refused: the virus scanner is unavailable", { reason: error.message });
          return { status_code: 503, headers: { "Retry-After": "60" }, body: "Sorry, we cannot check files for viruses at the moment, so your file has not been kept. Please try again in a few minutes.\n" };
        }
        throw error;
      }
      if ("refused" in outcome) return { status_code: 422, headers: { "Content-Type": "text/plain; charset=utf-8" }, body: `${outcome.message}\n` };
      const files = [...draftFiles(draft.answers, question), outcome.kept];
      // A page kept with its mistakes lists the draft's files too, and its old "not kept" message goes.
      const pending = draft.pending && { ...draft.pending, values: { ...draft.pending.values, [question.id]: files.map(fileField) }, uploadError: undefined };
      await deps.store.saveDraft({ ...draft, answers: { ...draft.answers, [question.id]: files }, pending: pending ?? null, updatedAt: deps.clock().toISOString() });
      return { status_code: 200, headers: { "Content-Type": "application/json" }, body: JSON.stringify({ file: { id: outcome.kept.id, name: outcome.kept.name, size: outcome.kept.size, sha256: outcome.kept.sha256 } }) };
    });
    adding.set(draftId, work);
    try {
      return await work;
    } finally {
      if (adding.get(draftId) === work) adding.delete(draftId);
    }
  }

  /** Answers `<step>/uploads/<question>/[id]` (every tus method); anything else goes on. */
  async function middleware(c: Context, next: Next) {
    const match = uploadPath.exec(c.req.path);
    if (!match) return next();
    const journey = journeyOf(deps.site, match[1]);
    const step = journey && stepOf(journey);
    const question = step && fileQuestionsOf(step).find((q) => q.id === match[2]);
    if (!journey || !question) return c.text("No such upload address.", 404);
    c.header("Cache-Control", "no-store");
    if (!deps.uploads) {
      c.header("Retry-After", "60");
      return c.text("Sorry, we cannot check files for viruses at the moment, so files cannot be sent.", 503);
    }
    const found = await drafts.load(c, journey);
    // The file belongs to a report in progress: without one (timed out, or never started) nothing is taken.
    if (!found.draft || found.draft.reference) return c.text("There is no report in progress here to add a file to.", 403);
    await mkdir(directory, { recursive: true, mode: 0o700 });
    asked.set(c.req.raw, { journey, question, draft: found.draft });
    const response = await (await tusServer()).handleWeb(c.req.raw);
    response.headers.set("Cache-Control", "no-store");
    return response;
  }

  return { middleware };
}
