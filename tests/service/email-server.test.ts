/**
 * The service as an operator runs it (submit-service/server.ts in its own process), set up for SMTP by its
 * environment alone: a report sent to its API brings the person their receipt and the force's inbox its copy,
 * through a real mail server on loopback, over STARTTLS checked against the relay's own CA.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { validatePayload } from "../../lib/delivery/validate-payload.ts";
import valid from "../fixtures/api/report-crime.json" with { type: "json" };
import { waitUntil } from "../helpers/patience.ts";
import { ended, freePort, startServer, type ServerProcess } from "../helpers/server-process.ts";
import { MailServer, selfSignedCertificate } from "../helpers/smtp.ts";

const siteDir = inject("siteDir");
const dir = mkdtempSync(path.join(os.tmpdir(), "front-counter-email-server-"));
let mail: MailServer;
let server: ServerProcess;

beforeAll(async () => {
  const tls = await selfSignedCertificate();
  mail = new MailServer(tls);
  await mail.start();
  writeFileSync(path.join(dir, "relay-ca.pem"), tls.cert);
  writeFileSync(path.join(dir, "delivery.json"), JSON.stringify({ kent: { email: "reports@kent.example.police.uk" } }));
  server = await startServer(await freePort(), {
    SITE_DIR: siteDir,
    DATA_DIR: path.join(dir, "data"),
    DELIVERY_CONFIG: path.join(dir, "delivery.json"),
    EMAIL_PROVIDER: "smtp",
    SMTP_HOST: "127.0.0.1",
    SMTP_PORT: String(mail.port),
    SMTP_CA_FILE: path.join(dir, "relay-ca.pem"),
    EMAIL_FROM: "Kent Police <no-reply@kent.example.police.uk>",
    PUBLIC_ORIGIN: "https://www.kent.example.police.uk",
  });
});
afterAll(async () => {
  if (server) {
    server.child.kill("SIGTERM");
    await ended(server, 15_000);
  }
  await mail?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("the service run with EMAIL_PROVIDER=smtp", () => {
  it("emails the receipt and the force inbox's copy of a report sent to its API, and stops cleanly", async () => {
    const response = await fetch(`${server.url}/api/v1/forces/kent/reports`, { method: "POST", body: JSON.stringify(valid), headers: { "content-type": "application/json" } });
    expect(response.status).toBe(201);
    const { reference } = (await response.json()) as { reference: string };
    const receipt = await waitUntil("the receipt", async () => mail.to("sam@example.com")[0], { diagnosis: server.output });
    expect(receipt.subject).toBe(`Your report to Kent Police: reference ${reference}`);
    expect(receipt.text).toContain("https://www.kent.example.police.uk/kent/track/");
    expect(receipt.overTls).toBe(true);
    const inbox = await waitUntil("the force's copy", async () => mail.to("reports@kent.example.police.uk")[0], { diagnosis: server.output });
    expect(validatePayload(JSON.parse(inbox.attachments[0].content.toString("utf8")))).toEqual([]);
    server.child.kill("SIGTERM");
    expect(await ended(server, 15_000)).toBe(0);
    expect(server.output()).toContain('"message":"email sent"');
    expect(server.output()).not.toContain("sam@example.com");
  });
});
