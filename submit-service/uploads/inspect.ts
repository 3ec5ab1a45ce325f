import { open } from "node:fs/promises";
import { acceptedKinds, mostBytes, type FileKind, type UploadRefusal } from "../../lib/answer-types/file.checks.ts";
import { kindTypes } from "../../lib/answer-types/file.ts";
import type { Question } from "../../lib/services/types.ts";

/**
 * Markers of something else riding inside a photo, video, sound or document (a "polyglot"): a web page or
 * script a browser or server might run, or a ZIP archive appended to the end (read by archive tools from its
 * end). Markers are looked for in either case; short ones (like `<svg`) are left out, as random compressed bytes
 * would hold them too often. Best effort: a marker inside a PDF's compressed streams is not seen.
 */
const textMarkers = ["<?php", "<script", "<html", "<iframe"];
const zipEnd = Buffer.from([0x50, 0x4b, 0x05, 0x06]);
/** A PDF that acts when opened (runs JavaScript, launches a program, or carries files inside it). */
const pdfActions = ["/JavaScript", "/Launch", "/EmbeddedFile"];

/** Where in the file to look: all of a photo or document (20 MB at most), the first and last 1 MB of a video or sound. */
const wholeKinds: FileKind[] = ["photo", "document"];
const window = 1024 * 1024;

async function slices(file: string, size: number, whole: boolean): Promise<Buffer[]> {
  const handle = await open(file, "r");
  try {
    const ranges = whole || size <= 2 * window ? [[0, size]] : [[0, window], [size - window, window]];
    const out: Buffer[] = [];
    for (const [start, length] of ranges) {
      const buffer = Buffer.alloc(length);
      await handle.read(buffer, 0, length, start);
      out.push(buffer);
    }
    return out;
  } finally {
    await handle.close();
  }
}

/** What else the file carries beside what its first bytes say it is, in words for the log; undefined when nothing. */
export async function polyglotIn(file: string, size: number, kind: FileKind, type: string): Promise<string | undefined> {
  for (const part of await slices(file, size, wholeKinds.includes(kind))) {
    const lower = part.toString("latin1").toLowerCase();
    const marker = textMarkers.find((m) => lower.includes(m));
    if (marker) return `a ${marker} marker`;
    if (part.subarray(Math.max(0, part.length - 65_557)).includes(zipEnd)) return "a ZIP archive's end record";
    if (type === "application/pdf") {
      const raw = part.toString("latin1");
      const action = pdfActions.find((a) => raw.includes(a));
      if (action) return `a PDF ${action.trim()} action`;
    }
  }
  return undefined;
}

export type Inspection = { ok: true; kind: FileKind; type: string } | { ok: false; refusal: UploadRefusal; detail: string; kind?: FileKind };

/**
 * What a file is, decided by its bytes alone against the question's kinds: its type from its magic bytes
 * (file-type), its size within that kind's limit, and nothing else inside it. A name or MIME type sent with it
 * is never read here. Executables, archives and scripts match no kind and are refused as the wrong type.
 */
export async function inspectFile(file: string, size: number, question: Question): Promise<Inspection> {
  if (size === 0) return { ok: false, refusal: "empty", detail: "zero bytes" };
  // file-type is loaded with the first file, not at start.
  const { fileTypeFromFile } = await import("file-type");
  const detected = await fileTypeFromFile(file);
  const kind = detected && acceptedKinds(question).find((k) => kindTypes[k].includes(detected.mime));
  if (!detected || !kind) return { ok: false, refusal: "type", detail: detected ? `detected ${detected.mime}` : "no known type in its first bytes" };
  if (size > mostBytes(question, kind)) return { ok: false, refusal: "tooBig", detail: `${size} bytes for a ${kind}`, kind };
  const other = await polyglotIn(file, size, kind, detected.mime);
  if (other) return { ok: false, refusal: "polyglot", detail: `${detected.mime} carrying ${other}` };
  return { ok: true, kind, type: detected.mime };
}

/**
 * A name sent with a file, made safe to show: no folders (only what follows the last / or \), no control or
 * bidirectional-override characters, no leading dots, at most 120 characters; "file" when nothing is left.
 * It is only ever shown and delivered as text: files are stored by id, never under this name.
 */
export function displayName(sent: string): string {
  const base = sent.split(/[\\/]/).pop() ?? "";
  const cleaned = base
    .normalize("NFC")
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, "")
    .replace(/[<>"|]/g, "_")
    .replace(/^[.\s]+/, "")
    .trim();
  const chars = [...cleaned];
  return chars.length ? (chars.length > 120 ? chars.slice(0, 120).join("") : cleaned) : "file";
}
