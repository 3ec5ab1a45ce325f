import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** A template as it would be set up in Notify: its subject and body, with ((placeholders)). */
export interface StandInTemplate {
  subject: string;
  body: string;
}

/** An email Notify accepted: what was posted, and the email as Notify would write it from the template. */
export interface NotifiedEmail {
  templateId: string;
  emailAddress: string;
  reference: string | undefined;
  personalisation: Record<string, unknown>;
  subject: string;
  body: string;
  /** The files sent (Notify's "send a file by email"), decoded. */
  files: { filename: string | null; content: Buffer; confirmEmailBeforeDownload: boolean | null }[];
}

const base64url = (text: string) => Buffer.from(text, "base64url").toString("utf8");

/**
 * GOV.UK Notify, stood in on loopback, because the real service cannot be reached from here. It holds a request
 * to Notify's documented contract (docs.notifications.service.gov.uk, "REST API"): POST /v2/notifications/email,
 * `Authorization: Bearer <JWT>` signed HS256 with the API key's secret, with claims `iss` (the service id) and
 * `iat` (within 30 seconds of now); a JSON body with email_address, template_id, personalisation and reference;
 * every ((placeholder)) of the template given. It answers as Notify does: 201 with the notification, or an error
 * `{ status_code, errors: [{ error, message }] }`. `answers` makes it answer a status (400, 500 …) instead.
 */
export class NotifyStandIn {
  accepted: NotifiedEmail[] = [];
  /** Every request, with the status it was answered. */
  requests: { path: string; status: number; error?: string }[] = [];
  /** Statuses to answer the next requests with, instead of taking them. */
  answers: number[] = [];
  url = "";
  private server?: Server;

  constructor(
    readonly serviceId: string,
    readonly secret: string,
    private readonly templates: Map<string, StandInTemplate>,
  ) {}

  /** An API key for this service, as Notify shows it. */
  get apiKey(): string {
    return `front_counter_test-${this.serviceId}-${this.secret}`;
  }

  private authError(header: string | undefined): string | undefined {
    const token = /^Bearer (\S+)$/.exec(header ?? "")?.[1];
    if (!token) return "Unauthorized: authentication token must be provided";
    const [head, claims, signature] = token.split(".");
    if (!signature) return "Invalid token: not a JWT";
    const expected = createHmac("sha256", this.secret).update(`${head}.${claims}`).digest();
    const given = Buffer.from(signature, "base64url");
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return "Invalid token: signature, api token not found";
    const header_ = JSON.parse(base64url(head)) as { alg?: string; typ?: string };
    if (header_.alg !== "HS256") return "Invalid token: algorithm must be HS256";
    const payload = JSON.parse(base64url(claims)) as { iss?: string; iat?: number };
    if (payload.iss !== this.serviceId) return "Invalid token: service not found";
    if (typeof payload.iat !== "number" || Math.abs(Date.now() / 1000 - payload.iat) > 30) return "Error: Your system clock must be accurate to within 30 seconds";
    return undefined;
  }

  async start(): Promise<void> {
    this.server = createServer(async (request, response) => {
      let raw = "";
      for await (const chunk of request) raw += chunk;
      const answer = (status: number, body: unknown, error?: string) => {
        this.requests.push({ path: request.url ?? "", status, error });
        response.writeHead(status, { "Content-Type": "application/json" }).end(JSON.stringify(body));
      };
      const refuse = (status: number, error: string, message: string) => answer(status, { status_code: status, errors: [{ error, message }] }, message);
      if (request.method !== "POST" || request.url !== "/v2/notifications/email") return refuse(404, "NotFound", "Not found");
      const authProblem = this.authError(request.headers.authorization);
      if (authProblem) return refuse(403, "AuthError", authProblem);
      const forced = this.answers.shift();
      if (forced === 400) return refuse(400, "BadRequestError", "Can't send to this recipient using a team-only API key");
      if (forced) return refuse(forced, "Exception", "Internal server error");
      let body: { email_address?: unknown; template_id?: unknown; personalisation?: unknown; reference?: unknown };
      try {
        body = JSON.parse(raw);
      } catch {
        return refuse(400, "ValidationError", "Invalid JSON supplied in POST data");
      }
      if (typeof body.email_address !== "string" || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(body.email_address)) return refuse(400, "ValidationError", "email_address Not a valid email address");
      const template = typeof body.template_id === "string" ? this.templates.get(body.template_id) : undefined;
      if (!template) return refuse(400, "BadRequestError", "Template not found");
      if (body.reference !== undefined && typeof body.reference !== "string") return refuse(400, "ValidationError", "reference is not a string");
      const personalisation = (body.personalisation ?? {}) as Record<string, unknown>;
      const missing = [...`${template.subject}\n${template.body}`.matchAll(/\(\(([a-z_]+)\)\)/g)].map((m) => m[1]).filter((name) => !(name in personalisation));
      if (missing.length) return refuse(400, "BadRequestError", `Missing personalisation: ${[...new Set(missing)].join(", ")}`);
      const files: NotifiedEmail["files"] = [];
      const value = (name: string) => {
        const given = personalisation[name] as string | { file: string; filename: string | null; confirm_email_before_download: boolean | null };
        if (typeof given === "string") return given;
        files.push({ filename: given.filename, content: Buffer.from(given.file, "base64"), confirmEmailBeforeDownload: given.confirm_email_before_download });
        return `https://documents.service.gov.uk/d/${randomUUID()}`;
      };
      const fillIn = (text: string) => text.replace(/\(\(([a-z_]+)\)\)/g, (_, name: string) => value(name));
      const email: NotifiedEmail = {
        templateId: body.template_id as string,
        emailAddress: body.email_address,
        reference: body.reference,
        personalisation,
        subject: fillIn(template.subject),
        body: fillIn(template.body),
        files,
      };
      this.accepted.push(email);
      const id = randomUUID();
      answer(201, {
        id,
        reference: email.reference ?? null,
        content: { subject: email.subject, body: email.body, from_email: "front.counter@notifications.service.gov.uk" },
        uri: `${this.url}/v2/notifications/${id}`,
        template: { id: email.templateId, version: 1, uri: `${this.url}/services/${this.serviceId}/templates/${email.templateId}` },
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop = () => new Promise<void>((resolve) => (this.server ? (this.server.closeAllConnections(), this.server.close(() => resolve())) : resolve()));
}
