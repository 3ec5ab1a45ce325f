import { readdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import type { Store } from "../store/store.ts";

/**
 * What can be left in DATA_DIR/uploading, and when it goes. A file posted without JavaScript is written there as
 * `upload-…` for the length of its request, so one found at start is a crash's leftover. A resumable upload's
 * partial bytes (`<32 hex digits>`, beside its `<id>.json`, which names its draft) stay while its draft lives, so
 * an upload resumes across a restart; they go when the draft does: when it expires, and on "Exit this page".
 */
const partialName = /^[0-9a-f]{32}$/;

interface Partial {
  id: string;
  draft: string | undefined;
}

async function partials(directory: string): Promise<{ partials: Partial[]; names: string[] }> {
  const names = await readdir(directory).catch(() => [] as string[]);
  const found: Partial[] = [];
  for (const name of names) {
    const id = name.endsWith(".json") ? name.slice(0, -".json".length) : name;
    if (!partialName.test(id) || found.some((p) => p.id === id)) continue;
    const info = await readFile(path.join(directory, `${id}.json`), "utf8").then((text) => JSON.parse(text) as { metadata?: { draft?: string } }, () => undefined);
    found.push({ id, draft: typeof info?.metadata?.draft === "string" ? info.metadata.draft : undefined });
  }
  return { partials: found, names };
}

const removePartial = (directory: string, id: string) => Promise.all([rm(path.join(directory, id), { force: true }), rm(path.join(directory, `${id}.json`), { force: true })]);

/** Removes the partial uploads of one draft (left with "Exit this page"); returns how many went. */
export async function removeDraftPartials(directory: string, draftId: string): Promise<number> {
  const mine = (await partials(directory)).partials.filter((p) => p.draft === draftId);
  await Promise.all(mine.map((p) => removePartial(directory, p.id)));
  return mine.length;
}

/** Removes the partial uploads whose draft is gone or has expired at `now`, and any without a draft named. */
export async function removeOrphanPartials(directory: string, store: Store, now: string): Promise<number> {
  let removed = 0;
  for (const partial of (await partials(directory)).partials) {
    const draft = partial.draft ? await store.getDraft(partial.draft) : undefined;
    if (draft && draft.expiresAt > now && !draft.reference) continue;
    await removePartial(directory, partial.id);
    removed++;
  }
  return removed;
}

/**
 * At start: every file posted without JavaScript that a crash left half-written, and every partial upload whose
 * draft is gone, is removed. Returns how many files went.
 */
export async function removeCrashLeftovers(directory: string, store: Store, now: string): Promise<number> {
  const { names } = await partials(directory);
  const posted = names.filter((name) => name.startsWith("upload-"));
  await Promise.all(posted.map((name) => rm(path.join(directory, name), { force: true })));
  return posted.length + (await removeOrphanPartials(directory, store, now));
}
