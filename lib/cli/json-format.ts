/** JSON as editors keep it: a value on one line when it fits in `width` columns, else one entry a line. */
export function formatJson(value: unknown, width = 120): string {
  const write = (v: unknown, indent: string, prefix: number): string => {
    const flat = JSON.stringify(v, null, 1)?.replace(/\n\s*/g, " ").replace(/\[ /g, "[").replace(/ \]/g, "]").replace(/\{ /g, "{ ").replace(/ \}/g, " }") ?? "null";
    if (v === null || typeof v !== "object" || indent.length + prefix + flat.length <= width) return flat;
    const inner = `${indent}  `;
    if (Array.isArray(v)) return `[\n${v.map((item) => inner + write(item, inner, 0)).join(",\n")}\n${indent}]`;
    const entries = Object.entries(v as Record<string, unknown>).map(([key, item]) => `${inner}${JSON.stringify(key)}: ${write(item, inner, JSON.stringify(key).length + 2)}`);
    return `{\n${entries.join(",\n")}\n${indent}}`;
  };
  return `${write(value, "", 0)}\n`;
}
