import { questionsIn } from "../triage/conditions.ts";
import type { Step } from "./types.ts";

/** The earlier answers a step's checks read: those its conditions test, and the dates its times belong to. */
export function earlierAnswersRead(step: Step): string[] {
  const own = new Set(step.questions.map((q) => q.id));
  const read = step.questions.flatMap((q) => [...(q.showWhen ? questionsIn(q.showWhen) : []), ...(q.dateQuestion ? [q.dateQuestion] : [])]);
  return [...new Set(read)].filter((id) => !own.has(id));
}
