import type { Context } from "hono";
import type { Force, Language } from "../../lib/forces/load.ts";
import { fillText } from "../../lib/render/environment.ts";
import { renderMarkdown } from "../../lib/render/markdown.ts";
import { priorityOf, summaryRows } from "../../lib/services/summary.ts";
import { text, type Answers, type ServiceDefinition } from "../../lib/services/types.ts";
import { stepUrl, textContext } from "../../lib/site/plan.ts";
import { answersOnPath, triage } from "../../lib/triage/triage.ts";
import type { AppDeps } from "../app.ts";
import { deliveryBuilder } from "../delivery/outbox.ts";
import { emailBuilder } from "../email/outbox.ts";
import { render, servicePage, urlFor, type Journey } from "./context.ts";
import type { DraftKeeper, DraftLookup } from "./drafts.ts";
import type { Draft } from "../store/store.ts";

/** A whole, checked report, from the form's draft or from the JSON API: both are stored by `submitReport`. */
export interface CheckedReport {
  force: Force;
  definition: ServiceDefinition;
  lang: Language;
  answers: Answers;
  path: string[];
  /** The form's draft: sending it twice gives one report. */
  draftId?: string;
  /** The API's Idempotency-Key: the same key twice gives one report. */
  idempotencyKey?: string;
  /** What the key was sent with: the same key with another report is refused. */
  requestFingerprint?: string;
}

/**
 * The one way a report is stored, with its delivery and emails, whichever way it came: acknowledged only once
 * committed. Only checking, triage and the durable write come before the acknowledgement; the delivery's payload is
 * built after it (delivery/payloads.ts).
 */
export async function submitReport(deps: AppDeps, report: CheckedReport): Promise<{ reference: string; created: boolean }> {
  const { force, definition, lang, answers, path } = report;
  let deliveryId: string | undefined;
  const result = await deps.store.submit({
    forceId: force.id,
    forceCode: force.code,
    serviceId: definition.id,
    category: definition.category,
    lang,
    answers,
    path,
    priority: priorityOf(definition, answers),
    submittedAt: deps.clock().toISOString(),
    draftId: report.draftId,
    idempotencyKey: report.idempotencyKey,
    requestFingerprint: report.requestFingerprint,
    // The files its answers name (only a draft's, kept by the service, can be), which become the report's.
    fileIds: definition.steps.flatMap((s) => s.questions).filter((q) => q.type === "file").flatMap((q) => (Array.isArray(answers[q.id]) ? (answers[q.id] as { id: string }[]).map((f) => f.id) : [])),
  }, deliveryBuilder(deps.site, (id) => (deliveryId = id)), emailBuilder(deps.email, force, definition, deps.site.locales, deps.logger));
  // Acknowledged once committed; its delivery payload is built from the stored report after that.
  if (result.created && deliveryId) deps.payloads?.soon({ id: deliveryId, reference: result.reference, forceId: force.id });
  deps.logger.info(result.created ? "report stored" : "report already stored", { force: force.id, service: definition.id, reference: result.reference });
  return result;
}

/**
 * A report saved to come back to, once sent: its link is deleted, and its draft (kept for the confirmation page)
 * no longer than an ordinary draft, rather than the days a saved one was kept.
 */
async function forgetSaved(deps: AppDeps, draft: Draft) {
  await deps.store.forgetReturnLinks(draft.id);
  const ordinary = new Date(deps.clock().getTime() + deps.config.draftHours * 3_600_000).toISOString();
  if (draft.expiresAt > ordinary) await deps.store.saveDraft({ ...draft, expiresAt: ordinary });
}

/** Check-answers (shown, then sent) and the confirmation, which shows the reference. */
export function submitPages(deps: AppDeps, drafts: DraftKeeper) {
  const { site } = deps;
  const timedOut = (c: Context, journey: Journey) => c.redirect(`${journey.start}timed-out/`, 303);

  async function checkAnswers(c: Context, journey: Journey, { draft }: DraftLookup) {
    if (!draft) return timedOut(c, journey);
    if (draft.reference) return c.redirect(`${journey.start}confirmation/`, 303);
    const { force, lang, definition, strings } = journey;
    const { destination, path } = triage(definition, draft.answers);
    if (!("checkAnswers" in destination)) return c.redirect(urlFor(journey, destination), 303);
    if (c.req.method === "POST") {
      await submitReport(deps, { force, definition, lang, answers: answersOnPath(definition, draft.answers, path), path, draftId: draft.id });
      await forgetSaved(deps, draft);
      return c.redirect(`${journey.start}confirmation/`, 303);
    }
    const rows = summaryRows(definition, draft.answers, path, lang, strings).map((row) => ({ ...row, changeUrl: `${stepUrl(force, lang, definition, row.stepId)}?change=yes` }));
    return render(c, site, servicePage(site, journey, "check-answers", {
      title: strings["service.checkAnswersTitle"],
      layout: "check-answers",
      summary: rows,
      // Only a service an answer can take here gets here, and the check makes each of those give its texts.
      declaration: text(definition.checkAnswers!.declaration, lang),
      backUrl: stepUrl(force, lang, definition, path[path.length - 1]),
    }));
  }

  /**
   * The reference, shown while the draft lasts. On a sensitive service it is shown once: the draft and its
   * cookie go as the page is sent, so the page revisited (Back, history, another person) shows no reference.
   */
  async function confirmation(c: Context, journey: Journey, { draft }: DraftLookup) {
    if (c.req.method !== "GET") return c.text("Method not allowed", 405);
    const { definition, force, lang, strings } = journey;
    if (!draft?.reference) {
      if (!definition.sensitive) return timedOut(c, journey);
      return render(c, site, servicePage(site, journey, "confirmation", {
        title: strings["safety.goneTitle"],
        layout: "page",
        bodyHtml: renderMarkdown(strings["safety.goneBody"]),
      }));
    }
    if (definition.sensitive) await drafts.forget(c, journey, draft);
    return render(c, site, servicePage(site, journey, "confirmation", {
      title: text(definition.confirmation!.title, lang),
      layout: "confirmation",
      reference: draft.reference,
      bodyHtml: renderMarkdown(fillText(text(definition.confirmation!.next, lang)!, textContext(force, lang))),
    }));
  }

  return { checkAnswers, confirmation };
}
