import type { Context, Next } from "hono";
import { formValues, formWithinBounds, readStep, type FormValues } from "../../lib/services/form.ts";
import type { Answers, Step } from "../../lib/services/types.ts";
import { checkStep } from "../../lib/services/validators.ts";
import { stepView } from "../../lib/services/views.ts";
import { stepUrl } from "../../lib/site/plan.ts";
import { emergencyRoute, routeFrom, triage, type TriageResult } from "../../lib/triage/triage.ts";
import type { AppDeps } from "../app.ts";
import { londonDate, londonTime } from "../london-date.ts";
import type { Draft, PendingPage } from "../store/store.ts";
import { render, urlFor, type Journey } from "./context.ts";
import type { DraftKeeper, DraftLookup } from "./drafts.ts";
import { applyGroupAction, findGroupAction } from "./group-actions.ts";
import { draftFiles, fileQuestionsOf, uploadReceiver, uploadMessage, uploadRequestBytes, UploadsUnavailable, withDraftFiles, type UploadOutcome } from "./uploads.ts";
import { isMultipartContentType } from "../http/media-type.ts";
import { BodyTooLarge, MultipartRefused } from "../uploads/multipart.ts";
import { sizeWords } from "../../lib/answer-types/file.checks.ts";

/** Fields of the form that are not answers: the honeypot, the "changing from check-answers" flag and a group button. */
const controlFields = ["website", "change", "action"];

/** The text fields of a posted form (files and anything else are not answers). */
export async function postedForm(c: Context): Promise<FormValues> {
  const body = (await c.req.parseBody({ all: true })) as Record<string, string | string[] | File>;
  const form: FormValues = {};
  for (const [name, value] of Object.entries(body)) {
    if (typeof value === "string" || (Array.isArray(value) && value.every((v) => typeof v === "string"))) form[name] = value as string | string[];
  }
  return form;
}

const withoutControls = (form: FormValues): FormValues => Object.fromEntries(Object.entries(form).filter(([name]) => !controlFields.includes(name)));

/**
 * The steps of a report: each page shown (static without a report in progress, filled in with one) and each
 * page sent. A page sent with mistakes, or an "Add another" or "Remove" press, is kept on the draft and shown
 * by a redirect to the page (Post/Redirect/Get), so Back never asks to send a form again.
 */
export function stepPages(deps: AppDeps, drafts: DraftKeeper) {
  const { site, clock } = deps;
  const isEmergency = (outcome: string) => site.emergencyOutcomes.has(outcome);
  const uploads = uploadReceiver(deps);

  /** The page's answers checked as the server checks them, against the answers of earlier pages. */
  function check(journey: Journey, step: Step, form: FormValues, draft: Draft | undefined) {
    const earlier: Answers = { ...(draft?.answers ?? {}) };
    for (const question of step.questions) delete earlier[question.id];
    const stepAnswers = readStep(step, form, earlier);
    const validate = site.validators.get(journey.definition.id)!.get(step.id)!;
    const errors = checkStep(validate, step, earlier, stepAnswers, londonDate(clock()), journey.strings, journey.lang, londonTime(clock()));
    return { earlier, stepAnswers, errors };
  }

  /** Where Back goes: check-answers when changing an answer, else the page before this one on the report's path. */
  function backUrl(journey: Journey, step: Step, walked: TriageResult, changing: boolean, fallback: string | undefined) {
    if (changing) return urlFor(journey, { checkAnswers: true });
    const { path } = walked;
    const at = path.indexOf(step.id);
    const before = at > 0 ? path[at - 1] : at < 0 && path.length ? path[path.length - 1] : undefined;
    return before ? stepUrl(journey.force, journey.lang, journey.definition, before) : fallback;
  }

  /** GET of a step with a report in progress: the page with its answers, or with what was typed and its errors. */
  async function show(c: Context, next: Next, journey: Journey, step: Step, found: DraftLookup) {
    const { draft } = found;
    if (!draft || draft.reference) {
      // A report that timed out says so, rather than silently offering a blank later page.
      if (!draft && found.why === "gone" && step !== journey.definition.steps[0]) return c.redirect(`${journey.start}timed-out/`, 303);
      if (!draft && found.why === "gone") drafts.expireCookie(c, journey);
      return next();
    }
    const pending = draft.pending?.step === step.id ? draft.pending : undefined;
    const values = pending?.values ?? formValues(step, draft.answers);
    const errors = pending?.check ? check(journey, step, values, draft).errors : [];
    if (pending?.uploadError) errors.push({ href: pending.uploadError.field, field: pending.uploadError.field, rule: "format", text: pending.uploadError.text });
    const changing = c.req.query("change") === "yes";
    const base = site.views.get(stepUrl(journey.force, journey.lang, journey.definition, step.id))!;
    const isStart = journey.definition.steps[0].id === step.id;
    const view = stepView(journey.definition, step, journey.lang, journey.strings, values, errors, isStart);
    // Save and come back later: offered once there is something to save, where the service sends email and the report is not sensitive.
    const saveUrl = deps.email && !journey.definition.sensitive ? `${journey.start}save/` : undefined;
    return render(c, site, { ...base, step: view, backUrl: backUrl(journey, step, triage(journey.definition, draft.answers), changing, base.backUrl), changing, saveUrl });
  }

  /** POST of a step: danger first, then the page checked and saved, and a redirect to wherever the report now leads. */
  async function answer(c: Context, journey: Journey, step: Step, found: DraftLookup) {
    const { definition } = journey;
    let current = found.draft && !found.draft.reference ? found.draft : undefined;
    // Only the first page starts a report; any other page without one says the report timed out.
    if (!current && step !== definition.steps[0]) return c.redirect(`${journey.start}timed-out/`, 303);
    const takesFiles = fileQuestionsOf(step).length > 0;
    // A file needs a draft to belong to: a first page that takes files starts one before reading the post.
    if (takesFiles && !current) current = await drafts.save(c, journey, undefined, {}, null);
    let upload: UploadOutcome | undefined;
    let form: FormValues;
    if (takesFiles && isMultipartContentType(c.req.header("content-type"))) {
      try {
        ({ form, outcome: upload } = await uploads.receive(c, journey, step, current!));
      } catch (error) {
        if (error instanceof MultipartRefused) return c.text(`${error.message} Go back to the page and try again.`, 400);
        if (error instanceof BodyTooLarge) {
          c.header("Connection", "close");
          return c.text(`What you sent is too large. A file on this page must be smaller than ${sizeWords(uploadRequestBytes(step, deps.config.bodyLimitBytes) - deps.config.bodyLimitBytes)}.`, 413);
        }
        if (!(error instanceof UploadsUnavailable)) throw error;
        deps.logger.error("uploads refused: the virus scanner is unavailable", { reason: error.message });
        c.header("Retry-After", "60");
        c.header("Cache-Control", "no-store");
        return c.text("Sorry, we cannot check files for viruses at the moment, so your file has not been kept. Please try again in a few minutes.", 503);
      }
    } else form = await postedForm(c);
    if (typeof form.website === "string" && form.website !== "") return c.text("This report could not be accepted.", 400);
    // Never more fields or values than this page can hold (its definition says how many): nothing larger is read or checked.
    if (!formWithinBounds(step, form)) return c.text("This page was sent with more than it can hold. Go back to the page and try again.", 400);
    c.header("Cache-Control", "no-store");
    if (takesFiles) {
      // The files are the draft's, as the service kept them; a post's own words for them are never read.
      const kept = upload && "kept" in upload ? upload : undefined;
      const answers: Answers = { ...current!.answers };
      if (kept) answers[kept.question.id] = [...draftFiles(answers, kept.question), kept.kept];
      const removing = typeof form.action === "string" && form.action.startsWith("remove-file:") ? form.action : undefined;
      if (removing) {
        const question = fileQuestionsOf(step).find((q) => removing.startsWith(`remove-file:${q.id}:`));
        const id = question && removing.slice(`remove-file:${question.id}:`.length);
        if (!question || !draftFiles(answers, question).some((f) => f.id === id)) return c.text("That button is not on this page. Go back to the page and try again.", 400);
        await deps.store.deleteFile(current!.id, id!);
        answers[question.id] = draftFiles(answers, question).filter((f) => f.id !== id);
      }
      form = withDraftFiles(step, form, answers);
      // "Upload file" pressed with no file chosen.
      const pressedUpload = typeof form.action === "string" && form.action.startsWith("upload:") ? fileQuestionsOf(step).find((q) => form.action === `upload:${q.id}`) : undefined;
      if (pressedUpload && !upload) upload = { refused: "noFile", question: pressedUpload, message: uploadMessage(pressedUpload, "noFile", journey.lang) };
      const refused = upload && "refused" in upload ? upload : undefined;
      // "uploaded:<question>": the page's script sent a file resumably and posts the page to show it in the list.
      const uploaded = typeof form.action === "string" && fileQuestionsOf(step).some((q) => form.action === `uploaded:${q.id}`);
      const staying = refused || removing || uploaded || (typeof form.action === "string" && form.action.startsWith("upload:"));
      if (staying) {
        const values = withoutControls(form);
        const uploadError = refused ? { field: refused.question.id, text: refused.message } : undefined;
        current = await drafts.save(c, journey, current, answers, { step: step.id, values, check: false, ...(uploadError && { uploadError }) });
        const changing = form.change === "yes";
        return c.redirect(`${stepUrl(journey.force, journey.lang, definition, step.id)}${changing ? "?change=yes" : ""}`, 303);
      }
      if (kept) current = await drafts.save(c, journey, current, answers, null);
      if (form.action === "continue") delete form.action;
    }

    const { earlier, stepAnswers, errors } = check(journey, step, form, current);
    const answers = { ...earlier, ...stepAnswers };
    // Someone in danger goes to 999 at once, whatever else on the page is still blank.
    const emergency = emergencyRoute(step, answers, isEmergency);
    if (emergency) return c.redirect(urlFor(journey, emergency), 303);

    // The one walk of the triage for this request: the report's path with this page's answers in it.
    const walked = triage(definition, answers);
    if (current && !walked.path.includes(step.id)) return c.redirect(urlFor(journey, walked.destination), 303);

    const changing = form.change === "yes";
    const self = `${stepUrl(journey.force, journey.lang, definition, step.id)}${changing ? "?change=yes" : ""}`;
    const keep = async (pending: PendingPage) => {
      await drafts.save(c, journey, current, current?.answers ?? {}, pending);
      return c.redirect(self, 303);
    };

    if (typeof form.action === "string") {
      const page = stepView(definition, step, journey.lang, journey.strings, form);
      const action = findGroupAction(page, form.action);
      if (!action) return c.text("That button is not on this page. Go back to the page and try again.", 400);
      return keep({ step: step.id, values: applyGroupAction(withoutControls(form), action), check: false });
    }
    if (errors.length) return keep({ step: step.id, values: withoutControls(form), check: true });

    await drafts.save(c, journey, current, answers, null);
    const following = routeFrom(definition, step.id, answers);
    // After a change, or at the end, go wherever the whole report now leads: check-answers, or a page the change made necessary.
    const destination = "outcome" in following ? following : changing || "checkAnswers" in following ? walked.destination : following;
    return c.redirect(urlFor(journey, destination), 303);
  }

  return { show, answer };
}
