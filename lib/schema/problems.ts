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
  /** The lines of the file around the mistake, with a caret under it (lib/schema/excerpt.ts), when the file could not be read as JSON or YAML. */
  excerpt?: string;
}

export function formatProblem(p: Problem): string {
  return `${p.file}: ${p.field || "(file)"} — ${p.message}${p.excerpt ? `\n${p.excerpt}` : ""}`;
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
