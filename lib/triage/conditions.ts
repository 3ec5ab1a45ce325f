import type { Answers, Condition } from "../services/types.ts";

/** Whether earlier answers pass a condition. Pure: runs the same in the browser and on the server. */
export function passes(condition: Condition, answers: Answers): boolean {
  if ("all" in condition) return condition.all.every((c) => passes(c, answers));
  if ("any" in condition) return condition.any.some((c) => passes(c, answers));
  if ("not" in condition) return !passes(condition.not, answers);
  const value = answers[condition.question];
  if ("equals" in condition) return value === condition.equals;
  if ("in" in condition) return typeof value === "string" && condition.in.includes(value);
  if ("includes" in condition) return Array.isArray(value) && (value as unknown[]).includes(condition.includes);
  const answered = value !== undefined && value !== null && value !== "" && !(Array.isArray(value) && value.length === 0);
  return answered === condition.answered;
}

/** Every question id a condition reads. */
export function questionsIn(condition: Condition): string[] {
  if ("all" in condition) return condition.all.flatMap(questionsIn);
  if ("any" in condition) return condition.any.flatMap(questionsIn);
  if ("not" in condition) return questionsIn(condition.not);
  return [condition.question];
}
