import type { Context } from "hono";
import { translate } from "../../lib/i18n/locales.ts";
import type { AppDeps } from "../app.ts";
import { render, servicePage, type Journey } from "./context.ts";
import type { DraftKeeper, DraftLookup } from "./drafts.ts";
import { removeDraftPartials } from "../uploads/leftovers.ts";

/** Where "Exit this page" sends someone: govuk-frontend's own default, a site that gives nothing away. */
export const neutralSite = "https://www.bbc.co.uk/weather";

/** Leaving a report, and a report that is no longer there. */
export function leavingPages(deps: AppDeps, drafts: DraftKeeper) {
  const { site } = deps;

  /**
   * "Exit this page" and Escape: the draft (with its files, and any upload still on its way) is deleted on the server, its cookie expired, and the browser told to
   * clear what it kept of this site (Clear-Site-Data), before the person is sent to a neutral site.
   */
  async function exit(c: Context, journey: Journey, { draft }: DraftLookup) {
    // A file still on its way goes too: its partial bytes, not only the files the draft holds.
    if (draft && deps.uploads) await removeDraftPartials(deps.uploads.tempDir, draft.id);
    await drafts.forget(c, journey, draft);
    c.header("Clear-Site-Data", '"cache", "cookies", "storage"');
    c.header("Cache-Control", "no-store");
    c.header("Referrer-Policy", "no-referrer");
    return c.redirect(neutralSite, 303);
  }

  /** Said instead of silently starting again: the report timed out (or never reached us), and what to do now. */
  function timedOut(c: Context, journey: Journey) {
    const { strings } = journey;
    const seconds = drafts.lifetimeSeconds(journey);
    const duration = seconds % 3600 === 0 ? translate(strings, "safety.hours", { count: seconds / 3600 }) : translate(strings, "safety.minutes", { count: Math.round(seconds / 60) });
    return render(c, site, servicePage(site, journey, "timed-out", { title: strings["safety.timedOutTitle"], layout: "timed-out", duration }));
  }

  return { exit, timedOut };
}
