import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

/** One message as a recipient's mail program would show it. */
export interface CapturedMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  attachments: { filename: string; contentType: string; content: Buffer }[];
  messageId: string;
  /** Whether it came over TLS (upgraded with STARTTLS). */
  overTls: boolean;
}

/** A throwaway self-signed certificate for 127.0.0.1 and localhost, made by openssl for one test run. */
export async function selfSignedCertificate(): Promise<{ key: string; cert: string }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "front-counter-smtp-cert-"));
  try {
    await promisify(execFile)("openssl", [
      "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
      "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
      "-keyout", path.join(dir, "key.pem"), "-out", path.join(dir, "cert.pem"),
    ]);
    return { key: readFileSync(path.join(dir, "key.pem"), "utf8"), cert: readFileSync(path.join(dir, "cert.pem"), "utf8") };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A real SMTP server (smtp-server, as a mail relay would be) on loopback, capturing every message it takes.
 * Given a certificate it offers STARTTLS; without one it offers none. `stop()` then `start()` again brings it
 * back on the same port: the mail server down, then back.
 */
export class MailServer {
  mails: CapturedMail[] = [];
  /** Recipients this server refuses for good (550), as a relay refuses an address that does not exist. */
  refused = new Set<string>();
  port = 0;
  private server?: SMTPServer;

  constructor(private readonly tls?: { key: string; cert: string }) {}

  async start(): Promise<void> {
    this.server = new SMTPServer({
      ...(this.tls ? { key: this.tls.key, cert: this.tls.cert } : { disabledCommands: ["STARTTLS"] }),
      authOptional: true,
      logger: false,
      onRcptTo: (address, _session, callback) => {
        if (!this.refused.has(address.address)) return callback();
        callback(Object.assign(new Error(`5.1.1 <${address.address}>: Recipient address rejected: User unknown`), { responseCode: 550 }));
      },
      onData: (stream, session, callback) => {
        simpleParser(stream).then(
          (mail) => {
            this.mails.push({
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
              to: session.envelope.rcptTo.map((r) => r.address),
              subject: mail.subject ?? "",
              text: mail.text ?? "",
              attachments: mail.attachments.map((a) => ({ filename: a.filename ?? "", contentType: a.contentType, content: a.content })),
              messageId: mail.messageId ?? "",
              overTls: session.secure,
            });
            callback();
          },
          (error: Error) => callback(error),
        );
      },
    });
    const server = this.server;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.port, "127.0.0.1", () => resolve());
    });
    this.port = ((server as unknown as { server: { address(): AddressInfo } }).server.address()).port;
  }

  /** The mails sent to one address. */
  to = (address: string) => this.mails.filter((m) => m.to.includes(address));

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
