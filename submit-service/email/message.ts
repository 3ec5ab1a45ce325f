import type { Language } from "../../lib/i18n/language.ts";

/**
 * The email port: what the service sends, whichever way it is sent (GOV.UK Notify or SMTP). A message names its
 * kind and language; its words are not in it. The SMTP adapter words it from content/locales (`email.<kind>.*`),
 * Notify from the template chosen for that kind and language: both fill the same `((placeholders))` from
 * `personalisation`, so the locale text can be pasted into Notify's templates as it is.
 */
export const messageKinds = ["receipt", "force-report", "return-link", "return-reminder", "status-change"] as const;
/** receipt: to the person reporting. force-report: a report, to a force that takes reports by email. return-link: the link to come back to a saved report; return-reminder: that it will soon be deleted. status-change: a force gave the report a new status (track my report). */
export type MessageKind = (typeof messageKinds)[number];

export interface Attachment {
  filename: string;
  contentType: string;
  content: string;
}

export interface EmailMessage {
  kind: MessageKind;
  to: string;
  lang: Language;
  forceId: string;
  /** The report it is about (the Notify reference, for finding it in Notify's records); null when there is none yet. */
  reference: string | null;
  /** The values of the template's ((placeholders)), all text. */
  personalisation: Record<string, string>;
  /** Files sent with it (a force's copy of the report as JSON). Notify sends each as a link to download. */
  attachments?: Attachment[];
}

/**
 * Why a message was not sent. `permanent`: sending it again cannot work (the address or the message is refused),
 * so it is dead at once rather than retried.
 */
export class SendFailure extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = "SendFailure";
  }
}

/** An adapter: sends one message or rejects with a SendFailure. Resolves once the provider has taken it. */
export interface EmailSender {
  readonly name: "notify" | "smtp";
  send(message: EmailMessage, id: string): Promise<void>;
  close?(): Promise<void>;
}

/** `((name))` placeholders, as Notify writes them. */
const placeholder = /\(\(([a-z_]+)\)\)/g;

/** The placeholders a text uses, in order, once each. */
export function placeholdersOf(text: string): string[] {
  return [...new Set([...text.matchAll(placeholder)].map((m) => m[1]))];
}

/** Fills a text's placeholders; one without a value is a mistake in the caller, said plainly. */
export function fill(text: string, personalisation: Record<string, string>): string {
  return text.replace(placeholder, (_, name: string) => {
    if (!Object.hasOwn(personalisation, name)) throw new Error(`the email text uses ((${name})), which this message does not give`);
    return personalisation[name];
  });
}

/** A provider's words with any email address in them replaced: what is logged and kept of a failure names no one. */
export function withoutAddresses(words: string): string {
  return words.replace(/[^\s<>@"'(),;:]+@[^\s<>@"'(),;:]+/g, "[address]");
}
