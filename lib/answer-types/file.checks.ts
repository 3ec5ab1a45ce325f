import type { AnswerValue, Question, Text } from "../services/types.ts";
import { text } from "../services/types.ts";
import type { AnswerTypeChecks, FormValues } from "./answer-type.ts";

/** The kinds of evidence a file question may accept, each decided by the file's bytes (never its name or MIME type). */
export type FileKind = "photo" | "video" | "document" | "audio";
export const fileKinds: FileKind[] = ["photo", "video", "document", "audio"];

const MB = 1024 * 1024;
/** The most bytes one file of each kind may hold where the question does not say. */
export const defaultKindBytes: Record<FileKind, number> = { photo: 20 * MB, video: 250 * MB, document: 20 * MB, audio: 20 * MB };
/** The most files one question takes where it does not say. */
export const defaultMaxFiles = 10;
/** The most bytes of files one report may hold where the question does not say. */
export const defaultTotalBytes = 500 * MB;

export const acceptedKinds = (question: Question): FileKind[] => (question.accept?.length ? question.accept : ["photo"]) as FileKind[];
export const mostFiles = (question: Question) => question.maxFiles ?? defaultMaxFiles;
/** The most bytes one file of this kind may hold on this question. */
export const mostBytes = (question: Question, kind: FileKind) => (question.maxFileMegabytes !== undefined ? Math.min(question.maxFileMegabytes * MB, defaultKindBytes[kind]) : defaultKindBytes[kind]);
/** The most bytes any one file on this question may hold (its largest kind's). */
export const mostBytesAnyKind = (question: Question) => Math.max(...acceptedKinds(question).map((k) => mostBytes(question, k)));
export const mostTotalBytes = (question: Question) => (question.maxTotalMegabytes ?? defaultTotalBytes / MB) * MB;

/** One file as a report keeps it: what was found in its bytes, and its name for display only. */
export interface FileRecord {
  id: string;
  /** The name it was sent with, made safe for display; never used as a path. */
  name: string;
  kind: FileKind;
  /** The media type detected from its bytes. */
  type: string;
  size: number;
  sha256: string;
  [key: string]: AnswerValue;
}

export const fileIdPattern = "^f-[A-Za-z0-9_-]{22}$";
export const sha256Pattern = "^[0-9a-f]{64}$";
// Compiled once from the constants above (the schemas carry the pattern strings); never from anything posted.
const fileIdFormat = new RegExp(fileIdPattern);
const sha256Format = new RegExp(sha256Pattern);
/** Whether `id` has the shape of a file id the service gives out. */
export const isFileId = (id: string) => fileIdFormat.test(id);

/**
 * A file already added is carried on the page as one field value, `id|sha256|size|kind|type|name` (the name last,
 * so a name with | in it is whole). The service never trusts these from a post: it puts back the draft's own.
 */
export function fileField(file: FileRecord): string {
  return [file.id, file.sha256, file.size, file.kind, file.type, file.name].join("|");
}

export function parseFileField(value: string): FileRecord | undefined {
  const parts = value.split("|");
  if (parts.length < 6) return undefined;
  const [id, sha256, size, kind, type] = parts;
  const name = parts.slice(5).join("|");
  if (!isFileId(id) || !sha256Format.test(sha256) || !/^\d{1,12}$/.test(size) || !(fileKinds as string[]).includes(kind)) return undefined;
  return { id, sha256, size: Number(size), kind: kind as FileKind, type, name };
}

/** The files a form carries for a question, at most one more than it takes (so "too many" is seen, never counted up to). */
export function filesIn(question: Question, form: FormValues, name: string): FileRecord[] {
  const given = form[name];
  const values = (Array.isArray(given) ? given : given ? [given] : []).slice(0, mostFiles(question) + 1);
  return values.map((v) => parseFileField(v)).filter((f): f is FileRecord => f !== undefined);
}

/** A size as people read it: 2.4 MB, 830 KB. */
export function sizeWords(bytes: number): string {
  if (bytes >= MB) return `${(bytes / MB).toFixed(1).replace(/\.0$/, "")} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** Why an upload was refused, each with its message in English and Welsh ({name}, {max}, {file}, {kinds} filled in). */
export type UploadRefusal = "empty" | "type" | "polyglot" | "tooBig" | "tooMany" | "totalTooBig" | "infected" | "noFile";

export const uploadMessages: Record<UploadRefusal, Text> = {
  noFile: { en: "Select a file to upload", cy: "Dewiswch ffeil i’w huwchlwytho" },
  empty: { en: "The selected file is empty", cy: "Mae’r ffeil a ddewiswyd yn wag" },
  type: { en: "The selected file must be {kinds}", cy: "Rhaid i’r ffeil a ddewiswyd fod yn {kinds}" },
  polyglot: { en: "The selected file has something else hidden inside it, so it cannot be accepted", cy: "Mae rhywbeth arall wedi’i guddio yn y ffeil a ddewiswyd, felly ni ellir ei derbyn" },
  tooBig: { en: "The selected file must be smaller than {max}", cy: "Rhaid i’r ffeil a ddewiswyd fod yn llai na {max}" },
  tooMany: { en: "You can upload up to {count} files", cy: "Gallwch uwchlwytho hyd at {count} o ffeiliau" },
  totalTooBig: { en: "The files for one report must be smaller than {max} altogether", cy: "Rhaid i’r ffeiliau ar gyfer un adroddiad fod yn llai na {max} gyda’i gilydd" },
  infected: { en: "The selected file contains a virus. It has not been kept", cy: "Mae firws yn y ffeil a ddewiswyd. Nid yw wedi’i chadw" },
};

/** The kinds a question accepts, in words: "a photo or a video". */
export const kindWords: Record<FileKind, Text> = {
  photo: { en: "a photo (JPG, PNG, HEIC, WEBP or GIF)", cy: "llun (JPG, PNG, HEIC, WEBP neu GIF)" },
  video: { en: "a video (MP4, MOV, AVI, MKV, WEBM, 3GP or TS)", cy: "fideo (MP4, MOV, AVI, MKV, WEBM, 3GP neu TS)" },
  document: { en: "a PDF document", cy: "dogfen PDF" },
  audio: { en: "a sound recording (MP3, M4A, WAV, OGG or AMR)", cy: "recordiad sain (MP3, M4A, WAV, OGG neu AMR)" },
};

/**
 * In Welsh the kinds follow "yn" (predicative: soft mutation, but not of ll) and then "neu" (soft mutation):
 * "fod yn llun … neu ddogfen PDF".
 */
const welshAfterYn: Record<FileKind, string> = { photo: "llun", video: "fideo", document: "ddogfen PDF", audio: "recordiad sain" };
const welshAfterNeu: Record<FileKind, string> = { photo: "lun", video: "fideo", document: "ddogfen PDF", audio: "recordiad sain" };
const welshFormats = (kind: FileKind) => /\(.*\)$/.exec(kindWords[kind].cy!)?.[0];

/** The kinds a question accepts, as a message says them after "must be" / "fod yn": "a video (…) or a photo (…)". */
export function acceptedWords(question: Question, lang: "en" | "cy"): string {
  const kinds = acceptedKinds(question);
  const words =
    lang === "cy"
      ? kinds.map((k, i) => [(i === 0 ? welshAfterYn : welshAfterNeu)[k], welshFormats(k)].filter(Boolean).join(" "))
      : kinds.map((k) => kindWords[k].en);
  const or = lang === "cy" ? " neu " : " or ";
  return words.length > 1 ? `${words.slice(0, -1).join(", ")}${or}${words[words.length - 1]}` : words[0];
}

/** What the browser needs of the file answer type: reading a post (the files already added) and wording its errors. */
export const fileChecks: AnswerTypeChecks = {
  type: "file",
  read: (question, form, name) => {
    const files = filesIn(question, form, name);
    return files.length ? files : null;
  },
  messages: {
    required: { en: "Upload {name}", cy: "Uwchlwythwch {name}" },
    range: { en: "You can upload up to {max} files", cy: "Gallwch uwchlwytho hyd at {max} o ffeiliau" },
    format: { en: "Upload {name} again", cy: "Uwchlwythwch {name} eto" },
  },
  limit: mostFiles,
  ruleFor: (keyword) => (keyword === "maxItems" ? "range" : keyword === "minItems" ? "required" : undefined),
  errorHref: (name) => name,
};
