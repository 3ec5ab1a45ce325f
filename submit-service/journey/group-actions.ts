import type { FormValues } from "../../lib/services/form.ts";
import type { QuestionView, StepView } from "../../lib/services/views.ts";

/** "Add another" or "Remove" on an "add another" group, as structured data: which group, and which item. */
export type GroupAction = { verb: "add"; group: string; itemCount: number } | { verb: "remove"; group: string; index: number };

function* groupsIn(questions: QuestionView[]): Generator<NonNullable<QuestionView["group"]>> {
  for (const question of questions) {
    if (question.group) yield question.group;
    for (const revealed of Object.values(question.reveals ?? {})) yield* groupsIn(revealed);
    for (const item of question.group?.items ?? []) yield* groupsIn(item.questions);
  }
}

/**
 * The button pressed, found among the buttons the page itself offers (the page as rendered from what was
 * posted): nothing posted is parsed, compiled or counted, and a button that is not on the page is undefined.
 */
export function findGroupAction(page: StepView, pressed: string): GroupAction | undefined {
  for (const group of groupsIn(page.questions)) {
    if (group.canAdd && group.addValue === pressed) return { verb: "add", group: group.name, itemCount: group.items.length };
    const index = group.items.length > 1 ? group.items.findIndex((item) => item.removeValue === pressed) : -1;
    if (index >= 0) return { verb: "remove", group: group.name, index };
  }
  return undefined;
}

/** The item number of a group field ("witnesses-2-name" → 2), or undefined for any other field. */
function itemNumber(field: string, prefix: string): { index: number; rest: string } | undefined {
  if (!field.startsWith(prefix)) return undefined;
  const tail = field.slice(prefix.length);
  const dash = tail.indexOf("-");
  const digits = dash > 0 ? tail.slice(0, dash) : "";
  if (!digits || [...digits].some((d) => d < "0" || d > "9")) return undefined;
  return { index: Number(digits), rest: tail.slice(dash + 1) };
}

/** The same page again with one more item (empty) or one fewer, the later items moved up. */
export function applyGroupAction(values: FormValues, action: GroupAction): FormValues {
  const prefix = `${action.group}-`;
  if (action.verb === "add") return { ...values, [`${prefix}${action.itemCount}-`]: "" };
  const shifted: FormValues = {};
  for (const [field, value] of Object.entries(values)) {
    const item = itemNumber(field, prefix);
    if (!item || item.index < action.index) shifted[field] = value;
    else if (item.index > action.index) shifted[`${prefix}${item.index - 1}-${item.rest}`] = value;
  }
  return shifted;
}
