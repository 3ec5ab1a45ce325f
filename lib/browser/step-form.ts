/**
 * Runs in the browser on every step page of a service. Before a step is posted it reads the form with the
 * same code the server uses (lib/services/form.ts), validates it with the same generated validators (ajv
 * standalone, no eval), and shows the same GOV.UK messages; a page whose routes read only its own answers
 * goes straight to a triage outcome with the same triage code. Without JavaScript the server does all of it.
 */
import type { Language } from "../i18n/language.ts";
import { fieldErrors, validationData, type FieldError, type SchemaError, type Strings } from "../services/errors.ts";
import type { FormValues } from "../services/form.ts";
import { readStep } from "../services/read.ts";
import type { ServiceDefinition, Step } from "../services/types.ts";
import { questionsIn } from "../triage/conditions.ts";
import { outcomeUrl } from "../triage/outcome.ts";
import { emergencyRoute, routeFrom } from "../triage/triage.ts";

type Validator = ((data: unknown) => boolean) & { errors?: SchemaError[] | null };

export interface StepFormOptions {
  definition: ServiceDefinition;
  /** Outcomes that mean danger: a route to one is followed before the rest of the page is checked. */
  emergencyOutcomes: string[];
  strings: Partial<Record<Language, Strings>>;
  /** The service's validators live in a module of their own, fetched when someone starts filling the form in. */
  loadValidators: () => Promise<Record<string, Validator>>;
  /** On a service with a page that takes files: the upload module (upload.ts), fetched once a file is chosen. */
  loadUploads?: () => Promise<typeof import("./upload.ts")>;
}

/**
 * A page that takes files: the first file chosen in a question fetches the upload module, which uploads it (and
 * any chosen later) with a progress bar. Until then, or if it cannot be fetched, the form posts files itself.
 * Returns whether an upload is under way.
 */
function startUploads(form: HTMLFormElement, lang: Language, strings: StepFormOptions["strings"], loadUploads: NonNullable<StepFormOptions["loadUploads"]>): () => boolean {
  const started: { busy: () => boolean }[] = [];
  const words = strings[lang] ?? strings.en!;
  const uploadStrings = { progress: words["upload.progress"], done: words["upload.done"], offline: words["upload.offline"], failed: words["upload.failed"] };
  for (const input of form.querySelectorAll<HTMLInputElement>('input[type="file"]')) {
    input.addEventListener(
      "change",
      () => {
        loadUploads()
          .then(({ startUpload }) => started.push(startUpload(form, input, uploadStrings)))
          .catch(() => undefined); // the page's own "Upload file" still sends it
      },
      { once: true },
    );
  }
  return () => started.some((upload) => upload.busy());
}

function formValuesOf(form: HTMLFormElement): FormValues {
  const values: FormValues = {};
  for (const [name, value] of new FormData(form)) {
    if (typeof value !== "string") continue;
    const existing = values[name];
    values[name] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  return values;
}

function localToday(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}-${String(now.getDate()).padStart(2, "0")}`;
}

/** The time now on this device, HH:MM:SS, for "a time today cannot be later than now" (the server checks in UK time). */
function localNow(): string {
  const now = new Date();
  return [now.getHours(), now.getMinutes(), now.getSeconds()].map((n) => String(n).padStart(2, "0")).join(":");
}

/** Routes that read only this page's answers can be followed here; others need the answers the server holds. */
function routesReadOnlyThisPage(step: Step): boolean {
  const own = new Set(step.questions.map((q) => q.id));
  return (step.routes ?? []).every((route) => !route.when || questionsIn(route.when).every((id) => own.has(id)));
}

function clearErrors(form: HTMLFormElement) {
  form.querySelectorAll("[data-fc-client-error]").forEach((element) => element.remove());
  form.querySelectorAll(".govuk-form-group--error").forEach((element) => element.classList.remove("govuk-form-group--error"));
  form.querySelectorAll(".govuk-input--error, .govuk-textarea--error").forEach((element) => element.classList.remove("govuk-input--error", "govuk-textarea--error"));
}

/** Shows errors with the markup govuk-frontend's macros rendered into the page's templates. */
function showErrors(form: HTMLFormElement, errors: FieldError[]) {
  clearErrors(form);
  const slot = document.querySelector<HTMLElement>("[data-fc-error-summary]")!;
  const summaryTemplate = document.querySelector<HTMLTemplateElement>("template[data-fc-error-summary-template]")!;
  const messageTemplate = document.querySelector<HTMLTemplateElement>("template[data-fc-error-message-template]")!;
  const summary = summaryTemplate.content.firstElementChild!.cloneNode(true) as HTMLElement;
  const list = summary.querySelector("ul")!;
  const sample = list.querySelector("li")!;
  list.replaceChildren(
    ...errors.map((error) => {
      const item = sample.cloneNode(true) as HTMLElement;
      const link = item.querySelector("a")!;
      link.href = `#${error.href}`;
      link.textContent = error.text;
      return item;
    }),
  );
  slot.replaceChildren(summary);
  for (const error of errors) {
    const input = document.getElementById(error.href);
    // A date's day, month and year each sit in a form group of their own inside the question's.
    const group = (input?.closest(".govuk-date-input") ?? input)?.closest(".govuk-form-group");
    if (!group) continue;
    group.classList.add("govuk-form-group--error");
    const message = messageTemplate.content.firstElementChild!.cloneNode(true) as HTMLElement;
    message.id = `${error.field}-error`;
    message.setAttribute("data-fc-client-error", "");
    message.lastChild!.textContent = error.text;
    // Where govuk-frontend's macros put a field's error: after its hint, or else after its label or legend.
    const container = group.querySelector(":scope > .govuk-fieldset") ?? group;
    const after = container.querySelector(":scope > .govuk-hint") ?? container.querySelector(":scope > .govuk-fieldset__legend, :scope > .govuk-label, :scope > .govuk-label-wrapper");
    if (after) after.after(message);
    else container.prepend(message);
    group.querySelectorAll("input.govuk-input, textarea").forEach((field) => field.classList.add(field.tagName === "TEXTAREA" ? "govuk-textarea--error" : "govuk-input--error"));
  }
  if (!document.title.startsWith(`${summary.dataset.fcPrefix}: `)) document.title = `${summary.dataset.fcPrefix}: ${document.title}`;
  summary.setAttribute("tabindex", "-1");
  summary.focus();
}

/**
 * On a sensitive service, Escape leaves as "Exit this page" does: by its link (which deletes the draft on the
 * server), replacing this page in the tab's history. A page brought back by Back or Forward shows only what the
 * server sent, never answers the server has already forgotten.
 */
function startSafeExit() {
  const exit = document.querySelector<HTMLAnchorElement>(".govuk-exit-this-page__button");
  if (!exit) return;
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    event.preventDefault(); // Escape's own action (stop loading) must not cut the way out short
    window.location.replace(exit.href);
  });
  window.addEventListener("pageshow", (event) => {
    if (event.persisted) return window.location.reload();
    // Back and Forward make the browser put back what was typed into a page; the page as the server sent it
    // holds what the server still keeps (nothing, once the person has left), so show that.
    const [navigation] = performance.getEntriesByType("navigation") as PerformanceNavigationTiming[];
    if (navigation?.type === "back_forward") document.querySelectorAll("form").forEach((form) => form.reset());
  });
}

export function startStepForm({ definition, emergencyOutcomes, strings, loadValidators, loadUploads }: StepFormOptions) {
  if (definition.sensitive) startSafeExit();
  const form = document.querySelector<HTMLFormElement>("form[data-fc-step]");
  const step = definition.steps.find((s) => s.id === form?.dataset.fcStep);
  if (!form || !step) return;
  const lang: Language = document.documentElement.lang === "cy" ? "cy" : "en";
  let validators: Promise<Record<string, Validator>> | undefined;
  const load = () => (validators ??= loadValidators());
  form.addEventListener("focusin", load, { once: true });
  const uploading = loadUploads ? startUploads(form, lang, strings, loadUploads) : () => false;
  let checked = false;
  // A form cannot be submitted again while its submit event is still being dispatched, so send it on the next task.
  const send = (submitter: HTMLButtonElement | null) => {
    checked = true;
    setTimeout(() => form.requestSubmit(submitter));
  };

  form.addEventListener("submit", async (event) => {
    const submitter = (event as SubmitEvent).submitter as HTMLButtonElement | null;
    // While a file is on its way, the page's buttons wait for it (its progress bar says how far it has got).
    if (uploading() && !submitter?.value.startsWith("uploaded:")) return event.preventDefault();
    if (checked || submitter?.name === "action") return; // "Add another" and "Remove" go to the server as they are
    event.preventDefault();
    // Danger first: "someone is in danger" goes to the emergency outcome whatever else on the page is blank.
    const given = readStep(step, formValuesOf(form), {});
    const emergency = routesReadOnlyThisPage(step) ? emergencyRoute(step, given, (id) => emergencyOutcomes.includes(id)) : undefined;
    if (emergency) {
      window.location.assign(new URL(outcomeUrl(form.dataset.fcServiceUrl!, emergency.outcome), window.location.href).href);
      return;
    }
    let validate: Validator;
    try {
      validate = (await load())[`step_${step.id.replaceAll("-", "_")}`];
    } catch {
      // The validators could not be fetched: the server checks everything anyway.
      send(submitter);
      return;
    }
    if (!validate(validationData(step, {}, given, localToday(), localNow()))) {
      showErrors(form, fieldErrors(step, validate.errors ?? [], strings[lang] ?? strings.en!, lang));
      return;
    }
    const destination = routesReadOnlyThisPage(step) ? routeFrom(definition, step.id, given) : undefined;
    if (destination && "outcome" in destination) {
      window.location.assign(new URL(outcomeUrl(form.dataset.fcServiceUrl ?? "", destination.outcome), window.location.href).href);
      return;
    }
    send(submitter);
  });
}
