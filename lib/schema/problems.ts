/**
 * A problem in content an editor wrote: which file, which field, what is wrong.
 * Every check in the build reports through this shape so editors always get
 * `path: field — what is wrong`, never a stack trace.
 */
export interface Problem {
  /** File path relative to the project root, with forward slashes. */
  file: string;
  /** JSON pointer or field name inside the file; "" for the file as a whole. */
  field: string;
  message: string;
  /** Where the field is in the editor's words ("step 2 'What happened', question 1 'When?'"), beside the pointer. */
  place?: string;
  /** The lines of the file around the mistake, with a caret under it (lib/schema/excerpt.ts), when the file could not be read as JSON or YAML. */
  excerpt?: string;
}

export function formatProblem(p: Problem): string {
  return `${p.file}: ${p.field || "(file)"}${p.place ? ` (${p.place})` : ""} — ${p.message}${p.excerpt ? `\n${p.excerpt}` : ""}`;
}

/** Thrown when content cannot be built; carries every problem found, not just the first. */
export class ContentError extends Error {
  readonly problems: Problem[];
  constructor(problems: Problem[]) {
    super(problems.map(formatProblem).join("\n"));
    this.name = "ContentError";
    this.problems = problems;
  }
}

/** Finds a ContentError anywhere in a chain of wrapped errors (Eleventy wraps what data functions throw). */
export function findContentError(error: unknown): ContentError | undefined {
  let current: unknown = error;
  for (let depth = 0; current && depth < 10; depth++) {
    if (current instanceof ContentError) return current;
    if (current instanceof Error && (current as Error & { name: string }).name === "ContentError") {
      return current as ContentError;
    }
    const next = current as { originalError?: unknown; cause?: unknown };
    current = next.originalError ?? next.cause;
  }
  return undefined;
}

/** How many one-letter edits turn one word into another (Levenshtein), for spotting a misspelt field name. */
function edits(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = row;
  }
  return previous[b.length];
}

const splitField = (field: string) => {
  const at = Math.max(field.lastIndexOf("/"), field.lastIndexOf(" "));
  return { parent: field.slice(0, at + 1), name: field.slice(at + 1) };
};

/**
 * One mistake, one message: a misspelt field name is both "not a known field" and, for the one meant, "required but
 * missing". Such a pair, in one file under one parent and a letter or two apart, becomes one message at the misspelling.
 */
export function mergeMisspellings(problems: Problem[]): Problem[] {
  const unknown = problems.filter((p) => p.message.startsWith("is not a known field"));
  const merged = new Set<Problem>();
  const out = problems.map((problem) => {
    if (problem.message !== "is required but missing") return problem;
    const wanted = splitField(problem.field);
    const typo = unknown.find((p) => !merged.has(p) && p.file === problem.file && splitField(p.field).parent === wanted.parent && edits(splitField(p.field).name, wanted.name) <= 2);
    if (!typo) return problem;
    merged.add(typo);
    return { ...typo, message: `is not a known field: did you mean "${wanted.name}"? (${wanted.name} is required)` };
  });
  // The merged message stands where "required" stood; the misspelling's own message goes.
  return out.filter((p) => !merged.has(p));
}
