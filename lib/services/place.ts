import type { Problem } from "../schema/problems.ts";

/**
 * Where a JSON pointer in a service definition is, in the words an editor sees in the form: "step 2 'What
 * happened', question 1 'When did it happen?'". Counted from 1, named by the English words. Read defensively:
 * the definition may be the one that failed its schema.
 */
export function placeOf(definition: unknown, pointer: string): string | undefined {
  const parts = pointer.split("/").slice(1);
  const words: string[] = [];
  const english = (node: unknown, key: string): string | undefined => {
    const value = (node as Record<string, unknown> | undefined)?.[key];
    if (typeof value === "string") return value;
    const en = (value as { en?: unknown } | undefined)?.en;
    return typeof en === "string" ? en : undefined;
  };
  const named = (kind: string, index: number, name: string | undefined) => `${kind} ${index + 1}${name ? ` '${name.length > 60 ? `${name.slice(0, 57)}…` : name}'` : ""}`;
  let node: unknown = definition;
  let inside: "service" | "step" | "question" = "service";
  for (let i = 0; i < parts.length; i++) {
    const key = parts[i];
    const index = Number(parts[i + 1]);
    const list = (node as Record<string, unknown> | undefined)?.[key];
    if (!Array.isArray(list) || !Number.isInteger(index)) break;
    const item = list[index];
    if (key === "steps") words.push(named("step", index, english(item, "title") ?? english(item, "id")));
    else if (key === "questions") words.push(named(inside === "question" ? "inner question" : "question", index, english(item, "label")));
    else if (key === "options") words.push(named("option", index, english(item, "label")));
    else if (key === "routes") words.push(`route ${index + 1}${typeof (item as { goTo?: unknown })?.goTo === "string" ? ` to ${(item as { goTo: string }).goTo}` : ""}`);
    else break;
    inside = key === "steps" ? "step" : key === "questions" ? "question" : inside;
    node = item;
    i++;
  }
  return words.length ? words.join(", ") : undefined;
}

/** Each problem with its place in the definition in an editor's words, beside the pointer. */
export function withPlaces(definition: unknown, problems: Problem[]): Problem[] {
  return problems.map((problem) => {
    const place = placeOf(definition, problem.field);
    return place ? { ...problem, place } : problem;
  });
}
