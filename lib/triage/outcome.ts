/**
 * The one place a triage outcome is named: a route's `goTo` says "outcome:<id>", and the outcome's page sits at
 * <service address>outcome/<id>/. Everything that reads the one or builds the other comes here.
 */
const prefix = "outcome:";

/** The outcome id a route's goTo names, or undefined when it names a step or check-answers. */
export function outcomeOf(goTo: string): string | undefined {
  return goTo.startsWith(prefix) ? goTo.slice(prefix.length) : undefined;
}

/** The goTo of a route to an outcome. */
export function outcomeGoTo(id: string): string {
  return `${prefix}${id}`;
}

/** The address of an outcome's page under a service's address (which ends in /). */
export function outcomeUrl(serviceUrl: string, id: string): string {
  return `${serviceUrl}outcome/${id}/`;
}
