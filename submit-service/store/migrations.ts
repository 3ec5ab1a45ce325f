/**
 * The store's tables, as numbered migrations, for both adapters in one place. Most are SQL that SQLite and
 * PostgreSQL both accept (TEXT keys and ISO timestamps, no engine-specific types); where the two must differ,
 * a migration gives each its own text. Each adapter records the versions it has applied in schema_migrations.
 */
export type Dialect = "sqlite" | "postgres";
type Migration = string | Record<Dialect, string>;

/** The last place each force's reports reached in the pull API's sequence: never reused, even after a purge. */
const forceSequences = `CREATE TABLE force_sequences (force_id TEXT PRIMARY KEY, last_seq INTEGER NOT NULL);
   INSERT INTO force_sequences (force_id, last_seq) SELECT force_id, MAX(seq) FROM reports WHERE seq IS NOT NULL GROUP BY force_id;`;

const fingerprints = `ALTER TABLE reports ADD COLUMN idempotency_fingerprint TEXT;
   CREATE INDEX audit_force_action ON audit (force_id, action);`;

const files = (bytes: string) => `CREATE TABLE files (
     id TEXT PRIMARY KEY,
     draft_id TEXT,
     reference TEXT,
     force_id TEXT NOT NULL,
     record TEXT NOT NULL,
     size INTEGER NOT NULL,
     complete INTEGER NOT NULL,
     created_at TEXT NOT NULL
   );
   CREATE INDEX files_draft ON files (draft_id);
   CREATE INDEX files_reference ON files (reference);
   CREATE TABLE file_chunks (file_id TEXT NOT NULL, n INTEGER NOT NULL, data ${bytes} NOT NULL, PRIMARY KEY (file_id, n));`;

const migrations: Migration[] = [
  `CREATE TABLE drafts (
     id TEXT PRIMARY KEY,
     force_id TEXT NOT NULL,
     service_id TEXT NOT NULL,
     lang TEXT NOT NULL,
     answers TEXT NOT NULL,
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL,
     expires_at TEXT NOT NULL,
     reference TEXT
   );
   CREATE INDEX drafts_expires_at ON drafts (expires_at);
   CREATE TABLE reports (
     reference TEXT PRIMARY KEY,
     force_id TEXT NOT NULL,
     service_id TEXT NOT NULL,
     category TEXT NOT NULL,
     lang TEXT NOT NULL,
     answers TEXT NOT NULL,
     path TEXT NOT NULL,
     priority TEXT NOT NULL,
     submitted_at TEXT NOT NULL,
     draft_id TEXT UNIQUE,
     idempotency_key TEXT,
     UNIQUE (force_id, idempotency_key)
   );`,
  // Back-office delivery: the outbox, force API keys (hashed), the audit trail, and a per-force sequence for the pull API.
  `ALTER TABLE reports ADD COLUMN seq INTEGER;
   ALTER TABLE reports ADD COLUMN acknowledged_at TEXT;
   CREATE UNIQUE INDEX reports_force_seq ON reports (force_id, seq);
   CREATE TABLE deliveries (
     id TEXT PRIMARY KEY,
     reference TEXT NOT NULL,
     force_id TEXT NOT NULL,
     payload TEXT NOT NULL,
     status TEXT NOT NULL,
     attempts INTEGER NOT NULL,
     next_attempt_at TEXT NOT NULL,
     claimed_until TEXT,
     last_error TEXT,
     created_at TEXT NOT NULL,
     delivered_at TEXT
   );
   CREATE INDEX deliveries_due ON deliveries (status, next_attempt_at);
   CREATE TABLE api_keys (
     id TEXT PRIMARY KEY,
     force_id TEXT NOT NULL,
     key_hash TEXT NOT NULL UNIQUE,
     created_at TEXT NOT NULL,
     revoked_at TEXT
   );
   CREATE TABLE audit (
     id TEXT PRIMARY KEY,
     at TEXT NOT NULL,
     actor TEXT NOT NULL,
     action TEXT NOT NULL,
     force_id TEXT NOT NULL,
     reference TEXT,
     route TEXT NOT NULL
   );
   CREATE INDEX audit_reference ON audit (reference);`,
  // A sequence per force that survives purges. On PostgreSQL, reports are numbered just after they commit, so
  // the ones waiting for a number are indexed; and the audit trail needs its own insertion order (SQLite keeps
  // one in rowid).
  {
    sqlite: forceSequences,
    postgres: `${forceSequences}
   CREATE INDEX reports_unnumbered ON reports (force_id) WHERE seq IS NULL;
   ALTER TABLE audit ADD COLUMN n BIGSERIAL;`,
  },
  // What each Idempotency-Key was first sent with (a hash), so the same key with another report is refused; the
  // audit trail read by force and action (failed sign-ins); and, on SQLite, one row a health check can rewrite to
  // learn whether the disk takes writes again after a fault.
  {
    sqlite: `${fingerprints}
   CREATE TABLE store_probe (id INTEGER PRIMARY KEY, at TEXT NOT NULL);`,
    postgres: fingerprints,
  },
  // Safe journeys (issue 12 item 8): a page sent with mistakes is kept, encrypted like the answers, so its errors
  // are shown after a redirect.
  `ALTER TABLE drafts ADD COLUMN pending TEXT;`,
  // Evidence upload (issue 16): each file's record (its name, kind, detected type, size and SHA-256, encrypted
  // like the answers) belongs to a draft until the report is sent, then to the report; its bytes are kept
  // unaltered, encrypted in chunks, in the same database, so they go with the draft or report in one delete and
  // every instance sharing the database can serve them. `complete` is set once every chunk is in.
  {
    sqlite: files("BLOB"),
    postgres: files("BYTEA"),
  },
  // Email (issue 17): an outbox of emails (receipts, a force's copy of a report), written in the same
  // transaction as their report. The message (address, personalisation, attachment) is encrypted like the
  // answers and set to NULL once sent; the row goes with its report at retention.
  `CREATE TABLE emails (
     id TEXT PRIMARY KEY,
     reference TEXT,
     force_id TEXT NOT NULL,
     kind TEXT NOT NULL,
     lang TEXT NOT NULL,
     message TEXT,
     status TEXT NOT NULL,
     attempts INTEGER NOT NULL,
     next_attempt_at TEXT NOT NULL,
     claimed_until TEXT,
     last_error TEXT,
     created_at TEXT NOT NULL,
     sent_at TEXT
   );
   CREATE INDEX emails_due ON emails (status, next_attempt_at);
   CREATE INDEX emails_reference ON emails (reference);`,
  // Save and come back later (issue 17 item 4): a link per saved draft, kept as a hash of its token, with the
  // address it went to (encrypted) and a keyed hash of it to check the person's confirmation.
  `CREATE TABLE return_links (
     token_hash TEXT PRIMARY KEY,
     draft_id TEXT NOT NULL,
     force_id TEXT NOT NULL,
     service_id TEXT NOT NULL,
     lang TEXT NOT NULL,
     email TEXT NOT NULL,
     email_check TEXT NOT NULL,
     failed_attempts INTEGER NOT NULL,
     created_at TEXT NOT NULL,
     expires_at TEXT NOT NULL,
     remind_at TEXT NOT NULL,
     reminded INTEGER NOT NULL
   );
   CREATE INDEX return_links_draft ON return_links (draft_id);
   CREATE INDEX return_links_remind ON return_links (reminded, remind_at);`,
  // Track my report (issue 17): the statuses a force posts on its report (being looked at; closed, with its
  // words encrypted like the answers), at most one of each, and whether the person asked to be emailed when the
  // status changes. Both go with their report at retention.
  `CREATE TABLE status_events (
     reference TEXT NOT NULL,
     force_id TEXT NOT NULL,
     status TEXT NOT NULL,
     message TEXT,
     at TEXT NOT NULL,
     PRIMARY KEY (reference, status)
   );
   CREATE TABLE status_emails (reference TEXT PRIMARY KEY, since TEXT NOT NULL);`,
  // Payloads built after the commit (issue 20): a delivery stored without its payload has '' there until it is
  // built; this finds those left by a restart or by an instance that stopped.
  `CREATE INDEX deliveries_unbuilt ON deliveries (created_at) WHERE payload = '';`,
];

/** Where each adapter records the versions it has applied. */
export const migrationsTable = "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)";

/** The migrations not yet applied, in order, each as the given engine's SQL with its version (1, 2, 3 …). */
export function pendingMigrations(dialect: Dialect, applied: number[]): { version: number; sql: string }[] {
  return migrations
    .map((m, i) => ({ version: i + 1, sql: typeof m === "string" ? m : m[dialect] }))
    .filter(({ version }) => !applied.includes(version));
}
