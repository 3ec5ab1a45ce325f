import { mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { newReference } from "../reference.ts";
import { migrations } from "./migrations.ts";
import type { Draft, NewReport, Store, StoredReport } from "./store.ts";

interface Pending {
  write: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

type Row = Record<string, string | null>;

function toReport(row: Row): StoredReport {
  return {
    reference: row.reference!,
    forceId: row.force_id!,
    serviceId: row.service_id!,
    category: row.category!,
    lang: row.lang as StoredReport["lang"],
    answers: JSON.parse(row.answers!),
    path: JSON.parse(row.path!),
    priority: row.priority as StoredReport["priority"],
    submittedAt: row.submitted_at!,
    draftId: row.draft_id ?? undefined,
    idempotencyKey: row.idempotency_key ?? undefined,
  };
}

/**
 * The embedded store: SQLite in WAL mode with synchronous=FULL, so a commit is on disk before anyone is told.
 * Writes queue up and commit together (group commit): every write that arrives while the event loop is busy
 * shares one transaction and one fsync, each in its own savepoint so one failure spoils no other.
 */
export function openSqliteStore(file: string): Store {
  if (file !== ":memory:") mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  db.pragma("busy_timeout = 5000");
  db.pragma("foreign_keys = ON");

  db.exec("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)");
  const applied = new Set((db.prepare("SELECT version FROM schema_migrations").all() as { version: number }[]).map((r) => r.version));
  db.transaction(() => {
    migrations.forEach((sql, i) => {
      if (applied.has(i + 1)) return;
      db.exec(sql);
      db.prepare("INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)").run(i + 1, new Date().toISOString());
    });
  })();

  const statements = {
    getDraft: db.prepare("SELECT * FROM drafts WHERE id = ?"),
    upsertDraft: db.prepare(
      `INSERT INTO drafts (id, force_id, service_id, lang, answers, created_at, updated_at, expires_at, reference)
       VALUES (@id, @forceId, @serviceId, @lang, @answers, @createdAt, @updatedAt, @expiresAt, @reference)
       ON CONFLICT (id) DO UPDATE SET lang = excluded.lang, answers = excluded.answers, updated_at = excluded.updated_at, expires_at = excluded.expires_at`,
    ),
    reportByDraft: db.prepare("SELECT reference FROM reports WHERE draft_id = ?"),
    reportByKey: db.prepare("SELECT reference FROM reports WHERE force_id = ? AND idempotency_key = ?"),
    referenceTaken: db.prepare("SELECT 1 FROM reports WHERE reference = ?"),
    insertReport: db.prepare(
      `INSERT INTO reports (reference, force_id, service_id, category, lang, answers, path, priority, submitted_at, draft_id, idempotency_key)
       VALUES (@reference, @forceId, @serviceId, @category, @lang, @answers, @path, @priority, @submittedAt, @draftId, @idempotencyKey)`,
    ),
    markDraftSent: db.prepare("UPDATE drafts SET reference = ? WHERE id = ?"),
    getReport: db.prepare("SELECT * FROM reports WHERE reference = ?"),
    countReports: db.prepare("SELECT COUNT(*) AS n FROM reports"),
    purgeDrafts: db.prepare("DELETE FROM drafts WHERE expires_at < ?"),
  };

  let queue: Pending[] = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    const batch = queue;
    queue = [];
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    try {
      db.transaction(() => {
        for (const item of batch) {
          try {
            outcomes.push({ ok: true, value: db.transaction(item.write)() });
          } catch (error) {
            outcomes.push({ ok: false, error });
          }
        }
      })();
    } catch (error) {
      // The commit itself failed (disk full, I/O error): nothing in the batch was kept.
      for (const item of batch) item.reject(error);
      return;
    }
    batch.forEach((item, i) => {
      const outcome = outcomes[i];
      if (outcome.ok) item.resolve(outcome.value);
      else item.reject(outcome.error);
    });
  };
  const write = <T>(operation: () => T): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      queue.push({ write: operation, resolve: resolve as (value: unknown) => void, reject });
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    });

  const existing = (report: NewReport): string | undefined => {
    if (report.draftId) {
      const row = statements.reportByDraft.get(report.draftId) as Row | undefined;
      if (row) return row.reference!;
    }
    if (report.idempotencyKey) {
      const row = statements.reportByKey.get(report.forceId, report.idempotencyKey) as Row | undefined;
      if (row) return row.reference!;
    }
    return undefined;
  };

  return {
    async getDraft(id) {
      const row = statements.getDraft.get(id) as Row | undefined;
      if (!row) return undefined;
      return {
        id: row.id!,
        forceId: row.force_id!,
        serviceId: row.service_id!,
        lang: row.lang as Draft["lang"],
        answers: JSON.parse(row.answers!),
        createdAt: row.created_at!,
        updatedAt: row.updated_at!,
        expiresAt: row.expires_at!,
        reference: row.reference,
      };
    },
    saveDraft(draft) {
      return write(() => {
        statements.upsertDraft.run({ ...draft, answers: JSON.stringify(draft.answers) });
      });
    },
    submit(report) {
      return write(() => {
        const found = existing(report);
        if (found) return { reference: found, created: false };
        let reference = newReference(report.forceCode);
        while (statements.referenceTaken.get(reference)) reference = newReference(report.forceCode);
        statements.insertReport.run({
          reference,
          forceId: report.forceId,
          serviceId: report.serviceId,
          category: report.category,
          lang: report.lang,
          answers: JSON.stringify(report.answers),
          path: JSON.stringify(report.path),
          priority: report.priority,
          submittedAt: report.submittedAt,
          draftId: report.draftId ?? null,
          idempotencyKey: report.idempotencyKey ?? null,
        });
        if (report.draftId) statements.markDraftSent.run(reference, report.draftId);
        return { reference, created: true };
      });
    },
    async getReport(reference) {
      const row = statements.getReport.get(reference) as Row | undefined;
      return row ? toReport(row) : undefined;
    },
    async countReports() {
      return (statements.countReports.get() as { n: number }).n;
    },
    purgeDrafts(now) {
      return write(() => statements.purgeDrafts.run(now).changes);
    },
    pendingWrites: () => queue.length,
    async ping() {
      db.prepare("SELECT 1").get();
    },
    async close() {
      if (queue.length) await new Promise((resolve) => setImmediate(resolve));
      db.close();
    },
  };
}
