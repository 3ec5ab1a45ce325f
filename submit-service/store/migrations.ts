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
];
