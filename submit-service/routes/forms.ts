import { randomBytes } from "node:crypto";
import { Hono, type Context } from "hono";
import { getSignedCookie, setSignedCookie } from "hono/cookie";
import type { Force, Language } from "../../lib/forces/load.ts";
import { formValues, groupItemCount, readStep, type FormValues } from "../../lib/services/form.ts";
import { priorityOf, summaryRows } from "../../lib/services/summary.ts";
import { text, type ServiceDefinition, type Step } from "../../lib/services/types.ts";
import { checkStep } from "../../lib/services/validators.ts";
import { stepView } from "../../lib/services/views.ts";
import { renderMarkdown } from "../../lib/render/markdown.ts";
import { serviceUrl, stepUrl, type ForceView } from "../../lib/site/plan.ts";
import { answersOnPath, routeFrom, triage, type Destination } from "../../lib/triage/triage.ts";
import type { AppDeps } from "../app.ts";
import { deliveryBuilder } from "../delivery/outbox.ts";
import type { Draft } from "../store/store.ts";
import { londonDate } from "../london-date.ts";
import { outcomeUrl } from "../../lib/triage/outcome.ts";

export const draftCookie = "fc_draft";

/** /<force>/report/<service>/, optionally /cy/ after the force, then a step, check-answers or confirmation. */
const reportPath = /^\/([a-z-]+)\/(?:(cy)\/)?report\/([a-z0-9-]+)\/(?:([a-z0-9-]+)\/)?$/;

interface Journey {
  force: Force;
  definition: ServiceDefinition;
  lang: Language;
  segment: string | undefined;
}

/**
 * The journey without JavaScript: a step is posted to its own URL, checked with its derived schema, kept in a
 * server-side draft, and answered with 303 to wherever the triage leads, or the same page with its errors.
 * Only requests for a report in progress come here; everything else is the static site.
 */
export function formRoutes(deps: AppDeps): Hono {
  const app = new Hono();
  const { site, store, clock, config } = deps;

  const urlFor = (journey: Journey, destination: Destination) => {
    const { force, lang, definition } = journey;
    if ("outcome" in destination) return outcomeUrl(serviceUrl(force, lang, definition.id), destination.outcome);
    if ("checkAnswers" in destination) return `${serviceUrl(force, lang, definition.id)}check-answers/`;
    return stepUrl(force, lang, definition, destination.step);
  };

  const cookiePaths = (journey: Journey) => journey.force.languages.map((l) => serviceUrl(journey.force, l, journey.definition.id));

  async function loadDraft(c: Context, journey: Journey): Promise<Draft | undefined> {
    const id = await getSignedCookie(c, config.cookieSecret, draftCookie);
    if (!id) return undefined;
    const draft = await store.getDraft(id);
    if (!draft || draft.forceId !== journey.force.id || draft.serviceId !== journey.definition.id) return undefined;
    if (draft.expiresAt <= clock().toISOString()) return undefined;
    return draft;
  }

  function render(c: Context, view: ForceView & Record<string, unknown>, status: 200 | 422 = 200) {
    c.header("Cache-Control", "no-store");
    return c.html(site.env.render(`layouts/${view.layout}.njk`, { view }), status);
  }

  function renderStep(c: Context, journey: Journey, step: Step, values: FormValues, errors: ReturnType<typeof checkStep>, draft: Draft | undefined, changing: boolean, status: 200 | 422 = 200) {
    const url = stepUrl(journey.force, journey.lang, journey.definition, step.id);
    const base = site.views.get(url)!;
    const isStart = journey.definition.steps[0].id === step.id;
    const view = stepView(journey.definition, step, journey.lang, site.locales[journey.lang], values, errors, isStart);
    const path = draft ? triage(journey.definition, draft.answers).path : [];
    const before = path.indexOf(step.id) > 0 ? path[path.indexOf(step.id) - 1] : path.length && !path.includes(step.id) ? path[path.length - 1] : undefined;
    const backUrl = changing ? urlFor(journey, { checkAnswers: true }) : before ? stepUrl(journey.force, journey.lang, journey.definition, before) : base.backUrl;
    return render(c, { ...base, step: view, backUrl, changing }, status);
  }

  function servicePage(journey: Journey, segment: string, extra: Record<string, unknown>): ForceView & Record<string, unknown> {
    const start = site.views.get(serviceUrl(journey.force, journey.lang, journey.definition.id))!;
    return {
      ...start,
      url: `${start.service!.url}${segment}/`,
      step: undefined,
      service: { ...start.service!, startHtml: undefined },
      alternates: start.alternates.map((a) => ({ ...a, url: `${a.url}${segment}/` })),
      ...extra,
    };
  }

  app.on(["GET", "POST"], "*", async (c, next) => {
    const match = reportPath.exec(c.req.path);
    if (!match) return next();
    const [, forceId, cy, serviceId, segment] = match;
    const force = site.forces.get(forceId);
    const definition = site.services.get(forceId)?.get(serviceId);
    const lang: Language = cy ? "cy" : "en";
    if (!force || !definition || !force.languages.includes(lang)) return next();
    const journey: Journey = { force, definition, lang, segment };
    const step = segment === undefined ? definition.steps[0] : definition.steps.find((s, i) => i > 0 && s.id === segment);
    const strings = site.locales[lang];
    const draft = await loadDraft(c, journey);
    const start = serviceUrl(force, lang, definition.id);

    if (segment === "check-answers") {
      if (!draft) return c.redirect(start, 303);
      if (draft.reference) return c.redirect(`${start}confirmation/`, 303);
      const { destination, path } = triage(definition, draft.answers);
      if (!("checkAnswers" in destination)) return c.redirect(urlFor(journey, destination), 303);
      if (c.req.method === "GET") {
        const rows = summaryRows(definition, draft.answers, path, lang, strings).map((row) => ({
          ...row,
          changeUrl: `${stepUrl(force, lang, definition, row.stepId)}?change=yes`,
        }));
        return render(c, servicePage(journey, "check-answers", {
          title: strings["service.checkAnswersTitle"],
          layout: "check-answers",
          summary: rows,
          declaration: text(definition.checkAnswers.declaration, lang),
          backUrl: stepUrl(force, lang, definition, path[path.length - 1]),
        }));
      }
      const answers = answersOnPath(definition, draft.answers, path);
      const { reference, created } = await store.submit({
        forceId: force.id,
        forceCode: force.code,
        serviceId: definition.id,
        category: definition.category,
        lang,
        answers,
        path,
        priority: priorityOf(definition, answers),
        submittedAt: clock().toISOString(),
        draftId: draft.id,
      }, deliveryBuilder(force, definition, site.locales));
      deps.logger.info(created ? "report stored" : "report already stored", { force: force.id, service: definition.id, reference });
      return c.redirect(`${start}confirmation/`, 303);
    }

    if (segment === "confirmation") {
      if (c.req.method !== "GET") return c.text("Method not allowed", 405);
      if (!draft?.reference) return c.redirect(start, 303);
      return render(c, servicePage(journey, "confirmation", {
        title: text(definition.confirmation.title, lang),
        layout: "confirmation",
        reference: draft.reference,
        bodyHtml: renderMarkdown(text(definition.confirmation.next, lang)!),
      }));
    }

    if (!step) return next();
    const changing = c.req.query("change") === "yes";

    if (c.req.method === "GET") {
      // A report in progress: the page comes back with its answers. Otherwise the static page is the same.
      if (!draft || draft.reference) return next();
      return renderStep(c, journey, step, formValues(step, draft.answers), [], draft, changing);
    }

    const body = (await c.req.parseBody({ all: true })) as Record<string, string | string[] | File>;
    const form: FormValues = {};
    for (const [name, value] of Object.entries(body)) {
      if (typeof value === "string" || (Array.isArray(value) && value.every((v) => typeof v === "string"))) form[name] = value as string | string[];
    }
    if (typeof form.website === "string" && form.website !== "") return c.text("This report could not be accepted.", 400);

    let current = draft && !draft.reference ? draft : undefined;
    if (!current) {
      // Only the first page starts a report; any other page without one goes back to the start.
      if (step !== definition.steps[0]) return c.redirect(start, 303);
    } else {
      const { path, destination } = triage(definition, current.answers);
      const reachable = path.includes(step.id) || ("step" in destination && destination.step === step.id);
      if (!reachable) return c.redirect(urlFor(journey, destination), 303);
    }

    const action = typeof form.action === "string" ? form.action : undefined;
    if (action) return renderStep(c, journey, step, groupAction(form, action), [], current, form.change === "yes");

    const earlier = { ...(current?.answers ?? {}) };
    for (const question of step.questions) delete earlier[question.id];
    const stepAnswers = readStep(step, form, earlier);
    const validate = site.validators.get(definition.id)!.get(step.id)!;
    const errors = checkStep(validate, step, earlier, stepAnswers, londonDate(clock()), strings, lang);
    if (errors.length) return renderStep(c, journey, step, form, errors, current, form.change === "yes", 422);

    const now = clock();
    const answers = { ...earlier, ...stepAnswers };
    const saved: Draft = {
      id: current?.id ?? randomBytes(18).toString("base64url"),
      forceId: force.id,
      serviceId: definition.id,
      lang,
      answers,
      createdAt: current?.createdAt ?? now.toISOString(),
      updatedAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + config.draftHours * 3_600_000).toISOString(),
      reference: null,
    };
    await store.saveDraft(saved);
    if (!current) {
      const secure = new URL(c.req.url).protocol === "https:" || (config.trustProxy && c.req.header("x-forwarded-proto") === "https");
      for (const path of cookiePaths(journey)) {
        await setSignedCookie(c, draftCookie, saved.id, config.cookieSecret, { path, httpOnly: true, sameSite: "Lax", secure, maxAge: config.draftHours * 3600 });
      }
    }
    const following = routeFrom(definition, step.id, answers);
    // After a change, or at the end, go wherever the whole report now leads: check-answers, or a page the change made necessary.
    const destination = "outcome" in following ? following : form.change === "yes" || "checkAnswers" in following ? triage(definition, answers).destination : following;
    c.header("Cache-Control", "no-store");
    return c.redirect(urlFor(journey, destination), 303);
  });

  return app;
}

/** "Add another" and "Remove" on a group: the same page again with one more, or one fewer, item. */
function groupAction(form: FormValues, action: string): FormValues {
  const [verb, name, index] = action.split(":");
  const values: FormValues = { ...form };
  delete values.action;
  const itemCount = groupItemCount(values, name);
  if (verb === "add") {
    values[`${name}-${itemCount}-`] = "";
    return values;
  }
  if (verb === "remove") {
    const removed = Number(index);
    const shifted: FormValues = {};
    for (const [key, value] of Object.entries(values)) {
      const match = new RegExp(`^${name}-(\\d+)-(.*)$`).exec(key);
      if (!match) shifted[key] = value;
      else if (Number(match[1]) < removed) shifted[key] = value;
      else if (Number(match[1]) > removed) shifted[`${name}-${Number(match[1]) - 1}-${match[2]}`] = value;
    }
    return shifted;
  }
  return values;
}
