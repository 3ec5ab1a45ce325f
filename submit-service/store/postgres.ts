import { randomUUID } from "node:crypto";
import pg from "pg";
import { newReference } from "../reference.ts";
import type { Cipher } from "./cipher.ts";
import { migrationsTable, pendingMigrations } from "./migrations.ts";
import { draftSecrets, emailRow, storedPayload, forDelivery, sameRequest, statusOutcome, toAudit, toDelivery, toDraft, toEmail, toFileRecord, toReport, toReturnLink, toStatusEvent, returnLinkRow, type Row } from "./rows.ts";
import type { NewReport, Store } from "./store.ts";

export interface PostgresOptions {
  /** Connections this instance may hold; the database must allow instances × this. */
  poolSize: number;
  /** Told when an idle connection fails (the pool replaces it). */
  onError?: (error: Error) => void;
}

/** Keys for pg_advisory_xact_lock, the same in every instance: one migrator, and one numbering pass, at a time. */
const MIGRATION_LOCK = 7_301_845_112;
const NUMBERING_LOCK = 7_301_845_113;

/** Gives every committed report without a place the next places of its force, in the order they were submitted. */
const numberReports = `
  WITH waiting AS (
    SELECT reference, force_id, ROW_NUMBER() OVER (PARTITION BY force_id ORDER BY submitted_at, reference) AS n
    FROM reports WHERE seq IS NULL),
  counts AS (SELECT force_id, COUNT(*) AS taken FROM waiting GROUP BY force_id),
  raised AS (
    INSERT INTO force_sequences (force_id, last_seq) SELECT force_id, taken FROM counts
    ON CONFLICT (force_id) DO UPDATE SET last_seq = force_sequences.last_seq + excluded.last_seq
    RETURNING force_id, last_seq)
  UPDATE reports SET seq = raised.last_seq - counts.taken + waiting.n
  FROM waiting JOIN counts USING (force_id) JOIN raised USING (force_id)
  WHERE reports.reference = waiting.reference`;

/** A report with its draft's mark and its delivery, as one statement: all of it is stored, or none. */
const insertReport = `
  WITH report AS (
    INSERT INTO reports (reference, force_id, service_id, category, lang, answers, path, priority, submitted_at, draft_id, idempotency_key, idempotency_fingerprint)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $14)
    ON CONFLICT DO NOTHING RETURNING reference),
  draft AS (UPDATE drafts SET reference = $1 WHERE id = $10 AND EXISTS (SELECT 1 FROM report)),
  delivery AS (
    INSERT INTO deliveries (id, reference, force_id, payload, status, attempts, next_attempt_at, created_at)
    SELECT $12, reference, $2, $13, 'pending', 0, $9, $9 FROM report WHERE $12::text IS NOT NULL),
  attached AS (UPDATE files SET reference = $1 WHERE draft_id = $10 AND reference IS NULL AND complete = 1 AND id = ANY($15::text[]) AND EXISTS (SELECT 1 FROM report)),
  emails AS (
    INSERT INTO emails (id, reference, force_id, kind, lang, message, status, attempts, next_attempt_at, created_at)
    SELECT e.id, report.reference, $2, e.kind, e.lang, e.message, 'pending', 0, $9, $9
    FROM report, json_to_recordset($16::json) AS e(id text, kind text, lang text, message text))
  SELECT reference FROM report`;

/** A report's status events, oldest first (a closing made in the same instant as the look comes after it). */
const statusEventsQuery = "SELECT * FROM status_events WHERE reference = $1 ORDER BY at, status = 'closed'";

/** Files of drafts no longer there (expired, sent away, or left): their chunks, then their records. */
const orphanFiles = "reference IS NULL AND draft_id NOT IN (SELECT id FROM drafts)";

/**
 * The store for several service instances on one PostgreSQL database. What one instance does is safe against
 * another doing the same at once:
 * - a report, its draft's mark and its delivery are one INSERT … statement (one round trip, one transaction);
 *   the same draft or Idempotency-Key sent to two instances makes the second insert wait on the unique index
 *   for the first to commit and then find it, so there is one report;
 * - reports are numbered for the pull API just after they commit, by one numbering pass at a time across all
 *   instances (an advisory lock): a pass numbers every committed report still without a place, so places follow
 *   commit order and a reader that remembers the last place it saw never skips one. A submit waits for the next
 *   pass, and passes are shared by every submit that arrived meanwhile, like a group commit;
 * - deliveries are claimed with FOR UPDATE SKIP LOCKED and a lease, so no two instances send the same one.
 */
export async function openPostgresStore(url: string, cipher: Cipher, options: PostgresOptions): Promise<Store> {
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize, application_name: "front-counter" });
  pool.on("error", (error) => options.onError?.(error));

  /** Runs `work` in one transaction on one connection; rolls back on any error and discards a broken connection. */
  async function transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    try {
      await client.query("BEGIN");
      const result = await work(client);
      await client.query("COMMIT");
      client.release();
      return result;
    } catch (error) {
      await client.query("ROLLBACK").then(
        () => client.release(),
        () => client.release(true),
      );
      throw error;
    }
  }
  const rows = async (sql: string, values: unknown[] = []): Promise<Row[]> => (await pool.query(sql, values)).rows as Row[];
  const changed = async (sql: string, values: unknown[]): Promise<number> => (await pool.query(sql, values)).rowCount ?? 0;

  try {
    await transaction(async (client) => {
      await client.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK]);
      await client.query(migrationsTable);
      const applied = (await client.query("SELECT version FROM schema_migrations")).rows.map((r: { version: number }) => r.version);
      for (const { version, sql } of pendingMigrations("postgres", applied)) {
        await client.query(sql);
        await client.query("INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)", [version, new Date().toISOString()]);
      }
    });
  } catch (error) {
    await pool.end();
    throw error;
  }

  const existing = async (report: NewReport): Promise<string | undefined> => {
    if (!report.draftId && !report.idempotencyKey) return undefined;
    const [row] = await rows("SELECT reference, draft_id, idempotency_fingerprint FROM reports WHERE draft_id = $1 OR (force_id = $2 AND idempotency_key = $3) LIMIT 1", [
      report.draftId ?? null,
      report.forceId,
      report.idempotencyKey ?? null,
    ]);
    if (!row) return undefined;
    return report.draftId !== undefined && row.draft_id === report.draftId ? String(row.reference) : sameRequest(row, report);
  };

  /** Numbering passes: at most one running here, and every caller waits for one that starts after it asked. */
  const numbering = (() => {
    let running: Promise<void> | null = null;
    let queued: Promise<void> | null = null;
    const pass = () =>
      transaction(async (client) => {
        await client.query("SELECT pg_advisory_xact_lock($1)", [NUMBERING_LOCK]);
        await client.query(numberReports);
      });
    const passAfterNow = (): Promise<void> => {
      if (!running) return (running = pass().finally(() => (running = null)));
      return (queued ??= running.catch(() => {}).then(() => {
        queued = null;
        return passAfterNow();
      }));
    };
    // Reports whose instance died between commit and numbering are numbered by whichever instance passes next.
    const sweep = setInterval(() => void passAfterNow().catch((error: Error) => options.onError?.(error)), 1_000);
    sweep.unref();
    return { passAfterNow, stop: () => clearInterval(sweep), idle: () => Promise.allSettled([running, queued]) };
  })();

  return {
    async getDraft(id) {
      const [row] = await rows("SELECT * FROM drafts WHERE id = $1", [id]);
      return row ? toDraft(row, cipher) : undefined;
    },
    async saveDraft(draft) {
      const secrets = draftSecrets(draft, cipher);
      await pool.query(
        `INSERT INTO drafts (id, force_id, service_id, lang, answers, created_at, updated_at, expires_at, reference, pending)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT (id) DO UPDATE SET lang = excluded.lang, answers = excluded.answers, updated_at = excluded.updated_at, expires_at = excluded.expires_at, pending = excluded.pending`,
        [draft.id, draft.forceId, draft.serviceId, draft.lang, secrets.answers, draft.createdAt, draft.updatedAt, draft.expiresAt, draft.reference, secrets.pending],
      );
    },
    async deleteDraft(id) {
      return transaction(async (client) => {
        await client.query("DELETE FROM file_chunks WHERE file_id IN (SELECT id FROM files WHERE draft_id = $1 AND reference IS NULL)", [id]);
        await client.query("DELETE FROM files WHERE draft_id = $1 AND reference IS NULL", [id]);
        return ((await client.query("DELETE FROM drafts WHERE id = $1", [id])).rowCount ?? 0) > 0;
      });
    },
    async submit(report, delivery, emails) {
      const found = await existing(report);
      if (found) return { reference: found, created: false };
      for (;;) {
        const reference = newReference(report.forceCode);
        const built = delivery?.(forDelivery(report, reference));
        const queued = (emails?.(forDelivery(report, reference)) ?? []).map((email) => emailRow(email, cipher));
        const { rows: inserted } = await pool.query(insertReport, [
          reference,
          report.forceId,
          report.serviceId,
          report.category,
          report.lang,
          cipher.encrypt(JSON.stringify(report.answers)),
          JSON.stringify(report.path),
          report.priority,
          report.submittedAt,
          report.draftId ?? null,
          report.idempotencyKey ?? null,
          built?.id ?? null,
          built ? storedPayload(built, cipher) : null,
          report.idempotencyKey ? (report.requestFingerprint ?? null) : null,
          report.fileIds ?? [],
          JSON.stringify(queued),
        ]);
        if (inserted.length) {
          // Stored: numbering is done for it by the next pass (or, if that fails, by a later one).
          await numbering.passAfterNow().catch((error: Error) => options.onError?.(error));
          return { reference, created: true };
        }
        // Any unique clash leaves no row: the same draft or key sent elsewhere (found now it has committed), or
        // — once in a very long while — a reference already taken (try another).
        const other = await existing(report);
        if (other) return { reference: other, created: false };
      }
    },
    async getReport(reference) {
      const [row] = await rows("SELECT * FROM reports WHERE reference = $1", [reference]);
      return row ? toReport(row, cipher) : undefined;
    },
    async listReports(forceId, afterSeq, limit) {
      return (await rows("SELECT * FROM reports WHERE force_id = $1 AND seq > $2 ORDER BY seq LIMIT $3", [forceId, afterSeq, limit])).map((row) => toReport(row, cipher));
    },
    async acknowledge(forceId, reference, at) {
      return (await changed("UPDATE reports SET acknowledged_at = COALESCE(acknowledged_at, $1) WHERE force_id = $2 AND reference = $3", [at, forceId, reference])) > 0;
    },
    purgeReports(before, at) {
      return transaction(async (client) => {
        // Rows another instance is deleting at the same moment are skipped here, so each deletion is audited once.
        const deleted = (await client.query("DELETE FROM reports WHERE acknowledged_at IS NOT NULL AND acknowledged_at < $1 RETURNING reference, force_id", [before])).rows as Row[];
        await client.query("DELETE FROM emails WHERE reference IS NULL AND created_at < $1", [before]);
        if (!deleted.length) return 0;
        const references = deleted.map((row) => row.reference);
        await client.query("DELETE FROM deliveries WHERE reference = ANY($1)", [references]);
        await client.query("DELETE FROM emails WHERE reference = ANY($1)", [references]);
        await client.query("DELETE FROM file_chunks WHERE file_id IN (SELECT id FROM files WHERE reference = ANY($1))", [references]);
        await client.query("DELETE FROM files WHERE reference = ANY($1)", [references]);
        await client.query("DELETE FROM status_events WHERE reference = ANY($1)", [references]);
        await client.query("DELETE FROM status_emails WHERE reference = ANY($1)", [references]);
        for (const row of deleted) {
          await client.query("INSERT INTO audit (id, at, actor, action, force_id, reference, route) VALUES ($1, $2, 'retention', 'delete', $3, $4, 'retention purge')", [randomUUID(), at, row.force_id, row.reference]);
        }
        return deleted.length;
      });
    },
    recordStatus(forceId, reference, change) {
      return transaction(async (client) => {
        // The report's row is locked: two instances given the same change at once record it once.
        const [report] = (await client.query("SELECT acknowledged_at FROM reports WHERE force_id = $1 AND reference = $2 FOR UPDATE", [forceId, reference])).rows as Row[];
        if (!report) return undefined;
        const events = ((await client.query(statusEventsQuery, [reference])).rows as Row[]).map((row) => toStatusEvent(row, cipher));
        const outcome = statusOutcome(report.acknowledged_at !== null, events, change);
        if (outcome !== "added") return outcome;
        await client.query("UPDATE reports SET acknowledged_at = COALESCE(acknowledged_at, $1) WHERE force_id = $2 AND reference = $3", [change.at, forceId, reference]);
        if (change.status !== "acknowledged") {
          await client.query("INSERT INTO status_events (reference, force_id, status, message, at) VALUES ($1, $2, $3, $4, $5)", [
            reference, forceId, change.status, change.message === null ? null : cipher.encrypt(change.message), change.at,
          ]);
        }
        return outcome;
      });
    },
    async statusEvents(reference) {
      return (await rows(statusEventsQuery, [reference])).map((row) => toStatusEvent(row, cipher));
    },
    async setStatusEmails(reference, wanted, at) {
      if (wanted) await pool.query("INSERT INTO status_emails (reference, since) VALUES ($1, $2) ON CONFLICT (reference) DO NOTHING", [reference, at]);
      else await pool.query("DELETE FROM status_emails WHERE reference = $1", [reference]);
    },
    async wantsStatusEmails(reference) {
      return (await rows("SELECT 1 FROM status_emails WHERE reference = $1", [reference])).length > 0;
    },
    async claimDeliveries(now, leaseUntil, limit, forceIds) {
      const claimed = await rows(
        `UPDATE deliveries SET claimed_until = $2 WHERE id IN (
           SELECT id FROM deliveries
           WHERE status = 'pending' AND next_attempt_at <= $1 AND (claimed_until IS NULL OR claimed_until <= $1) AND force_id = ANY($3)
           ORDER BY next_attempt_at LIMIT $4
           FOR UPDATE SKIP LOCKED)
         RETURNING *`,
        [now, leaseUntil, forceIds, limit],
      );
      return claimed.map((row) => toDelivery(row, cipher)).sort((a, b) => a.nextAttemptAt.localeCompare(b.nextAttemptAt));
    },
    async setDeliveryPayload(id, payload) {
      return (await changed("UPDATE deliveries SET payload = $1 WHERE id = $2 AND payload = ''", [cipher.encrypt(payload), id])) > 0;
    },
    async unbuiltDeliveries(createdBefore, limit) {
      return (await rows("SELECT * FROM deliveries WHERE payload = '' AND status = 'pending' AND created_at <= $1 ORDER BY created_at LIMIT $2", [createdBefore, limit])).map((row) => toDelivery(row, cipher));
    },
    async markDelivered(id, at) {
      await pool.query("UPDATE deliveries SET status = 'delivered', delivered_at = $1, claimed_until = NULL, attempts = attempts + 1 WHERE id = $2", [at, id]);
    },
    async markFailed(id, failure) {
      await pool.query("UPDATE deliveries SET status = $2, attempts = $3, next_attempt_at = $4, last_error = $5, claimed_until = NULL WHERE id = $1", [
        id,
        failure.dead ? "dead" : "pending",
        failure.attempts,
        failure.nextAttemptAt,
        failure.error,
      ]);
    },
    async listDeliveries(forceId, status) {
      return (await rows("SELECT * FROM deliveries WHERE force_id = $1 AND status = $2 ORDER BY created_at", [forceId, status])).map((row) => toDelivery(row, cipher));
    },
    async getDeliveryFor(forceId, reference) {
      const [row] = await rows("SELECT * FROM deliveries WHERE force_id = $1 AND reference = $2", [forceId, reference]);
      return row ? toDelivery(row, cipher) : undefined;
    },
    async replayDelivery(forceId, id, now) {
      const sql = "UPDATE deliveries SET status = 'pending', attempts = 0, next_attempt_at = $1, last_error = NULL, claimed_until = NULL WHERE force_id = $2 AND id = $3 AND status = 'dead'";
      return (await changed(sql, [now, forceId, id])) > 0;
    },
    async queueEmail(email, at) {
      const row = emailRow(email, cipher);
      await pool.query(
        "INSERT INTO emails (id, reference, force_id, kind, lang, message, status, attempts, next_attempt_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, 'pending', 0, $7, $7)",
        [row.id, row.reference, row.forceId, row.kind, row.lang, row.message, at],
      );
    },
    async claimEmails(now, leaseUntil, limit) {
      const claimed = await rows(
        `UPDATE emails SET claimed_until = $2 WHERE id IN (
           SELECT id FROM emails
           WHERE status = 'pending' AND next_attempt_at <= $1 AND (claimed_until IS NULL OR claimed_until <= $1)
           ORDER BY next_attempt_at LIMIT $3
           FOR UPDATE SKIP LOCKED)
         RETURNING *`,
        [now, leaseUntil, limit],
      );
      return claimed.map((row) => toEmail(row, cipher)).sort((a, b) => a.nextAttemptAt.localeCompare(b.nextAttemptAt));
    },
    async markEmailSent(id, at) {
      await pool.query("UPDATE emails SET status = 'sent', sent_at = $1, message = NULL, claimed_until = NULL, attempts = attempts + 1, last_error = NULL WHERE id = $2", [at, id]);
    },
    async markEmailFailed(id, failure) {
      await pool.query("UPDATE emails SET status = $2, attempts = $3, next_attempt_at = $4, last_error = $5, claimed_until = NULL WHERE id = $1", [
        id,
        failure.dead ? "dead" : "pending",
        failure.attempts,
        failure.nextAttemptAt,
        failure.error,
      ]);
    },
    async emailsFor(reference) {
      return (await rows("SELECT * FROM emails WHERE reference = $1 ORDER BY created_at, id", [reference])).map((row) => toEmail(row, cipher));
    },
    async listEmails(status, limit) {
      return (await rows("SELECT * FROM emails WHERE status = $1 ORDER BY created_at, id LIMIT $2", [status, limit])).map((row) => toEmail(row, cipher));
    },
    async addApiKey(key) {
      await pool.query("INSERT INTO api_keys (id, force_id, key_hash, created_at) VALUES ($1, $2, $3, $4)", [key.id, key.forceId, key.keyHash, key.createdAt]);
    },
    async findApiKey(keyHash) {
      const [row] = await rows("SELECT id, force_id FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL", [keyHash]);
      return row ? { id: String(row.id), forceId: String(row.force_id) } : undefined;
    },
    async audit(entry) {
      await pool.query("INSERT INTO audit (id, at, actor, action, force_id, reference, route) VALUES ($1, $2, $3, $4, $5, $6, $7)", [
        randomUUID(),
        entry.at,
        entry.actor,
        entry.action,
        entry.forceId,
        entry.reference,
        entry.route,
      ]);
    },
    async auditTrail(reference) {
      return (await rows("SELECT * FROM audit WHERE reference = $1 ORDER BY at, n", [reference])).map(toAudit);
    },
    async auditOf(forceId, action, limit) {
      return (await rows("SELECT * FROM audit WHERE force_id = $1 AND action = $2 ORDER BY at, n LIMIT $3", [forceId, action, limit])).map(toAudit);
    },
    async countReports() {
      const [row] = await rows("SELECT COUNT(*) AS n FROM reports");
      return Number(row.n);
    },
    saveReturnLink(link) {
      return transaction(async (client) => {
        // The draft's row is locked first, so a link is never kept for a draft being sent or deleted at once.
        const waiting = await client.query("SELECT 1 FROM drafts WHERE id = $1 AND reference IS NULL FOR UPDATE", [link.draftId]);
        if (!waiting.rowCount) return false;
        const row = returnLinkRow(link, cipher);
        await client.query("DELETE FROM return_links WHERE draft_id = $1", [link.draftId]);
        await client.query(
          `INSERT INTO return_links (token_hash, draft_id, force_id, service_id, lang, email, email_check, failed_attempts, created_at, expires_at, remind_at, reminded)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
          [row.tokenHash, row.draftId, row.forceId, row.serviceId, row.lang, row.email, row.emailCheck, row.failedAttempts, row.createdAt, row.expiresAt, row.remindAt, row.reminded],
        );
        await client.query("UPDATE drafts SET expires_at = $1 WHERE id = $2", [link.expiresAt, link.draftId]);
        return true;
      });
    },
    async returnLink(tokenHash) {
      const [row] = await rows("SELECT * FROM return_links WHERE token_hash = $1", [tokenHash]);
      return row ? toReturnLink(row, cipher) : undefined;
    },
    async failReturnConfirmation(tokenHash, most) {
      return transaction(async (client) => {
        const [row] = (await client.query("UPDATE return_links SET failed_attempts = failed_attempts + 1 WHERE token_hash = $1 RETURNING failed_attempts", [tokenHash])).rows as Row[];
        if (!row) return most;
        const failed = Number(row.failed_attempts);
        if (failed >= most) await client.query("DELETE FROM return_links WHERE token_hash = $1", [tokenHash]);
        return failed;
      });
    },
    async takeReturnLink(tokenHash) {
      return (await changed("DELETE FROM return_links WHERE token_hash = $1", [tokenHash])) > 0;
    },
    async forgetReturnLinks(draftId) {
      await pool.query("DELETE FROM return_links WHERE draft_id = $1", [draftId]);
    },
    remindReturnLinks(now, build, limit) {
      return transaction(async (client) => {
        // SKIP LOCKED: two instances sweeping at once each remind different links, and each link once.
        const due = (
          await client.query(
            `SELECT l.* FROM return_links l JOIN drafts d ON d.id = l.draft_id AND d.reference IS NULL
             WHERE l.reminded = 0 AND l.remind_at <= $1 ORDER BY l.remind_at LIMIT $2 FOR UPDATE OF l SKIP LOCKED`,
            [now, limit],
          )
        ).rows.map((row: Row) => toReturnLink(row, cipher));
        for (const link of due) {
          const email = emailRow(build(link), cipher);
          await client.query(
            "INSERT INTO emails (id, reference, force_id, kind, lang, message, status, attempts, next_attempt_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, 'pending', 0, $7, $7)",
            [email.id, email.reference, email.forceId, email.kind, email.lang, email.message, now],
          );
          await client.query("UPDATE return_links SET reminded = 1 WHERE token_hash = $1", [link.tokenHash]);
        }
        return due.length;
      });
    },
    purgeDrafts(now) {
      return transaction(async (client) => {
        const purged = (await client.query("DELETE FROM drafts WHERE expires_at < $1", [now])).rowCount ?? 0;
        await client.query("DELETE FROM return_links WHERE expires_at < $1 OR draft_id NOT IN (SELECT id FROM drafts WHERE reference IS NULL)", [now]);
        await client.query(`DELETE FROM file_chunks WHERE file_id IN (SELECT id FROM files WHERE ${orphanFiles})`);
        await client.query(`DELETE FROM files WHERE ${orphanFiles}`);
        return purged;
      });
    },
    async putFile(file, chunks) {
      const { record } = file;
      // One transaction on one connection: the file is all there (complete) or not there at all.
      await transaction(async (client) => {
        await client.query("INSERT INTO files (id, draft_id, reference, force_id, record, size, complete, created_at) VALUES ($1, $2, NULL, $3, $4, $5, 0, $6)", [
          record.id, file.draftId, file.forceId, cipher.encrypt(JSON.stringify(record)), record.size, file.createdAt,
        ]);
        let n = 0;
        for await (const chunk of chunks) await client.query("INSERT INTO file_chunks (file_id, n, data) VALUES ($1, $2, $3)", [record.id, n++, cipher.encryptBytes(chunk)]);
        await client.query("UPDATE files SET complete = 1 WHERE id = $1", [record.id]);
      });
    },
    async deleteFile(draftId, id) {
      return transaction(async (client) => {
        await client.query("DELETE FROM file_chunks WHERE file_id IN (SELECT id FROM files WHERE id = $1 AND draft_id = $2 AND reference IS NULL)", [id, draftId]);
        return ((await client.query("DELETE FROM files WHERE id = $1 AND draft_id = $2 AND reference IS NULL", [id, draftId])).rowCount ?? 0) > 0;
      });
    },
    async fileRecords(owner) {
      const found = "draftId" in owner
        ? await rows("SELECT * FROM files WHERE draft_id = $1 AND reference IS NULL AND complete = 1 ORDER BY created_at, id", [owner.draftId])
        : await rows("SELECT * FROM files WHERE reference = $1 AND complete = 1 ORDER BY created_at, id", [owner.reference]);
      return found.map((row) => toFileRecord(row, cipher));
    },
    async readFile(forceId, reference, id) {
      const [row] = await rows("SELECT * FROM files WHERE id = $1 AND reference = $2 AND force_id = $3 AND complete = 1", [id, reference, forceId]);
      if (!row) return undefined;
      async function* chunks() {
        for (let n = 0; ; n++) {
          const [chunk] = (await pool.query("SELECT data FROM file_chunks WHERE file_id = $1 AND n = $2", [id, n])).rows as { data: Buffer }[];
          if (!chunk) return;
          yield cipher.decryptBytes(chunk.data);
        }
      }
      return { record: toFileRecord(row, cipher), reference, chunks: chunks() };
    },
    async countFiles() {
      const [row] = await rows("SELECT (SELECT COUNT(*) FROM files) AS files, (SELECT COUNT(*) FROM file_chunks) AS chunks");
      return { files: Number(row.files), chunks: Number(row.chunks) };
    },
    pendingWrites: () => pool.waitingCount,
    async ping() {
      await pool.query("SELECT 1");
    },
    async close() {
      numbering.stop();
      await numbering.idle();
      await pool.end();
    },
  };
}
