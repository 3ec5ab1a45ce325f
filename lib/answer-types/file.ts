import { text, type Text } from "../services/types.ts";
import { errorFor, heading, hintOf, fill, type AnswerType } from "./answer-type.ts";
import {
  acceptedKinds, acceptedWords, defaultMaxFiles, fileChecks, fileField, fileIdPattern, fileKinds, filesIn, kindWords, mostBytes, mostBytesAnyKind, mostFiles,
  sha256Pattern, sizeWords, type FileKind, type FileRecord,
} from "./file.checks.ts";

/**
 * The media types each kind accepts, as `file-type` detects them from a file's first bytes. Nothing else counts:
 * not the name's extension, not the MIME type the browser sent. Archives, executables and scripts are in none.
 */
export const kindTypes: Record<FileKind, string[]> = {
  photo: ["image/jpeg", "image/png", "image/heic", "image/heif", "image/webp", "image/gif"],
  video: ["video/mp4", "video/quicktime", "video/vnd.avi", "video/matroska", "video/webm", "video/3gpp", "video/mp2t"],
  document: ["application/pdf"],
  audio: ["audio/mpeg", "audio/x-m4a", "audio/mp4", "audio/wav", "audio/ogg", "audio/amr"],
};

/** What the file input hints to the browser's file picker (a convenience only: the bytes decide). */
const pickerHint: Record<FileKind, string> = { photo: "image/*", video: "video/*", document: "application/pdf", audio: "audio/*" };

const words: Record<"upload" | "limits" | "added", Text> = {
  upload: { en: "Upload file", cy: "Uwchlwytho ffeil" },
  limits: { en: "Up to {count} files, each smaller than {max}.", cy: "Hyd at {count} o ffeiliau, pob un yn llai na {max}." },
  added: { en: "Files added", cy: "Ffeiliau a ychwanegwyd" },
};

export const fileType: AnswerType = {
  ...fileChecks,
  description: "Evidence uploaded as files: photos, video, documents or sound recordings, each checked by its bytes and scanned for viruses before it is kept.",
  fields: {
    accept: { description: "The kinds of file accepted: photo, video, document, audio (photo unless given).", type: "array", items: { enum: fileKinds }, minItems: 1, uniqueItems: true },
    maxFiles: { description: `The most files (${defaultMaxFiles} unless given).`, type: "integer", minimum: 1, maximum: 20 },
    maxFileMegabytes: { description: "The most megabytes one file may hold (never more than its kind's own: 20 for photos, documents and sound, 250 for video).", type: "integer", minimum: 1, maximum: 250 },
    maxTotalMegabytes: { description: "The most megabytes of files on this question altogether (500 unless given).", type: "integer", minimum: 1, maximum: 2000 },
  },
  schema: (question) => ({
    type: "array",
    minItems: 1,
    maxItems: mostFiles(question),
    items: {
      type: "object",
      properties: {
        id: { type: "string", pattern: fileIdPattern },
        name: { type: "string", maxLength: 255 },
        kind: { enum: acceptedKinds(question) },
        type: { enum: acceptedKinds(question).flatMap((k) => kindTypes[k]) },
        size: { type: "integer", minimum: 1, maximum: mostBytesAnyKind(question) },
        sha256: { type: "string", pattern: sha256Pattern },
      },
      required: ["id", "name", "kind", "type", "size", "sha256"],
      additionalProperties: false,
    },
  }),
  write: (_question, value, name, values) => {
    values[name] = (value as FileRecord[]).map(fileField);
  },
  mostValues: (question) => mostFiles(question) + 1,
  fromJson: (question, value) => (Array.isArray(value) ? value.slice(0, mostFiles(question) + 1) : value),
  view: (question, context) => {
    const { name, values, errors, lang, strings } = context;
    const files = filesIn(question, values, name);
    const largest = sizeWords(mostBytesAnyKind(question));
    const limits = fill(text(words.limits, lang)!, { count: mostFiles(question), max: largest });
    return {
      component: "govukFileUpload",
      params: {
        id: name,
        name,
        label: heading(question, context).label,
        hint: hintOf(question, lang, `${fill(lang === "cy" ? "Rhaid iddi fod yn {kinds}." : "It must be {kinds}.", { kinds: acceptedWords(question, lang) })} ${limits}`),
        errorMessage: errorFor(errors, name),
        attributes: { accept: acceptedKinds(question).map((k) => pickerHint[k]).join(",") },
      },
      files: {
        name,
        list: files.map((f) => ({ id: f.id, name: f.name, kind: text(kindWords[f.kind], lang)!, size: sizeWords(f.size), field: fileField(f), removeValue: `remove-file:${name}:${f.id}` })),
        removeText: strings["question.remove"],
        uploadText: text(words.upload, lang)!,
        uploadValue: `upload:${name}`,
        canAdd: files.length < mostFiles(question),
      },
    };
  },
  answerText: (_question, value, lang) => (value as FileRecord[]).map((f) => `${f.name} (${text(kindWords[f.kind], lang)!.replace(/ \(.*\)$/, "")}, ${sizeWords(f.size)})`).join("\n"),
  payloadValue: (_question, value) => (value as FileRecord[]).map((f) => ({ id: f.id, name: f.name, kind: f.kind, type: f.type, size: f.size, sha256: f.sha256 })),
  sample: (question, name, form) => {
    const kind = acceptedKinds(question)[0];
    form[name] = [fileField({ id: "f-AAAAAAAAAAAAAAAAAAAAAA", name: `evidence.${kind === "document" ? "pdf" : kind === "video" ? "mp4" : kind === "audio" ? "mp3" : "jpg"}`, kind, type: kindTypes[kind][0], size: Math.min(1024 * 1024, mostBytes(question, kind)), sha256: "0".repeat(64) })];
  },
  examples: [
    {
      name: "a photo and a video, as the service put them on the page",
      question: { accept: ["photo", "video"] },
      form: { q: [`f-AAAAAAAAAAAAAAAAAAAAAA|${"a".repeat(64)}|2516582|photo|image/jpeg|damage.jpg`, `f-BBBBBBBBBBBBBBBBBBBBBB|${"b".repeat(64)}|104857600|video|video/mp4|dashcam | front.mp4`] },
      answer: [
        { id: "f-AAAAAAAAAAAAAAAAAAAAAA", sha256: "a".repeat(64), size: 2516582, kind: "photo", type: "image/jpeg", name: "damage.jpg" },
        { id: "f-BBBBBBBBBBBBBBBBBBBBBB", sha256: "b".repeat(64), size: 104857600, kind: "video", type: "video/mp4", name: "dashcam | front.mp4" },
      ],
      text: "damage.jpg (a photo, 2.4 MB)\ndashcam | front.mp4 (a video, 100 MB)",
    },
    { name: "no file added", question: { accept: ["video"] }, form: {}, breaks: "required" },
    { name: "a kind the question does not accept", question: { accept: ["photo"] }, form: { q: `f-AAAAAAAAAAAAAAAAAAAAAA|${"a".repeat(64)}|2048|video|video/mp4|clip.mp4` }, breaks: "format" },
    {
      name: "more files than the question takes",
      question: { accept: ["photo"], maxFiles: 1 },
      form: { q: [`f-AAAAAAAAAAAAAAAAAAAAAA|${"a".repeat(64)}|2048|photo|image/jpeg|a.jpg`, `f-BBBBBBBBBBBBBBBBBBBBBB|${"b".repeat(64)}|2048|photo|image/jpeg|b.jpg`] },
      breaks: "range",
    },
  ],
};
