import nodemailer from "nodemailer";
import type { Locales } from "../../lib/i18n/locales.ts";
import { translate } from "../../lib/i18n/locales.ts";
import { fill, SendFailure, type EmailMessage, type EmailSender } from "./message.ts";

export interface SmtpSettings {
  host: string;
  port: number;
  /** Both or neither. */
  user?: string;
  password?: string;
  /** The From address, like "Front Counter <no-reply@police.example>". */
  from: string;
  /**
   * true (the default): the connection must be upgraded with STARTTLS (or be TLS from the start on port 465) and
   * the server's certificate must verify, or nothing is sent. false only for a relay on the same machine.
   */
  requireTls: boolean;
  /** A CA certificate (PEM) the server's certificate is checked against, beside the system's: a private relay's. */
  ca?: string;
  timeoutMs: number;
}

/** The words of a message in its language, from content/locales: `email.<kind>.subject` and `.body`. */
export function wordsOf(message: EmailMessage, locales: Locales): { subject: string; body: string } {
  const strings = locales[message.lang];
  const personalisation = { ...message.personalisation };
  // An attachment's placeholder says where it is (Notify puts a link there instead).
  for (const file of message.attachments ?? []) personalisation.payload_file = translate(strings, "email.attached", { filename: file.filename });
  return { subject: fill(strings[`email.${message.kind}.subject`], personalisation), body: fill(strings[`email.${message.kind}.body`], personalisation) };
}

/**
 * SMTP replies: a 5xx to this message's own commands (its sender, a recipient, its content) means it will never be
 * taken. Anything else may pass: a 4xx, a lost connection, or the server's own set-up (no STARTTLS, sign-in
 * refused), which its operator can put right.
 */
function smtpError(error: unknown): SendFailure {
  const { responseCode, code, command, message } = error as { responseCode?: number; code?: string; command?: string; message: string };
  if (responseCode) return new SendFailure(`the mail server answered ${responseCode}: ${message}`, responseCode >= 500 && /^(MAIL|RCPT|DATA)/.test(command ?? ""));
  return new SendFailure(`the mail server could not be reached${code ? ` (${code})` : ""}: ${message}`, false);
}

/** SMTP through nodemailer: plain-text mail, worded from content/locales, with any attachment attached. */
export function smtpSender(settings: SmtpSettings, locales: Locales): EmailSender {
  const transport = nodemailer.createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.port === 465,
    requireTLS: settings.requireTls,
    ignoreTLS: !settings.requireTls,
    ...(settings.user ? { auth: { user: settings.user, pass: settings.password ?? "" } } : {}),
    tls: { rejectUnauthorized: true, minVersion: "TLSv1.2", ...(settings.ca ? { ca: [settings.ca] } : {}) },
    connectionTimeout: settings.timeoutMs,
    greetingTimeout: settings.timeoutMs,
    socketTimeout: settings.timeoutMs,
  });
  return {
    name: "smtp",
    async send(message: EmailMessage, id: string) {
      const { subject, body } = wordsOf(message, locales);
      try {
        await transport.sendMail({
          from: settings.from,
          to: message.to,
          subject,
          text: body,
          // The queue's id: a message sent twice (a lost reply, then a retry) can be recognised as one.
          messageId: `<${id}@front-counter>`,
          ...(message.reference ? { headers: { "X-Front-Counter-Reference": message.reference } } : {}),
          attachments: (message.attachments ?? []).map((file) => ({ filename: file.filename, contentType: file.contentType, content: file.content })),
        });
      } catch (error) {
        throw smtpError(error);
      }
    },
    async close() {
      transport.close();
    },
  };
}
