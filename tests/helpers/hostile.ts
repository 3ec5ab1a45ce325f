import fc from "fast-check";
import { fieldNamesOf } from "../../lib/services/form.ts";
import type { ServiceDefinition, Step } from "../../lib/services/types.ts";

/** Strings people and attackers type: control characters, lone surrogates, markup, huge and regex-hostile ones. */
export const hostileString = () =>
  fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.string({ unit: "binary", maxLength: 40 }),
    fc.constantFrom("", " ", "\u0000", "\ud800", "<script>alert(1)</script>", "__proto__", "constructor", "a".repeat(6000), "(a+)+$", "9".repeat(400), "1e400", "NaN", "-0", "31", "2026"),
  );

/** Forms for one step: its own field names with hostile values, unknown names, add/remove actions, repeated values. */
export function hostileForms(step: Step) {
  const names = fieldNamesOf(step);
  const name = fc.oneof(fc.constantFrom(...names, "action", "change", "website", "__proto__"), fc.string({ maxLength: 30 }), fc.constantFrom(...names).map((n) => `${n}-99999999-x`));
  const value = fc.oneof(hostileString(), fc.array(hostileString(), { maxLength: 30 }));
  const action = fc.oneof(fc.string({ maxLength: 60 }), fc.constantFrom("add:", "remove:", "remove:x:99999999", "add:(a+)+", `remove:${"a".repeat(50)}!:1`), fc.constantFrom(...names).map((n) => `remove:${n}:-1`));
  return fc.record({ fields: fc.dictionary(name, value, { maxKeys: 12 }), action: fc.option(action) }).map(({ fields, action: chosen }) => {
    const form: Record<string, string | string[]> = {};
    for (const [key, v] of Object.entries(fields)) form[key] = v;
    if (chosen !== null) form.action = chosen;
    // The honeypot is a different refusal; keep it out so the checks themselves are exercised.
    delete form.website;
    return form;
  });
}

/** Whole bodies that are not well-formed forms. */
export const hostileBodies = () =>
  fc.oneof(
    fc.record({ body: fc.string({ maxLength: 200 }), type: fc.constant("application/x-www-form-urlencoded") }),
    fc.record({ body: fc.nat({ max: 20000 }).map((n) => Array.from({ length: n }, (_, i) => `f${i}=x`).join("&")), type: fc.constant("application/x-www-form-urlencoded") }),
    fc.record({ body: fc.constant("%%%%=%E0%A4%A"), type: fc.constant("application/x-www-form-urlencoded") }),
    fc.record({ body: fc.constant("a=1"), type: fc.constantFrom("text/plain", "application/json", "multipart/form-data; boundary=x") }),
  );

/** JSON bodies for the reports API: wrong shapes, deep nesting, unknown keys, hostile answers to real questions. */
export function hostileJson(definitions: ServiceDefinition[]) {
  const ids = definitions.flatMap((d) => d.steps.flatMap((s) => fieldNamesOf(s)));
  const nested = fc.nat({ max: 5000 }).map((depth) => "[".repeat(depth) + "]".repeat(depth));
  const answerValue = fc.oneof(hostileString(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(hostileString(), { maxLength: 50 }), fc.constant({ a: { b: { c: 1 } } }));
  const answers = fc.dictionary(fc.oneof(fc.constantFrom(...ids, "__proto__", "constructor"), fc.string({ maxLength: 20 })), answerValue, { maxKeys: 20 });
  return fc.oneof(
    fc.record({ service: fc.constantFrom(...definitions.map((d) => d.id)), answers, lang: fc.constantFrom("en", "cy", "fr", 1) }).map((b) => JSON.stringify(b)),
    fc.record({ service: fc.constantFrom(...definitions.map((d) => d.id)), answers, extra: hostileString() }).map((b) => JSON.stringify(b)),
    nested.map((n) => `{"service":"report-crime","answers":${n.length ? `{"what-happened":${n}}` : "{}"}}`),
    nested,
    fc.string({ maxLength: 100 }),
    fc.constant('{"__proto__":{"polluted":true},"service":"report-crime","answers":{}}'),
  );
}
