/**
 * The store's tables, as numbered migrations in SQL that SQLite and PostgreSQL both accept
 * (TEXT keys and ISO timestamps, no engine-specific types).
 */
export const migrations: string[] = [
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
];
