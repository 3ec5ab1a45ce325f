import { randomBytes } from "node:crypto";
import type { Context } from "hono";
import { getSignedCookie, setCookie, setSignedCookie } from "hono/cookie";
import { serviceUrl } from "../../lib/site/plan.ts";
import type { Answers } from "../../lib/services/types.ts";
import type { AppDeps } from "../app.ts";
import type { Draft, PendingPage } from "../store/store.ts";
import type { Journey } from "./context.ts";

export const draftCookie = "fc_draft";

/** What a request found of its report: the draft, or why there is none ("none": never started here; "gone": timed out or deleted). */
export type DraftLookup = { draft: Draft } | { draft: undefined; why: "none" | "gone" };

/**
 * The draft behind the signed cookie: load, save, forget. A sensitive service's draft lives only
 * `sensitiveDraftMinutes` (30) after its last page, so a shared device forgets it soon; others `draftHours`.
 */
export function draftKeeper({ store, clock, config }: AppDeps) {
  const lifetimeSeconds = (journey: Journey) => (journey.definition.sensitive ? (config.sensitiveDraftMinutes ?? 30) * 60 : config.draftHours * 3600);
  // The cookie is set for the service's folder in each of the force's languages, so switching language keeps the report.
  const cookiePaths = (journey: Journey) => journey.force.languages.map((l) => serviceUrl(journey.force, l, journey.definition.id));
  const secure = (c: Context) => new URL(c.req.url).protocol === "https:" || (config.trustProxy && c.req.header("x-forwarded-proto") === "https");

  async function load(c: Context, journey: Journey): Promise<DraftLookup> {
    const id = await getSignedCookie(c, config.cookieSecret, draftCookie);
    if (!id) return { draft: undefined, why: "none" };
    const draft = await store.getDraft(id);
    if (!draft || draft.forceId !== journey.force.id || draft.serviceId !== journey.definition.id || draft.expiresAt <= clock().toISOString()) {
      return { draft: undefined, why: "gone" };
    }
    return { draft };
  }

  /** Saves a page's answers (and any page kept with its mistakes); a new draft gets its cookie. Each save restarts the clock. */
  async function save(c: Context, journey: Journey, current: Draft | undefined, answers: Answers, pending: PendingPage | null): Promise<Draft> {
    const now = clock();
    const lifetime = lifetimeSeconds(journey);
    const saved: Draft = {
      id: current?.id ?? randomBytes(18).toString("base64url"),
      forceId: journey.force.id,
      serviceId: journey.definition.id,
      lang: journey.lang,
      answers,
      createdAt: current?.createdAt ?? now.toISOString(),
      updatedAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + lifetime * 1000).toISOString(),
      reference: null,
      pending,
    };
    await store.saveDraft(saved);
    // A sensitive draft's cookie is renewed with each page, so it lapses with the draft; others last as long as theirs.
    if (!current || journey.definition.sensitive) {
      for (const path of cookiePaths(journey)) {
        await setSignedCookie(c, draftCookie, saved.id, config.cookieSecret, { path, httpOnly: true, sameSite: "Lax", secure: secure(c), maxAge: lifetime });
      }
    }
    return saved;
  }

  /** Gives this browser a draft it did not start (one saved to come back to): its cookie, for the draft's lifetime. */
  async function adopt(c: Context, journey: Journey, draft: Draft) {
    const maxAge = Math.max(1, Math.floor((new Date(draft.expiresAt).getTime() - clock().getTime()) / 1000));
    for (const path of cookiePaths(journey)) {
      await setSignedCookie(c, draftCookie, draft.id, config.cookieSecret, { path, httpOnly: true, sameSite: "Lax", secure: secure(c), maxAge });
    }
  }

  /** Deletes the draft now and expires its cookie in every language's folder. */
  async function forget(c: Context, journey: Journey, draft: Draft | undefined) {
    if (draft) await store.deleteDraft(draft.id);
    expireCookie(c, journey);
  }

  function expireCookie(c: Context, journey: Journey) {
    for (const path of cookiePaths(journey)) setCookie(c, draftCookie, "", { path, httpOnly: true, sameSite: "Lax", secure: secure(c), maxAge: 0, expires: new Date(0) });
  }

  return { load, save, adopt, forget, expireCookie, lifetimeSeconds };
}

export type DraftKeeper = ReturnType<typeof draftKeeper>;
