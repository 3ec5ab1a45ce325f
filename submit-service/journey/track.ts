import { createHmac, timingSafeEqual } from "node:crypto";
import type { Context } from "hono";
import type { Force, Language } from "../../lib/forces/load.ts";
import { submittedText } from "../../lib/delivery/payload.ts";
import { translate } from "../../lib/i18n/locales.ts";
import { forceName } from "../../lib/forces/load.ts";
import { trackUrl } from "../../lib/site/plan.ts";
import type { AppDeps } from "../app.ts";
import { clientAddress } from "../http/client-address.ts";
import { windowCounter } from "../http/rate-limit.ts";
import { parseReference } from "../reference.ts";
import { mayEmailUpdates, reporterEmail, sameAddress, timeline } from "./track-status.ts";

/** Failed lookups of one reference before it is refused for the rest of the hour, whoever asks. */
export const referenceTries = 5;
const referenceWindowMinutes = 60;
/** Lookups one client may make a minute (any reference, found or not). */
const lookupsPerMinute = 10;
/** The most of a field that is read: longer is not a reference or an address. */
const fieldLength = { reference: 40, email: 320 };

/** A reference of this force's shape, for the form's hint and error. */
const exampleOf = (force: Force) => `${force.code}-7Q2M-4XZ9`;

type Errors = { reference?: string; email?: string };

/** How long the result page's "email me" button works after the lookup that showed it. */
const proofMinutes = 30;

/**
 * Track my report, without JavaScript: the person gives their reference and the email address they gave in the
 * report, and sees where it has got to (received, acknowledged, being looked at, closed with the force's words),
 * never the answers. A reference that is not this force's, not there at all, or given with another address all
 * get the same answer. Lookups are limited per client (a minute) and per reference (failed ones, an hour), so
 * neither a reference nor an address can be guessed by trying.
 */
export function trackPages(deps: AppDeps) {
  const { clock, site } = deps;
  const client = clientAddress(deps.config);
  const lookups = windowCounter({ perMinute: deps.config.trackLookupsPerMinute ?? lookupsPerMinute, clock });
  const misses = windowCounter({ perMinute: referenceTries, clock, windowSeconds: referenceWindowMinutes * 60 });

  /**
   * What the result page's button carries instead of the address: proof, signed with the cookie secret, that this
   * reference was just looked up with the right address, until a time. The address is never put in the page.
   */
  const sign = (reference: string, until: string) => createHmac("sha256", deps.config.cookieSecret).update(`track\n${reference}\n${until}`).digest("base64url");
  const proven = (reference: string, until: unknown, proof: unknown) => {
    if (typeof until !== "string" || typeof proof !== "string" || !/^\d{1,15}$/.test(until) || Number(until) < clock().getTime()) return false;
    const expected = Buffer.from(sign(reference, until));
    const given = Buffer.from(proof);
    return given.length === expected.length && timingSafeEqual(given, expected);
  };

  const page = (c: Context, force: Force, lang: Language, track: Record<string, unknown>, status: 200 | 404 | 422 | 429 = 200) => {
    const strings = site.locales[lang];
    const result = track.result as { reference: string } | undefined;
    const view = {
      ...site.frame(force, lang),
      url: trackUrl(force, lang),
      title: strings[result ? "track.resultTitle" : "track.title"],
      description: strings["track.intro"],
      layout: "track",
      bodyHtml: "",
      alternates: force.languages.length > 1 ? force.languages.map((l) => ({ lang: l, url: trackUrl(force, l), current: l === lang })) : [],
      track: { example: exampleOf(force), reference: "", email: "", errors: [], fieldErrors: {}, ...track },
    };
    c.header("Cache-Control", "no-store");
    return c.html(site.env.render("layouts/track.njk", { view }), status);
  };
  const withErrors = (c: Context, force: Force, lang: Language, given: { reference: string; email: string }, errors: Errors, status: 404 | 422 | 429) =>
    page(c, force, lang, {
      ...given,
      fieldErrors: errors,
      errors: Object.entries(errors).map(([field, text]) => ({ text, href: `#${field}` })),
    }, status);

  return {
    /** The form, its reference filled in from ?reference= (the link in the receipt). */
    show(c: Context, force: Force, lang: Language) {
      const asked = c.req.query("reference");
      return page(c, force, lang, { reference: (asked && asked.length <= fieldLength.reference && parseReference(asked)) || "" });
    },

    async lookUp(c: Context, force: Force, lang: Language) {
      const strings = site.locales[lang];
      const form = await c.req.parseBody();
      const field = (name: keyof typeof fieldLength) => (typeof form[name] === "string" ? (form[name] as string).trim().slice(0, fieldLength[name]) : "");
      const given = { reference: field("reference"), email: field("email") };
      const who = client(c);
      if (lookups.blockedFor(who) !== undefined) {
        c.header("Retry-After", String(lookups.blockedFor(who)));
        return withErrors(c, force, lang, given, { reference: strings["track.tooManyForYou"] }, 429);
      }
      lookups.add(who);
      const reference = parseReference(given.reference);
      // The result page's button: the same report again, by its proof rather than the address.
      const byProof = reference !== undefined && form.proof !== undefined;
      const errors: Errors = {};
      if (!given.reference) errors.reference = strings["track.referenceMissing"];
      else if (!reference) errors.reference = translate(strings, "track.referenceFormat", { example: exampleOf(force) });
      if (!given.email && !byProof) errors.email = strings["track.emailMissing"];
      if (!reference || errors.email) return withErrors(c, force, lang, given, errors, 422);

      const wait = misses.blockedFor(reference);
      if (wait !== undefined) {
        c.header("Retry-After", String(wait));
        return withErrors(c, force, lang, given, { reference: translate(strings, "track.tooManyForReport", { minutes: Math.ceil(wait / 60) }) }, 429);
      }
      const report = await deps.store.getReport(reference);
      const definition = report && report.forceId === force.id ? site.services.get(force.id)?.get(report.serviceId) : undefined;
      // The address is compared whether or not there is a report, so the answer takes as long either way.
      const matches = byProof ? proven(reference, form.until, form.proof) : sameAddress(given.email, definition && report ? reporterEmail(definition, report) : undefined);
      if (!report || !definition || !matches) {
        misses.add(reference);
        return withErrors(c, force, lang, { reference: given.reference, email: "" }, { reference: strings["track.notFound"] }, 404);
      }

      const offered = mayEmailUpdates(definition);
      if (offered && (form.emails === "on" || form.emails === "off")) await deps.store.setStatusEmails(reference, form.emails === "on", clock().toISOString());
      const name = forceName(force, lang);
      const statuses = timeline(report, await deps.store.statusEvents(reference)).map((entry) => ({
        ...entry,
        label: translate(strings, `track.status.${entry.status}`, { force: name }),
        when: submittedText(entry.at, lang),
      }));
      const emails = offered ? ((await deps.store.wantsStatusEmails(reference)) ? "on" : form.emails === "off" ? "off" : "ask") : undefined;
      const until = String(clock().getTime() + proofMinutes * 60_000);
      return page(c, force, lang, { result: { reference, current: statuses.at(-1)!.label, statuses, emails, until, proof: sign(reference, until) } });
    },
  };
}
