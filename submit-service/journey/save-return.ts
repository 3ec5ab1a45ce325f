import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { Context } from "hono";
import AjvCjs from "ajv";
import addFormatsCjs from "ajv-formats";
import { emailType } from "../../lib/answer-types/email.ts";
import { forceName } from "../../lib/forces/load.ts";
import type { Language } from "../../lib/i18n/language.ts";
import { translate } from "../../lib/i18n/locales.ts";
import { triage } from "../../lib/triage/triage.ts";
import type { AppDeps } from "../app.ts";
import { windowCounter } from "../http/rate-limit.ts";
import { clientAddress } from "../http/client-address.ts";
import type { NewEmail, ReturnLink } from "../store/store.ts";
import { render, servicePage, urlFor, type Journey } from "./context.ts";
import type { DraftKeeper, DraftLookup } from "./drafts.ts";
import { postedForm } from "./pages.ts";

const Ajv = AjvCjs.default;
const addFormats = addFormatsCjs.default;

/** An address is checked as the email answer type checks one: the same schema, so the two never disagree. */
const ajv = new Ajv();
addFormats(ajv);
const isEmail = ajv.compile(emailType.schema({ id: "email", type: "email" } as never, undefined as never));

/** Five wrong email addresses and a link stops working. */
export const mostWrongConfirmations = 5;
/** Links one report may ask for in an hour, and one client (an address, perhaps a whole office behind one). */
const linksPerHour = { draft: 5, client: 30 };

const days = new Map<Language, Intl.DateTimeFormat>();
/** A day as people say it, where the police are: "9 December 2026", "9 Rhagfyr 2026". */
function dayWords(iso: string, lang: Language): string {
  let format = days.get(lang);
  if (!format) days.set(lang, (format = new Intl.DateTimeFormat(lang === "cy" ? "cy" : "en-GB", { timeZone: "Europe/London", day: "numeric", month: "long", year: "numeric" })));
  return format.format(new Date(iso));
}

/** The token is never kept: only this hash of it, so a copy of the store opens no saved report. */
const hashOf = (token: string) => createHash("sha256").update(token).digest("hex");
/** Addresses compared as people type them: case and spaces around them aside. */
const normalised = (email: string) => email.trim().toLowerCase();

/** One counter per hour for a key (a client's address, a draft). */
function hourly(clock: () => Date, most: number) {
  const windows = new Map<string, { start: number; count: number }>();
  return (key: string): boolean => {
    const now = clock().getTime();
    let window = windows.get(key);
    if (!window || now - window.start >= 3_600_000) {
      if (windows.size > 100_000) windows.clear();
      windows.set(key, (window = { start: now, count: 0 }));
    }
    window.count++;
    return window.count <= most;
  };
}

/**
 * Save and come back later, on every service not marked sensitive, when the service sends email: the person
 * gives an address and is sent a one-time link (a random token, kept only as a hash, for RETURN_LINK_DAYS); the
 * draft is kept that long. To carry on they type the address again (a keyed hash of it is kept to compare);
 * five wrong tries and the link is deleted. A link is used once: following it gives this browser the draft's
 * cookie, and a new link can be asked for at any time, which ends the old one.
 */
export function saveReturnPages(deps: AppDeps, drafts: DraftKeeper) {
  const { site, store, clock, config } = deps;
  const addressOf = clientAddress(config);
  const linkDays = config.returnLinkDays ?? 7;
  const byClient = hourly(clock, linksPerHour.client);
  const byDraft = hourly(clock, linksPerHour.draft);
  const confirmations = windowCounter({ perMinute: 10, clock });
  const emailCheck = (email: string) => createHmac("sha256", config.cookieSecret).update(`return-link:${normalised(email)}`).digest("hex");
  const available = (journey: Journey) => Boolean(deps.email) && !journey.definition.sensitive;

  const page = (c: Context, journey: Journey, segment: string, title: string, extra: Record<string, unknown>, status: 200 | 404 | 429 = 200) =>
    render(c, site, servicePage(site, journey, segment, { title, layout: "save-return", ...extra }), status);

  /** The link's email: the words are in content/locales (`email.return-link`), the link only in the message. */
  function linkEmail(journey: Journey, to: string, token: string, expiresAt: string): NewEmail {
    return {
      id: randomBytes(16).toString("hex"),
      message: {
        kind: "return-link",
        to,
        lang: journey.lang,
        forceId: journey.force.id,
        reference: null,
        personalisation: { force: forceName(journey.force, journey.lang), link: `${deps.email!.publicOrigin}${journey.start}resume/?link=${token}`, expires: dayWords(expiresAt, journey.lang) },
      },
    };
  }

  /** "Save and come back later": the address asked for, the link sent, and what the person sees. */
  async function save(c: Context, journey: Journey, { draft }: DraftLookup) {
    if (!available(journey)) return c.notFound();
    const { strings } = journey;
    const title = strings["saveReturn.title"];
    if (!draft || draft.reference) return page(c, journey, "save", strings["saveReturn.nothingTitle"], { mode: "nothing" });
    const back = urlFor(journey, triage(journey.definition, draft.answers).destination);
    const intro = translate(strings, "saveReturn.intro", { days: linkDays });
    if (c.req.method === "GET") return page(c, journey, "save", title, { mode: "ask", intro, back });
    const form = await postedForm(c);
    const email = typeof form.email === "string" ? form.email.trim() : "";
    const error = !email ? strings["saveReturn.emailMissing"] : !isEmail(email) ? strings["saveReturn.emailInvalid"] : undefined;
    if (error) return page(c, journey, "save", title, { mode: "ask", intro, back, email, error });
    if (!byClient(addressOf(c)) || !byDraft(draft.id)) {
      c.header("Retry-After", "3600");
      return page(c, journey, "save", title, { mode: "ask", intro, back, email, error: strings["saveReturn.tooMany"] }, 429);
    }
    const token = randomBytes(32).toString("base64url");
    const now = clock();
    const expiresAt = new Date(now.getTime() + linkDays * 86_400_000).toISOString();
    const link: ReturnLink = {
      tokenHash: hashOf(token),
      draftId: draft.id,
      forceId: journey.force.id,
      serviceId: journey.definition.id,
      lang: journey.lang,
      email,
      emailCheck: emailCheck(email),
      failedAttempts: 0,
      createdAt: now.toISOString(),
      expiresAt,
      remindAt: new Date(Math.max(now.getTime(), new Date(expiresAt).getTime() - 86_400_000)).toISOString(),
      reminded: false,
    };
    // The link and its email are kept before the person is told it is sent; the email worker sends it.
    if (!(await store.saveReturnLink(link))) return page(c, journey, "save", strings["saveReturn.nothingTitle"], { mode: "nothing" });
    await store.queueEmail(linkEmail(journey, email, token, expiresAt), now.toISOString());
    deps.logger.info("report saved to come back to", { force: journey.force.id, service: journey.definition.id });
    return page(c, journey, "save", strings["saveReturn.sentTitle"], { mode: "sent", sent: translate(strings, "saveReturn.sentBody", { email, expires: dayWords(expiresAt, journey.lang) }), back });
  }

  /** Following the emailed link: the address typed again, then the report where it was left, in this browser. */
  async function resume(c: Context, journey: Journey) {
    if (!available(journey)) return c.notFound();
    const { strings } = journey;
    const token = c.req.query("link") ?? "";
    const invalid = () => page(c, journey, "resume", strings["saveReturn.invalidTitle"], { mode: "invalid", invalid: translate(strings, "saveReturn.invalidBody", { days: linkDays }) }, 404);
    // A token is 43 characters of base64url; anything else is not one, and is never looked up.
    if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return invalid();
    const tokenHash = hashOf(token);
    const link = await store.returnLink(tokenHash);
    const now = clock().toISOString();
    if (!link || link.expiresAt <= now || link.forceId !== journey.force.id || link.serviceId !== journey.definition.id) return invalid();
    const action = `${journey.start}resume/?link=${token}`;
    const title = strings["saveReturn.confirmTitle"];
    c.header("Referrer-Policy", "no-referrer");
    if (c.req.method === "GET") return page(c, journey, "resume", title, { mode: "confirm", action });
    const client = addressOf(c);
    if (confirmations.blockedFor(client) !== undefined) {
      c.header("Retry-After", "60");
      return c.text("Too many tries. Wait a minute, then try again.", 429);
    }
    confirmations.add(client);
    const form = await postedForm(c);
    const typed = typeof form.email === "string" ? form.email : "";
    const matches = typed.length <= 254 && timingSafeEqual(Buffer.from(emailCheck(typed), "hex"), Buffer.from(link.emailCheck, "hex"));
    if (!matches) {
      const failed = await store.failReturnConfirmation(tokenHash, mostWrongConfirmations);
      if (failed >= mostWrongConfirmations) return invalid();
      return page(c, journey, "resume", title, { mode: "confirm", action, email: typed, error: translate(strings, "saveReturn.confirmWrong", { left: mostWrongConfirmations - failed }) });
    }
    // Used once: of two presses at once, one carries on and the other is told the link no longer works.
    if (!(await store.takeReturnLink(tokenHash))) return invalid();
    const draft = await store.getDraft(link.draftId);
    if (!draft || draft.reference || draft.expiresAt <= now) return invalid();
    await drafts.adopt(c, journey, draft);
    deps.logger.info("saved report resumed", { force: journey.force.id, service: journey.definition.id });
    return c.redirect(urlFor(journey, triage(journey.definition, draft.answers).destination), 303);
  }

  return { save, resume };
}

/**
 * Reminders that a saved report will be deleted the next day, queued by the service's sweep with the email (in
 * the store's one transaction): the link itself is never kept, so the reminder points to the email that has it.
 */
export function remindSavedReports(deps: Pick<AppDeps, "store" | "site" | "clock">, limit = 100): Promise<number> {
  return deps.store.remindReturnLinks(
    deps.clock().toISOString(),
    (link) => {
      const force = deps.site.forces.get(link.forceId)!;
      return {
        id: randomBytes(16).toString("hex"),
        message: {
          kind: "return-reminder",
          to: link.email,
          lang: link.lang,
          forceId: link.forceId,
          reference: null,
          personalisation: { force: forceName(force, link.lang), expires: dayWords(link.expiresAt, link.lang), saved_on: dayWords(link.createdAt, link.lang) },
        },
      };
    },
    limit,
  );
}
