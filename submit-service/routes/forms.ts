import { Hono, type Context, type Next } from "hono";
import type { AppDeps } from "../app.ts";
import { journeyOf, stepOf, type Journey } from "../journey/context.ts";
import { draftKeeper, type DraftLookup } from "../journey/drafts.ts";
import { leavingPages } from "../journey/exit.ts";
import { stepPages } from "../journey/pages.ts";
import { saveReturnPages } from "../journey/save-return.ts";
import { submitPages } from "../journey/submit.ts";

type Page = (c: Context, journey: Journey, found: DraftLookup) => Response | Promise<Response>;

/**
 * The journey without JavaScript: a step is posted to its own URL, checked with its derived schema, kept in a
 * server-side draft, and answered with 303 to wherever the triage leads. Only requests for a report in
 * progress come here; everything else is the static site. Each page of the journey is a named handler in
 * submit-service/journey/; this file only says which answers which address.
 */
export function formRoutes(deps: AppDeps): Hono {
  const app = new Hono();
  const drafts = draftKeeper(deps);
  const steps = stepPages(deps, drafts);
  const submit = submitPages(deps, drafts);
  const leaving = leavingPages(deps, drafts);
  const saving = saveReturnPages(deps, drafts);

  /** The service's own pages after its steps, by their last segment. */
  const pages: Record<string, Partial<Record<"GET" | "POST", Page>>> = {
    "check-answers": { GET: submit.checkAnswers, POST: submit.checkAnswers },
    confirmation: { GET: submit.confirmation, POST: submit.confirmation },
    exit: { GET: leaving.exit, POST: leaving.exit },
    "timed-out": { GET: (c, journey) => leaving.timedOut(c, journey) },
    save: { GET: saving.save, POST: saving.save },
    resume: { GET: (c, journey) => saving.resume(c, journey), POST: (c, journey) => saving.resume(c, journey) },
  };

  app.on(["GET", "POST"], "*", async (c: Context, next: Next) => {
    const journey = journeyOf(deps.site, c.req.path);
    if (!journey) return next();
    const method = c.req.method as "GET" | "POST";
    const own = journey.segment !== undefined && Object.hasOwn(pages, journey.segment) ? pages[journey.segment] : undefined;
    if (own) {
      const page = own[method];
      return page ? page(c, journey, await drafts.load(c, journey)) : c.text("Method not allowed", 405);
    }
    const step = stepOf(journey);
    if (!step) return next();
    const found = await drafts.load(c, journey);
    return method === "GET" ? steps.show(c, next, journey, step, found) : steps.answer(c, journey, step, found);
  });

  return app;
}
