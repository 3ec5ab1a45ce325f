import { chmodSync, closeSync, existsSync, mkdirSync, openSync, renameSync, statSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { randomUUID } from "node:crypto";
import { newReference } from "../reference.ts";
import type { Cipher } from "./cipher.ts";
import { fileIdentity, storageFault } from "./faults.ts";
import { migrationsTable, pendingMigrations } from "./migrations.ts";
import { draftSecrets, emailRow, storedPayload, forDelivery, sameRequest, statusOutcome, toAudit, toDelivery, toDraft, toEmail, toFileRecord, toReport, toReturnLink, toStatusEvent, returnLinkRow, type Row } from "./rows.ts";
import { StoreUnavailable, type DeliveryBuilder, type NewEmail, type NewReport, type Store } from "./store.ts";

export interface SqliteOptions {
  /** Told when the store stops being able to keep writes (with the reason) and when it can again (undefined). */
  onHealthChange?: (problem: string | undefined) => void;
}

interface Pending {
  write: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * The SQLite store, with one more way in: a report whose reference, delivery row and emails were made already
 * (by the thread that checked it, see sqlite-threaded.ts) is kept as submit keeps it, or "taken" when that
 * reference is someone else's (the caller picks another).
 */
export interface SqliteStore extends Store {
  submitAs(report: NewReport, reference: string, built: ReturnType<DeliveryBuilder> | undefined, queued: NewEmail[]): Promise<{ reference: string; created: boolean } | "taken">;
}

/**
 * The embedded store: SQLite in WAL mode with synchronous=FULL, so a commit is on disk before anyone is told.
 * Writes queue up and commit together (group commit): every write that arrives while the event loop is busy
 * shares one transaction and one fsync, each in its own savepoint so one failure spoils no other.
 */
export function openSqliteStore(file: string, cipher: Cipher, options: SqliteOptions = {}): SqliteStore {
  if (file !== ":memory:") {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    if (!existsSync(file)) {
      // A write-ahead log left by a lost database belongs to that one: replayed into a new file it would mix the
      // two. It is kept aside, not deleted, for whoever restores the old store.
      for (const left of [`${file}-wal`, `${file}-shm`]) if (existsSync(left)) renameSync(left, `${left}.orphaned-${Date.now()}`);
      // SQLite gives its -wal and -shm files the database file's mode: made 0600 here, they are 0600 too.
      closeSync(openSync(file, "a", 0o600));
    }
    for (const own of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(own)) chmodSync(own, 0o600);
  }
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  db.pragma("busy_timeout = 5000");
  db.pragma("foreign_keys = ON");

  db.exec(migrationsTable);
  const applied = (db.prepare("SELECT version FROM schema_migrations").all() as { version: number }[]).map((r) => r.version);
  db.transaction(() => {
    for (const { version, sql } of pendingMigrations("sqlite", applied)) {
      db.exec(sql);
      db.prepare("INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)").run(version, new Date().toISOString());
    }
  })();

  /** The file this connection writes to: if the path stops naming it (deleted, replaced), nothing written is kept. */
  const opened = file === ":memory:" ? undefined : fileIdentity(statSync(file));
  let lost: string | undefined;
  let fault: string | undefined;
  const setFault = (problem: string | undefined) => {
    if (problem === fault) return;
    fault = problem;
    options.onHealthChange?.(problem);
  };
  /** Before each commit: is the open file still the one at the path? Once it is not, it never is again. */
  const checkFile = (): string | undefined => {
    if (lost || !opened) return lost;
    const now = statSync(file, { throwIfNoEntry: false });
    if (!now || fileIdentity(now) !== opened) {
      lost = `the database file ${file} was ${now ? "replaced" : "deleted"} while the service ran: nothing more can be kept in it. Restore it (or the store's backup) and restart the service`;
      setFault(lost);
    }
    return lost;
  };
  const unavailable = (error: unknown): unknown => {
    const problem = storageFault(error, file);
    if (!problem) return error;
    setFault(problem);
    return new StoreUnavailable(problem, 5);
  };

  const statements = {
    getDraft: db.prepare("SELECT * FROM drafts WHERE id = ?"),
    upsertDraft: db.prepare(
      `INSERT INTO drafts (id, force_id, service_id, lang, answers, created_at, updated_at, expires_at, reference, pending)
       VALUES (@id, @forceId, @serviceId, @lang, @answers, @createdAt, @updatedAt, @expiresAt, @reference, @pending)
       ON CONFLICT (id) DO UPDATE SET lang = excluded.lang, answers = excluded.answers, updated_at = excluded.updated_at, expires_at = excluded.expires_at, pending = excluded.pending`,
    ),
    deleteDraft: db.prepare("DELETE FROM drafts WHERE id = ?"),
    reportByDraft: db.prepare("SELECT reference FROM reports WHERE draft_id = ?"),
    reportByKey: db.prepare("SELECT reference, idempotency_fingerprint FROM reports WHERE force_id = ? AND idempotency_key = ?"),
    referenceTaken: db.prepare("SELECT 1 FROM reports WHERE reference = ?"),
    insertReport: db.prepare(
      `INSERT INTO reports (reference, force_id, service_id, category, lang, answers, path, priority, submitted_at, draft_id, idempotency_key, idempotency_fingerprint, seq)
       VALUES (@reference, @forceId, @serviceId, @category, @lang, @answers, @path, @priority, @submittedAt, @draftId, @idempotencyKey, @fingerprint, @seq)`,
    ),
    nextSeq: db.prepare(
      `INSERT INTO force_sequences (force_id, last_seq) VALUES (?, 1)
       ON CONFLICT (force_id) DO UPDATE SET last_seq = last_seq + 1 RETURNING last_seq`,
    ),
    insertDelivery: db.prepare(
      `INSERT INTO deliveries (id, reference, force_id, payload, status, attempts, next_attempt_at, created_at)
       VALUES (?, ?, ?, ?, 'pending', 0, ?, ?)`,
    ),
    listReports: db.prepare("SELECT * FROM reports WHERE force_id = ? AND seq > ? ORDER BY seq LIMIT ?"),
    acknowledge: db.prepare("UPDATE reports SET acknowledged_at = COALESCE(acknowledged_at, ?) WHERE force_id = ? AND reference = ?"),
    expiredReports: db.prepare("SELECT reference, force_id FROM reports WHERE acknowledged_at IS NOT NULL AND acknowledged_at < ?"),
    deleteReport: db.prepare("DELETE FROM reports WHERE reference = ?"),
    deleteDeliveries: db.prepare("DELETE FROM deliveries WHERE reference = ?"),
    dueDeliveries: db.prepare(
      `SELECT * FROM deliveries WHERE status = 'pending' AND next_attempt_at <= @now AND (claimed_until IS NULL OR claimed_until <= @now)
         AND force_id IN (SELECT value FROM json_each(@forces))
       ORDER BY next_attempt_at LIMIT @limit`,
    ),
    leaseDelivery: db.prepare("UPDATE deliveries SET claimed_until = ? WHERE id = ?"),
    setPayload: db.prepare("UPDATE deliveries SET payload = ? WHERE id = ? AND payload = ''"),
    unbuiltDeliveries: db.prepare("SELECT * FROM deliveries WHERE payload = '' AND status = 'pending' AND created_at <= ? ORDER BY created_at LIMIT ?"),
    markDelivered: db.prepare("UPDATE deliveries SET status = 'delivered', delivered_at = ?, claimed_until = NULL, attempts = attempts + 1 WHERE id = ?"),
    markFailed: db.prepare("UPDATE deliveries SET status = @status, attempts = @attempts, next_attempt_at = @nextAttemptAt, last_error = @error, claimed_until = NULL WHERE id = @id"),
    listDeliveries: db.prepare("SELECT * FROM deliveries WHERE force_id = ? AND status = ? ORDER BY created_at"),
    deliveryFor: db.prepare("SELECT * FROM deliveries WHERE force_id = ? AND reference = ?"),
    replay: db.prepare("UPDATE deliveries SET status = 'pending', attempts = 0, next_attempt_at = ?, last_error = NULL, claimed_until = NULL WHERE force_id = ? AND id = ? AND status = 'dead'"),
    addApiKey: db.prepare("INSERT INTO api_keys (id, force_id, key_hash, created_at) VALUES (@id, @forceId, @keyHash, @createdAt)"),
    findApiKey: db.prepare("SELECT id, force_id FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL"),
    audit: db.prepare("INSERT INTO audit (id, at, actor, action, force_id, reference, route) VALUES (?, ?, ?, ?, ?, ?, ?)"),
    auditTrail: db.prepare("SELECT * FROM audit WHERE reference = ? ORDER BY at, rowid"),
    auditOf: db.prepare("SELECT * FROM audit WHERE force_id = ? AND action = ? ORDER BY at, rowid LIMIT ?"),
    probe: db.prepare("INSERT INTO store_probe (id, at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET at = excluded.at"),
    markDraftSent: db.prepare("UPDATE drafts SET reference = ? WHERE id = ?"),
    getReport: db.prepare("SELECT * FROM reports WHERE reference = ?"),
    countReports: db.prepare("SELECT COUNT(*) AS n FROM reports"),
    purgeDrafts: db.prepare("DELETE FROM drafts WHERE expires_at < ?"),
    insertFile: db.prepare("INSERT INTO files (id, draft_id, reference, force_id, record, size, complete, created_at) VALUES (?, ?, NULL, ?, ?, ?, 0, ?)"),
    insertChunk: db.prepare("INSERT INTO file_chunks (file_id, n, data) VALUES (?, ?, ?)"),
    completeFile: db.prepare("UPDATE files SET complete = 1 WHERE id = ?"),
    chunkOf: db.prepare("SELECT data FROM file_chunks WHERE file_id = ? AND n = ?"),
    draftFiles: db.prepare("SELECT * FROM files WHERE draft_id = ? AND reference IS NULL AND complete = 1 ORDER BY created_at, rowid"),
    reportFiles: db.prepare("SELECT * FROM files WHERE reference = ? AND complete = 1 ORDER BY created_at, rowid"),
    reportFile: db.prepare("SELECT * FROM files WHERE id = ? AND reference = ? AND force_id = ? AND complete = 1"),
    attachFiles: db.prepare("UPDATE files SET reference = ? WHERE draft_id = ? AND reference IS NULL AND complete = 1 AND id IN (SELECT value FROM json_each(?))"),
    deleteOneFileChunks: db.prepare("DELETE FROM file_chunks WHERE file_id IN (SELECT id FROM files WHERE id = ? AND draft_id = ? AND reference IS NULL)"),
    deleteOneFile: db.prepare("DELETE FROM files WHERE id = ? AND draft_id = ? AND reference IS NULL"),
    deleteFileById: db.prepare("DELETE FROM files WHERE id = ?"),
    deleteChunksById: db.prepare("DELETE FROM file_chunks WHERE file_id = ?"),
    deleteDraftFileChunks: db.prepare("DELETE FROM file_chunks WHERE file_id IN (SELECT id FROM files WHERE draft_id = ? AND reference IS NULL)"),
    deleteDraftFiles: db.prepare("DELETE FROM files WHERE draft_id = ? AND reference IS NULL"),
    deleteReportFileChunks: db.prepare("DELETE FROM file_chunks WHERE file_id IN (SELECT id FROM files WHERE reference = ?)"),
    deleteReportFiles: db.prepare("DELETE FROM files WHERE reference = ?"),
    deleteOrphanChunks: db.prepare("DELETE FROM file_chunks WHERE file_id IN (SELECT id FROM files WHERE reference IS NULL AND draft_id NOT IN (SELECT id FROM drafts))"),
    deleteOrphanFiles: db.prepare("DELETE FROM files WHERE reference IS NULL AND draft_id NOT IN (SELECT id FROM drafts)"),
    countFiles: db.prepare("SELECT (SELECT COUNT(*) FROM files) AS files, (SELECT COUNT(*) FROM file_chunks) AS chunks"),
    insertEmail: db.prepare(
      `INSERT INTO emails (id, reference, force_id, kind, lang, message, status, attempts, next_attempt_at, created_at)
       VALUES (@id, @reference, @forceId, @kind, @lang, @message, 'pending', 0, @at, @at)`,
    ),
    dueEmails: db.prepare(
      `SELECT * FROM emails WHERE status = 'pending' AND next_attempt_at <= @now AND (claimed_until IS NULL OR claimed_until <= @now)
       ORDER BY next_attempt_at LIMIT @limit`,
    ),
    leaseEmail: db.prepare("UPDATE emails SET claimed_until = ? WHERE id = ?"),
    markEmailSent: db.prepare("UPDATE emails SET status = 'sent', sent_at = ?, message = NULL, claimed_until = NULL, attempts = attempts + 1, last_error = NULL WHERE id = ?"),
    markEmailFailed: db.prepare("UPDATE emails SET status = @status, attempts = @attempts, next_attempt_at = @nextAttemptAt, last_error = @error, claimed_until = NULL WHERE id = @id"),
    emailsFor: db.prepare("SELECT * FROM emails WHERE reference = ? ORDER BY created_at, rowid"),
    listEmails: db.prepare("SELECT * FROM emails WHERE status = ? ORDER BY created_at, rowid LIMIT ?"),
    deleteEmails: db.prepare("DELETE FROM emails WHERE reference = ?"),
    deleteLooseEmails: db.prepare("DELETE FROM emails WHERE reference IS NULL AND created_at < ?"),
    waitingDraft: db.prepare("SELECT 1 FROM drafts WHERE id = ? AND reference IS NULL"),
    deleteDraftLinks: db.prepare("DELETE FROM return_links WHERE draft_id = ?"),
    insertLink: db.prepare(
      `INSERT INTO return_links (token_hash, draft_id, force_id, service_id, lang, email, email_check, failed_attempts, created_at, expires_at, remind_at, reminded)
       VALUES (@tokenHash, @draftId, @forceId, @serviceId, @lang, @email, @emailCheck, @failedAttempts, @createdAt, @expiresAt, @remindAt, @reminded)`,
    ),
    keepDraftUntil: db.prepare("UPDATE drafts SET expires_at = ? WHERE id = ?"),
    getLink: db.prepare("SELECT * FROM return_links WHERE token_hash = ?"),
    failLink: db.prepare("UPDATE return_links SET failed_attempts = failed_attempts + 1 WHERE token_hash = ? RETURNING failed_attempts"),
    deleteLink: db.prepare("DELETE FROM return_links WHERE token_hash = ?"),
    dueLinks: db.prepare(
      `SELECT l.* FROM return_links l JOIN drafts d ON d.id = l.draft_id AND d.reference IS NULL
       WHERE l.reminded = 0 AND l.remind_at <= ? ORDER BY l.remind_at LIMIT ?`,
    ),
    markReminded: db.prepare("UPDATE return_links SET reminded = 1 WHERE token_hash = ?"),
    purgeLinks: db.prepare("DELETE FROM return_links WHERE expires_at < ? OR draft_id NOT IN (SELECT id FROM drafts WHERE reference IS NULL)"),
    reportOfForce: db.prepare("SELECT acknowledged_at FROM reports WHERE force_id = ? AND reference = ?"),
    statusEvents: db.prepare("SELECT * FROM status_events WHERE reference = ? ORDER BY at, status = 'closed'"),
    insertStatusEvent: db.prepare("INSERT INTO status_events (reference, force_id, status, message, at) VALUES (?, ?, ?, ?, ?)"),
    deleteStatusEvents: db.prepare("DELETE FROM status_events WHERE reference = ?"),
    wantStatusEmails: db.prepare("INSERT INTO status_emails (reference, since) VALUES (?, ?) ON CONFLICT (reference) DO NOTHING"),
    deleteStatusEmails: db.prepare("DELETE FROM status_emails WHERE reference = ?"),
    wantsStatusEmails: db.prepare("SELECT 1 FROM status_emails WHERE reference = ?"),
  };

  /** One write in its own savepoint (a transaction function called inside another), made once, not per write. */
  const inSavepoint = db.transaction((operation: () => unknown) => operation());
  /** A batch in one transaction: one commit, one fsync. */
  const inTransaction = db.transaction((batch: Pending[], outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[]) => {
    for (const item of batch) {
      try {
        outcomes.push({ ok: true, value: inSavepoint(item.write) });
      } catch (error) {
        outcomes.push({ ok: false, error });
      }
    }
  });

  let queue: Pending[] = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    const batch = queue;
    queue = [];
    const gone = checkFile();
    if (gone) {
      for (const item of batch) item.reject(new StoreUnavailable(gone, 60));
      return;
    }
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    try {
      // IMMEDIATE: the write lock is taken at BEGIN (waiting on busy_timeout), so a second connection writing the same
      // file (another instance, or the threaded store's two) is waited for rather than failing the batch with SQLITE_BUSY.
      inTransaction.immediate(batch, outcomes);
    } catch (error) {
      // The commit itself failed (disk full, read-only, I/O error): nothing in the batch was kept.
      const refusal = unavailable(error);
      for (const item of batch) item.reject(refusal);
      return;
    }
    // Committed: whatever stopped writes before has passed (space is back).
    if (outcomes.some((outcome) => outcome.ok)) setFault(undefined);
    batch.forEach((item, i) => {
      const outcome = outcomes[i];
      if (outcome.ok) item.resolve(outcome.value);
      else item.reject(unavailable(outcome.error));
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
      if (row) return String(row.reference);
    }
    if (report.idempotencyKey) {
      const row = statements.reportByKey.get(report.forceId, report.idempotencyKey) as Row | undefined;
      if (row) return sameRequest(row, report);
    }
    return undefined;
  };

  /** Keeps a report under its new reference, with its delivery row and emails: inside a write's savepoint. */
  const keep = (report: NewReport, reference: string, built: ReturnType<DeliveryBuilder> | undefined, queued: NewEmail[]) => {
    statements.insertReport.run({
      reference,
      forceId: report.forceId,
      serviceId: report.serviceId,
      category: report.category,
      lang: report.lang,
      answers: cipher.encrypt(JSON.stringify(report.answers)),
      path: JSON.stringify(report.path),
      priority: report.priority,
      submittedAt: report.submittedAt,
      draftId: report.draftId ?? null,
      idempotencyKey: report.idempotencyKey ?? null,
      fingerprint: report.idempotencyKey ? (report.requestFingerprint ?? null) : null,
      seq: (statements.nextSeq.get(report.forceId) as { last_seq: number }).last_seq,
    });
    if (report.draftId) statements.markDraftSent.run(reference, report.draftId);
    if (report.draftId && report.fileIds?.length) statements.attachFiles.run(reference, report.draftId, JSON.stringify(report.fileIds));
    if (built) statements.insertDelivery.run(built.id, reference, report.forceId, storedPayload(built, cipher), report.submittedAt, report.submittedAt);
    for (const email of queued) statements.insertEmail.run({ ...emailRow(email, cipher), at: report.submittedAt });
    return { reference, created: true };
  };

  return {
    async getDraft(id) {
      const row = statements.getDraft.get(id) as Row | undefined;
      return row ? toDraft(row, cipher) : undefined;
    },
    saveDraft(draft) {
      return write(() => {
        statements.upsertDraft.run({ ...draft, ...draftSecrets(draft, cipher) });
      });
    },
    deleteDraft(id) {
      return write(() => {
        statements.deleteDraftFileChunks.run(id);
        statements.deleteDraftFiles.run(id);
        return statements.deleteDraft.run(id).changes > 0;
      });
    },
    submit(report, delivery, emails) {
      return write(() => {
        const found = existing(report);
        if (found) return { reference: found, created: false };
        let reference = newReference(report.forceCode);
        while (statements.referenceTaken.get(reference)) reference = newReference(report.forceCode);
        const shaped = forDelivery(report, reference);
        return keep(report, reference, delivery?.(shaped), emails?.(shaped) ?? []);
      });
    },
    submitAs(report, reference, built, queued) {
      return write(() => {
        const found = existing(report);
        if (found) return { reference: found, created: false };
        if (statements.referenceTaken.get(reference)) return "taken" as const;
        return keep(report, reference, built, queued);
      });
    },
    async getReport(reference) {
      const row = statements.getReport.get(reference) as Row | undefined;
      return row ? toReport(row, cipher) : undefined;
    },
    async listReports(forceId, afterSeq, limit) {
      return (statements.listReports.all(forceId, afterSeq, limit) as Row[]).map((row) => toReport(row, cipher));
    },
    acknowledge(forceId, reference, at) {
      return write(() => statements.acknowledge.run(at, forceId, reference).changes > 0);
    },
    purgeReports(before, at) {
      return write(() => {
        const expired = statements.expiredReports.all(before) as Row[];
        for (const row of expired) {
          statements.deleteDeliveries.run(row.reference);
          statements.deleteEmails.run(row.reference);
          statements.deleteReportFileChunks.run(row.reference);
          statements.deleteReportFiles.run(row.reference);
          statements.deleteStatusEvents.run(row.reference);
          statements.deleteStatusEmails.run(row.reference);
          statements.deleteReport.run(row.reference);
          statements.audit.run(randomUUID(), at, "retention", "delete", row.force_id, row.reference, "retention purge");
        }
        statements.deleteLooseEmails.run(before);
        return expired.length;
      });
    },
    recordStatus(forceId, reference, change) {
      return write(() => {
        const report = statements.reportOfForce.get(forceId, reference) as Row | undefined;
        if (!report) return undefined;
        const events = (statements.statusEvents.all(reference) as Row[]).map((row) => toStatusEvent(row, cipher));
        const outcome = statusOutcome(report.acknowledged_at !== null, events, change);
        if (outcome !== "added") return outcome;
        statements.acknowledge.run(change.at, forceId, reference);
        if (change.status !== "acknowledged") statements.insertStatusEvent.run(reference, forceId, change.status, change.message === null ? null : cipher.encrypt(change.message), change.at);
        return outcome;
      });
    },
    async statusEvents(reference) {
      return (statements.statusEvents.all(reference) as Row[]).map((row) => toStatusEvent(row, cipher));
    },
    setStatusEmails(reference, wanted, at) {
      return write(() => {
        if (wanted) statements.wantStatusEmails.run(reference, at);
        else statements.deleteStatusEmails.run(reference);
      });
    },
    async wantsStatusEmails(reference) {
      return statements.wantsStatusEmails.get(reference) !== undefined;
    },
    claimDeliveries(now, leaseUntil, limit, forceIds) {
      return write(() => {
        const rows = statements.dueDeliveries.all({ now, limit, forces: JSON.stringify(forceIds) }) as Row[];
        for (const row of rows) statements.leaseDelivery.run(leaseUntil, row.id);
        return rows.map((row) => toDelivery(row, cipher));
      });
    },
    setDeliveryPayload(id, payload) {
      const sealed = cipher.encrypt(payload);
      return write(() => statements.setPayload.run(sealed, id).changes > 0);
    },
    async unbuiltDeliveries(createdBefore, limit) {
      return (statements.unbuiltDeliveries.all(createdBefore, limit) as Row[]).map((row) => toDelivery(row, cipher));
    },
    markDelivered(id, at) {
      return write(() => {
        statements.markDelivered.run(at, id);
      });
    },
    markFailed(id, failure) {
      return write(() => {
        statements.markFailed.run({ id, status: failure.dead ? "dead" : "pending", attempts: failure.attempts, nextAttemptAt: failure.nextAttemptAt, error: failure.error });
      });
    },
    async listDeliveries(forceId, status) {
      return (statements.listDeliveries.all(forceId, status) as Row[]).map((row) => toDelivery(row, cipher));
    },
    async getDeliveryFor(forceId, reference) {
      const row = statements.deliveryFor.get(forceId, reference) as Row | undefined;
      return row ? toDelivery(row, cipher) : undefined;
    },
    replayDelivery(forceId, id, now) {
      return write(() => statements.replay.run(now, forceId, id).changes > 0);
    },
    queueEmail(email, at) {
      return write(() => {
        statements.insertEmail.run({ ...emailRow(email, cipher), at });
      });
    },
    claimEmails(now, leaseUntil, limit) {
      return write(() => {
        const rows = statements.dueEmails.all({ now, limit }) as Row[];
        for (const row of rows) statements.leaseEmail.run(leaseUntil, row.id);
        return rows.map((row) => toEmail(row, cipher));
      });
    },
    markEmailSent(id, at) {
      return write(() => {
        statements.markEmailSent.run(at, id);
      });
    },
    markEmailFailed(id, failure) {
      return write(() => {
        statements.markEmailFailed.run({ id, status: failure.dead ? "dead" : "pending", attempts: failure.attempts, nextAttemptAt: failure.nextAttemptAt, error: failure.error });
      });
    },
    async emailsFor(reference) {
      return (statements.emailsFor.all(reference) as Row[]).map((row) => toEmail(row, cipher));
    },
    async listEmails(status, limit) {
      return (statements.listEmails.all(status, limit) as Row[]).map((row) => toEmail(row, cipher));
    },
    addApiKey(key) {
      return write(() => {
        statements.addApiKey.run(key);
      });
    },
    async findApiKey(keyHash) {
      const row = statements.findApiKey.get(keyHash) as Row | undefined;
      return row ? { id: String(row.id), forceId: String(row.force_id) } : undefined;
    },
    audit(entry) {
      return write(() => {
        statements.audit.run(randomUUID(), entry.at, entry.actor, entry.action, entry.forceId, entry.reference, entry.route);
      });
    },
    async auditTrail(reference) {
      return (statements.auditTrail.all(reference) as Row[]).map(toAudit);
    },
    async auditOf(forceId, action, limit) {
      return (statements.auditOf.all(forceId, action, limit) as Row[]).map(toAudit);
    },
    async countReports() {
      return (statements.countReports.get() as { n: number }).n;
    },
    saveReturnLink(link) {
      return write(() => {
        if (!statements.waitingDraft.get(link.draftId)) return false;
        statements.deleteDraftLinks.run(link.draftId);
        statements.insertLink.run(returnLinkRow(link, cipher));
        statements.keepDraftUntil.run(link.expiresAt, link.draftId);
        return true;
      });
    },
    async returnLink(tokenHash) {
      const row = statements.getLink.get(tokenHash) as Row | undefined;
      return row ? toReturnLink(row, cipher) : undefined;
    },
    failReturnConfirmation(tokenHash, most) {
      return write(() => {
        const row = statements.failLink.get(tokenHash) as { failed_attempts: number } | undefined;
        if (!row) return most;
        if (row.failed_attempts >= most) statements.deleteLink.run(tokenHash);
        return row.failed_attempts;
      });
    },
    takeReturnLink(tokenHash) {
      return write(() => statements.deleteLink.run(tokenHash).changes > 0);
    },
    forgetReturnLinks(draftId) {
      return write(() => {
        statements.deleteDraftLinks.run(draftId);
      });
    },
    remindReturnLinks(now, build, limit) {
      return write(() => {
        const due = (statements.dueLinks.all(now, limit) as Row[]).map((row) => toReturnLink(row, cipher));
        for (const link of due) {
          statements.insertEmail.run({ ...emailRow(build(link), cipher), at: now });
          statements.markReminded.run(link.tokenHash);
        }
        return due.length;
      });
    },
    purgeDrafts(now) {
      return write(() => {
        const purged = statements.purgeDrafts.run(now).changes;
        statements.purgeLinks.run(now);
        statements.deleteOrphanChunks.run();
        statements.deleteOrphanFiles.run();
        return purged;
      });
    },
    async putFile(file, chunks) {
      const { record } = file;
      await write(() => statements.insertFile.run(record.id, file.draftId, file.forceId, cipher.encrypt(JSON.stringify(record)), record.size, file.createdAt));
      try {
        // Up to 8 chunks (8 MB) a commit: a 250 MB video is 32 commits, not 250, and never more than 8 MB in memory.
        let n = 0;
        let batch: { at: number; sealed: Buffer }[] = [];
        const commit = (rows: typeof batch) => write(() => rows.forEach((row) => statements.insertChunk.run(record.id, row.at, row.sealed)));
        for await (const chunk of chunks) {
          batch.push({ at: n++, sealed: cipher.encryptBytes(chunk) });
          if (batch.length === 8) {
            await commit(batch);
            batch = [];
          }
        }
        await write(() => {
          for (const row of batch) statements.insertChunk.run(record.id, row.at, row.sealed);
          statements.completeFile.run(record.id);
        });
      } catch (error) {
        await write(() => {
          statements.deleteChunksById.run(record.id);
          statements.deleteFileById.run(record.id);
        }).catch(() => undefined);
        throw error;
      }
    },
    deleteFile(draftId, id) {
      return write(() => {
        statements.deleteOneFileChunks.run(id, draftId);
        return statements.deleteOneFile.run(id, draftId).changes > 0;
      });
    },
    async fileRecords(owner) {
      const rows = ("draftId" in owner ? statements.draftFiles.all(owner.draftId) : statements.reportFiles.all(owner.reference)) as Row[];
      return rows.map((row) => toFileRecord(row, cipher));
    },
    async readFile(forceId, reference, id) {
      const row = statements.reportFile.get(id, reference, forceId) as Row | undefined;
      if (!row) return undefined;
      async function* chunks() {
        for (let n = 0; ; n++) {
          const chunk = statements.chunkOf.get(id, n) as { data: Buffer } | undefined;
          if (!chunk) return;
          yield cipher.decryptBytes(chunk.data);
        }
      }
      return { record: toFileRecord(row, cipher), reference, chunks: chunks() };
    },
    async countFiles() {
      return statements.countFiles.get() as { files: number; chunks: number };
    },
    pendingWrites: () => queue.length,
    async ping() {
      const gone = checkFile();
      if (gone) throw new StoreUnavailable(gone, 60);
      // After a fault, only a write shows whether writes are kept again (space freed, disk writable).
      if (fault) await write(() => statements.probe.run(new Date().toISOString()));
      else db.prepare("SELECT 1").get();
    },
    async close() {
      if (queue.length) await new Promise((resolve) => setImmediate(resolve));
      db.close();
    },
  };
}
