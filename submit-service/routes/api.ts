import { Hono } from "hono";
import type { Language } from "../../lib/forces/load.ts";
import type { FieldError } from "../../lib/services/errors.ts";
import type { Answers, ServiceDefinition } from "../../lib/services/types.ts";
import { stepAnswersFromJson } from "../../lib/services/form.ts";
import { checkStep } from "../../lib/services/validators.ts";
import { emergencyRoute, routeFrom } from "../../lib/triage/triage.ts";
import type { AppDeps } from "../app.ts";
import { isIdempotencyKey, requestFingerprint } from "../http/idempotency.ts";
import { isJsonContentType } from "../http/media-type.ts";
import { problem } from "../http/problem.ts";
import { submitReport } from "../journey/submit.ts";
import { londonDate, londonTime } from "../london-date.ts";
import { IdempotencyConflict } from "../store/store.ts";

type Verdict = { ok: true; answers: Answers; path: string[] } | { ok: false; errors: { field: string; message: string }[]; outcome?: string };

/**
 * Checks a whole report given at once, the way the form checks it page by page: follow the triage from the
 * first step, validating each step with its derived schema; refuse answers the path never asks for.
 */
function checkReport(deps: AppDeps, definition: ServiceDefinition, given: Record<string, unknown>, lang: Language): Verdict {
  const strings = deps.site.locales[lang];
  const today = londonDate(deps.clock());
  const now = londonTime(deps.clock());
  // Bounded by the definition before any other work: never more answers than the service has questions.
  const asked = definition.steps.reduce((sum, s) => sum + s.questions.length, 0);
  if (Object.keys(given).length > asked) return { ok: false, errors: [{ field: "answers", message: `has more answers than this service asks (${asked} questions)` }] };
  const answers: Answers = {};
  const path: string[] = [];
  let step = definition.steps[0];
  for (;;) {
    // Tidied as a form post is (trimmed, blank as unanswered) and cut to the definition's bounds.
    const stepAnswers = stepAnswersFromJson(step, given, answers);
    // As in the form: an answer that means danger leads to its outcome whatever else is missing.
    const emergency = emergencyRoute(step, { ...answers, ...stepAnswers }, (id) => deps.site.emergencyOutcomes.has(id));
    if (emergency) return { ok: false, errors: [], outcome: emergency.outcome };
    const errors: FieldError[] = checkStep(deps.site.validators.get(definition.id)!.get(step.id)!, step, answers, stepAnswers, today, strings, lang, now);
    if (errors.length) return { ok: false, errors: errors.map((e) => ({ field: e.field, message: e.text })) };
    Object.assign(answers, stepAnswers);
    path.push(step.id);
    const next = routeFrom(definition, step.id, answers);
    if ("outcome" in next) return { ok: false, errors: [], outcome: next.outcome };
    if ("checkAnswers" in next) break;
    step = definition.steps.find((s) => s.id === next.step)!;
  }
  // Files come only through the website, where each is checked and scanned before it is kept.
  const files = definition.steps.flatMap((s) => s.questions).filter((q) => q.type === "file" && answers[q.id] !== null && answers[q.id] !== undefined);
  if (files.length) return { ok: false, errors: files.map((q) => ({ field: q.id, message: "is a file: files can only be uploaded through the website, not this API" })) };
  const unasked = Object.keys(given).filter((id) => !Object.hasOwn(answers, id));
  if (unasked.length) return { ok: false, errors: unasked.map((field) => ({ field, message: "is not asked on the path these answers take" })) };
  return { ok: true, answers, path };
}

/** The JSON API for other clients (an app, a contact-centre tool). */
export function apiRoutes(deps: AppDeps): Hono {
  const app = new Hono();

  app.post("/forces/:force/reports", async (c) => {
    const force = deps.site.forces.get(c.req.param("force"));
    if (!force) return problem(c, 404, "No such force", { detail: `There is no force "${c.req.param("force")}".` });
    if (!isJsonContentType(c.req.header("content-type"))) {
      return problem(c, 415, "Send JSON", { detail: "Reports must be sent with Content-Type: application/json (charset=utf-8 may follow)." });
    }
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return problem(c, 400, "The body is not valid JSON");
    }
    const shape: { field: string; message: string }[] = [];
    if (!body || typeof body !== "object" || Array.isArray(body)) return problem(c, 422, "The report is not valid", { errors: [{ field: "", message: "must be an object with service, answers and lang" }] });
    for (const field of Object.keys(body)) if (!["service", "answers", "lang"].includes(field)) shape.push({ field, message: "is not a field of a report (service, answers and lang are)" });
    const { service, answers, lang = "en" } = body as { service?: unknown; answers?: unknown; lang?: unknown };
    if (typeof service !== "string") shape.push({ field: "service", message: "is required: the id of one of this force's services" });
    if (!answers || typeof answers !== "object" || Array.isArray(answers)) shape.push({ field: "answers", message: "is required: an object of answers by question id" });
    if (!force.languages.includes(lang as Language)) shape.push({ field: "lang", message: `must be a language ${force.name} publishes: ${force.languages.map((l) => `"${l}"`).join(" or ")}` });
    if (shape.length) return problem(c, 422, "The report is not valid", { errors: shape });
    const definition = deps.site.services.get(force.id)?.get(service as string);
    if (!definition) return problem(c, 422, "The report is not valid", { errors: [{ field: "service", message: `"${service}" is not a service ${force.name} offers` }] });

    const key = c.req.header("idempotency-key");
    if (key !== undefined && !isIdempotencyKey(key)) {
      return problem(c, 422, "The Idempotency-Key header is not valid", { detail: "Use 1 to 200 printable ASCII characters." });
    }
    const verdict = checkReport(deps, definition, answers as Record<string, unknown>, lang as Language);
    if (!verdict.ok) {
      if (verdict.outcome) {
        return problem(c, 422, "This is not a report for this service", { detail: `These answers lead to the "${verdict.outcome}" outcome: the police do not take this report here.`, outcome: verdict.outcome });
      }
      return problem(c, 422, "The report is not valid", { errors: verdict.errors });
    }
    let stored: { reference: string; created: boolean };
    try {
      stored = await submitReport(deps, {
        force,
        definition,
        lang: lang as Language,
        answers: verdict.answers,
        path: verdict.path,
        idempotencyKey: key,
        requestFingerprint: key === undefined ? undefined : requestFingerprint({ service: definition.id, lang, answers: verdict.answers }),
      });
    } catch (error) {
      if (!(error instanceof IdempotencyConflict)) throw error;
      return problem(c, 422, "This Idempotency-Key was already used for a different report", {
        detail: "A report sent again with the same key must be the same report. Use a new key for a new report.",
        errors: [{ field: "Idempotency-Key", message: "was used before with a different body" }],
      });
    }
    const { reference, created } = stored;
    if (!created) c.header("Idempotent-Replayed", "true");
    c.header("Cache-Control", "no-store");
    return c.json({ reference }, 201);
  });

  return app;
}
