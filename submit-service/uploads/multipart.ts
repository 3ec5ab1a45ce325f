import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { rm } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { randomBytes } from "node:crypto";
import busboy from "busboy";
import type { FormValues } from "../../lib/services/form.ts";

/** The one file of a post, as it arrived: in a temporary file, its SHA-256 taken on the way in. */
export interface ReceivedFile {
  field: string;
  /** The name it was sent with, as sent (shown only once made safe: inspect.ts displayName). */
  sentName: string;
  /** Its temporary copy, named by this service, never by the sender. */
  path: string;
  size: number;
  sha256: string;
  /** The file was larger than `maxFileBytes`: it was not read to its end, and nothing of it is kept. */
  truncated: boolean;
}

export interface MultipartLimits {
  /** The most bytes the one file may hold; more and it is cut off and refused. */
  maxFileBytes: number;
  /** The most text fields (and values) the step's form can hold. */
  maxFields: number;
  /** The most bytes the whole body may hold (its file, its fields and the multipart framing). */
  maxBodyBytes: number;
}

export class MultipartRefused extends Error {}
/** The body went past the most the page takes (413): the rest is not read. */
export class BodyTooLarge extends Error {}
/** The file went past its limit: the rest of the body is not read. */
class FileTooLarge extends Error {}

/**
 * Reads a multipart/form-data post as it streams in (busboy), never holding the file in memory: text fields up
 * to the step's bounds, and at most one file, written as it comes to a temporary file in `tempDir` while its
 * SHA-256 is taken. A file larger than its limit stops the reading there (`truncated`: the rest of the body is
 * never read, and the connection is closed after the answer). Whatever the outcome the caller removes the
 * temporary file (`discard`).
 */
export async function readMultipart(request: Request, tempDir: string, limits: MultipartLimits): Promise<{ form: FormValues; file: ReceivedFile | undefined }> {
  const contentType = request.headers.get("content-type") ?? "";
  if (!request.body) throw new MultipartRefused("The form was sent without a body.");
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { "content-type": contentType },
      // Browsers send file names as UTF-8 (busboy would read them as Latin-1).
      defParamCharset: "utf8",
      limits: { files: 1, fileSize: limits.maxFileBytes, fields: limits.maxFields, fieldSize: 20_000, parts: limits.maxFields + 1, fieldNameSize: 200 },
    });
  } catch {
    throw new MultipartRefused("The form was not sent as multipart/form-data.");
  }
  const source = Readable.fromWeb(request.body as import("node:stream/web").ReadableStream);
  let bodyBytes = 0;
  source.on("data", (chunk: Buffer) => {
    bodyBytes += chunk.length;
    if (bodyBytes > limits.maxBodyBytes) source.destroy(new BodyTooLarge());
  });
  const form: FormValues = {};
  let file: ReceivedFile | undefined;
  let writing: Promise<void> | undefined;
  let tooMany = false;
  parser.on("field", (name, value) => {
    const existing = form[name];
    form[name] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  });
  parser.on("fieldsLimit", () => (tooMany = true));
  parser.on("partsLimit", () => (tooMany = true));
  parser.on("filesLimit", () => (tooMany = true));
  parser.on("file", (field, stream, info) => {
    // A file input left empty still sends a part, with no name and no bytes.
    if (!info.filename) {
      stream.resume();
      return;
    }
    const target = path.join(tempDir, `upload-${randomBytes(12).toString("hex")}`);
    const hash = createHash("sha256");
    const received: ReceivedFile = { field, sentName: info.filename, path: target, size: 0, sha256: "", truncated: false };
    file = received;
    stream.on("data", (chunk: Buffer) => {
      received.size += chunk.length;
      hash.update(chunk);
    });
    stream.on("limit", () => {
      received.truncated = true;
      source.destroy(new FileTooLarge());
    });
    writing = pipeline(stream, createWriteStream(target, { mode: 0o600 })).then(() => {
      received.sha256 = hash.digest("hex");
    });
  });
  try {
    await pipeline(source, parser);
    await writing;
  } catch (error) {
    await writing?.catch(() => undefined);
    if (file) await discard(file);
    if (error instanceof FileTooLarge && file) return { form, file };
    if (error instanceof BodyTooLarge) throw error;
    throw error instanceof MultipartRefused ? error : new MultipartRefused(`The form could not be read: ${(error as Error).message}`);
  }
  if (tooMany) {
    if (file) await discard(file);
    throw new MultipartRefused("This page was sent with more than it can hold.");
  }
  return { form, file };
}

export async function discard(file: ReceivedFile | undefined): Promise<void> {
  if (file) await rm(file.path, { force: true });
}
