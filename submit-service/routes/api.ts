import { Hono, type Context } from "hono";
import type { Language } from "../../lib/forces/load.ts";
import type { FieldError } from "../../lib/services/errors.ts";
import type { Answers, ServiceDefinition } from "../../lib/services/types.ts";
import { checkStep } from "../../lib/services/validators.ts";
import { emergencyRoute, routeFrom, visibleQuestions } from "../../lib/triage/triage.ts";
import type { AppDeps } from "../app.ts";
import { submitReport } from "../journey/submit.ts";
import { londonDate } from "../london-date.ts";

/** RFC 9457 problem details: what is wrong, and with which fields. */
export function problem(c: Context, status: 400 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 503, title: string, extra: Record<string, unknown> = {}) {
  return c.body(JSON.stringify({ type: "about:blank", title, status, ...extra }), status, { "Content-Type": "application/problem+json", "Cache-Control": "no-store" });
}

type Verdict = { ok: true; answers: Answers; path: string[] } | { ok: false; errors: { field: string; message: string }[]; outcome?: string };

/**
 * Checks a whole report given at once, the way the form checks it page by page: follow the triage from the
 * first step, validating each step with its derived schema; refuse answers the path never asks for.
 */
function checkReport(deps: AppDeps, definition: ServiceDefinition, given: Answers, lang: Language): Verdict {
  const strings = deps.site.locales[lang];
  const today = londonDate(deps.clock());
  const answers: Answers = {};
  const path: string[] = [];
  let step = definition.steps[0];
  for (;;) {
    const stepAnswers: Answers = {};
    for (const question of visibleQuestions(step, { ...answers, ...given })) stepAnswers[question.id] = question.id in given ? given[question.id] : null;
    // As in the form: an answer that means danger leads to its outcome whatever else is missing.
    const emergency = emergencyRoute(step, { ...answers, ...stepAnswers }, (id) => deps.site.emergencyOutcomes.has(id));
    if (emergency) return { ok: false, errors: [], outcome: emergency.outcome };
    const errors: FieldError[] = checkStep(deps.site.validators.get(definition.id)!.get(step.id)!, step, answers, stepAnswers, today, strings, lang);
    if (errors.length) return { ok: false, errors: errors.map((e) => ({ field: e.field, message: e.text })) };
    Object.assign(answers, stepAnswers);
    path.push(step.id);
    const next = routeFrom(definition, step.id, answers);
    if ("outcome" in next) return { ok: false, errors: [], outcome: next.outcome };
    if ("checkAnswers" in next) break;
    step = definition.steps.find((s) => s.id === next.step)!;
  }
  const unasked = Object.keys(given).filter((id) => !(id in answers));
  if (unasked.length) return { ok: false, errors: unasked.map((field) => ({ field, message: "is not asked on the path these answers take" })) };
  return { ok: true, answers, path };
}

/** The JSON API for other clients (an app, a contact-centre tool). */
export function apiRoutes(deps: AppDeps): Hono {
  const app = new Hono();

  app.post("/forces/:force/reports", async (c) => {
    const force = deps.site.forces.get(c.req.param("force"));
    if (!force) return problem(c, 404, "No such force", { detail: `There is no force "${c.req.param("force")}".` });
    if (!/^application\/json\b/i.test(c.req.header("content-type") ?? "")) {
      return problem(c, 415, "Send JSON", { detail: "Reports must be sent as application/json." });
    }
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return problem(c, 400, "The body is not valid JSON");
    }
    const { service, answers, lang = "en" } = (body ?? {}) as { service?: unknown; answers?: unknown; lang?: unknown };
    const shape: { field: string; message: string }[] = [];
    if (typeof service !== "string") shape.push({ field: "service", message: "is required: the id of one of this force's services" });
    if (!answers || typeof answers !== "object" || Array.isArray(answers)) shape.push({ field: "answers", message: "is required: an object of answers by question id" });
    if (lang !== "en" && lang !== "cy") shape.push({ field: "lang", message: 'must be "en" or "cy"' });
    if (shape.length) return problem(c, 422, "The report is not valid", { errors: shape });
    const definition = deps.site.services.get(force.id)?.get(service as string);
    if (!definition) return problem(c, 422, "The report is not valid", { errors: [{ field: "service", message: `"${service}" is not a service ${force.name} offers` }] });

    const key = c.req.header("idempotency-key");
    if (key !== undefined && !/^[\x21-\x7e]{1,200}$/.test(key)) {
      return problem(c, 422, "The Idempotency-Key header is not valid", { detail: "Use 1 to 200 printable ASCII characters." });
    }
    const verdict = checkReport(deps, definition, answers as Answers, lang as Language);
    if (!verdict.ok) {
      if (verdict.outcome) {
        return problem(c, 422, "This is not a report for this service", { detail: `These answers lead to the "${verdict.outcome}" outcome: the police do not take this report here.`, outcome: verdict.outcome });
      }
      return problem(c, 422, "The report is not valid", { errors: verdict.errors });
    }
    const { reference, created } = await submitReport(deps, { force, definition, lang: lang as Language, answers: verdict.answers, path: verdict.path, idempotencyKey: key });
    if (!created) c.header("Idempotent-Replayed", "true");
    c.header("Cache-Control", "no-store");
    return c.json({ reference }, 201);
  });

  return app;
}
