import type { Answers, Question, ServiceDefinition, Step } from "../services/types.ts";
import { passes } from "./conditions.ts";
import { outcomeOf } from "./outcome.ts";
import { siteCovers } from "../services/sites.ts";

/**
 * The routes of a step. A copy made for one kind of site has only its own (lib/services/sites.ts); a definition
 * as written is read as the sites of most forces (those covering an area) read it.
 */
function routesOf(step: Step) {
  return (step.routes ?? []).filter((route) => !route.sites || route.sites === siteCovers({}));
}

/** Where a report goes next: a step still to answer, a triage outcome, or check-answers. */
export type Destination = { step: string } | { outcome: string } | { checkAnswers: true };

export interface TriageResult {
  destination: Destination;
  /** The steps answered on the way, in order: the path the answers took. */
  path: string[];
}

/** The questions of a step that are asked, given the answers so far. */
export function visibleQuestions(step: Step, answers: Answers): Question[] {
  return step.questions.filter((q) => !q.showWhen || passes(q.showWhen, answers));
}

/** A step counts as answered once it was submitted: each question it asked has a key (null when left blank). */
export function stepAnswered(step: Step, answers: Answers): boolean {
  return visibleQuestions(step, answers).every((q) => q.id in answers);
}

/** Where the answers to one step lead: its first passing route, or else the next step, or else check-answers. */
export function routeFrom(definition: ServiceDefinition, stepId: string, answers: Answers): Destination {
  const index = definition.steps.findIndex((s) => s.id === stepId);
  const step = definition.steps[index];
  const route = routesOf(step).find((r) => !r.when || passes(r.when, answers));
  const goTo = route?.goTo ?? definition.steps[index + 1]?.id ?? "check-answers";
  if (goTo === "check-answers") return { checkAnswers: true };
  const outcome = outcomeOf(goTo);
  if (outcome !== undefined) return { outcome };
  return { step: goTo };
}

/**
 * The emergency this page's answers already point to, however much of the page is still blank: a route of the step
 * to an outcome `isEmergency` names (outcomes marked `emergency: true`), whose condition the answers pass. Danger
 * comes before completeness, so this is asked before the page is validated, in the browser and on the server.
 */
export function emergencyRoute(step: Step, answers: Answers, isEmergency: (outcome: string) => boolean): { outcome: string } | undefined {
  for (const route of routesOf(step)) {
    const outcome = outcomeOf(route.goTo);
    if (outcome !== undefined && isEmergency(outcome) && (!route.when || passes(route.when, answers))) return { outcome };
  }
  return undefined;
}

/**
 * The triage: `(definition, answers) → next step | outcome | check-answers`, following the routes from the
 * first step. Pure — no HTTP, no DOM — so the browser and the server reach the same place from the same answers.
 */
export function triage(definition: ServiceDefinition, answers: Answers): TriageResult {
  const path: string[] = [];
  let current: Step | undefined = definition.steps[0];
  while (current) {
    if (!stepAnswered(current, answers)) return { destination: { step: current.id }, path };
    path.push(current.id);
    const destination = routeFrom(definition, current.id, answers);
    if (!("step" in destination)) return { destination, path };
    const nextId: string = destination.step;
    current = definition.steps.find((s) => s.id === nextId);
  }
  return { destination: { checkAnswers: true }, path };
}

/** Only the answers on the path the report now takes: a changed answer that re-routes drops the answers it made irrelevant. */
export function answersOnPath(definition: ServiceDefinition, answers: Answers, path: string[]): Answers {
  const kept: Answers = {};
  for (const stepId of path) {
    const step = definition.steps.find((s) => s.id === stepId)!;
    for (const question of visibleQuestions(step, answers)) if (question.id in answers) kept[question.id] = answers[question.id];
  }
  return kept;
}
