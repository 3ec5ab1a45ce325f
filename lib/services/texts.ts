import { textSyntaxError } from "../render/environment.ts";
import type { Problem } from "../schema/problems.ts";
import type { ServiceDefinition } from "./types.ts";

/**
 * A definition's Markdown texts (its start page, what happens next) may use the same expressions as pages
 * ({{ forceName }}, {% if "wales" in force.countries %}); one the template engine cannot read is the editor's to
 * fix before anything is built, since the confirmation is only rendered when someone has just sent a report.
 */
export function textExpressionProblems(definition: ServiceDefinition, file: string): Problem[] {
  const texts: [string, Record<string, string> | undefined][] = [
    ["/start", definition.start as Record<string, string> | undefined],
    ["/confirmation/next", definition.confirmation?.next as Record<string, string> | undefined],
  ];
  const problems: Problem[] = [];
  for (const [pointer, byLanguage] of texts) {
    for (const [lang, source] of Object.entries(byLanguage ?? {})) {
      const error = typeof source === "string" ? textSyntaxError(source) : undefined;
      if (error) problems.push({ file, field: `${pointer}/${lang}`, message: `has a {{ }} or {% %} expression that cannot be read: ${error}` });
    }
  }
  return problems;
}
