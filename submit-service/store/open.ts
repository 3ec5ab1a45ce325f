import type { Settings } from "../settings.ts";
import { aesGcmCipher } from "./cipher.ts";
import { openPostgresStore } from "./postgres.ts";
import { openSqliteStore } from "./sqlite.ts";
import { openThreadedSqliteStore } from "./sqlite-threaded.ts";
import type { Store } from "./store.ts";

/** The store the settings choose: PostgreSQL when DATABASE_URL is set, else the embedded SQLite file (its writes on a thread of their own with SQLITE_WRITES=thread). */
export function openStore(settings: Settings, onError: (error: Error) => void, onHealthChange?: (problem: string | undefined) => void): Promise<Store> {
  const cipher = aesGcmCipher(settings.answersKey);
  return settings.databaseUrl
    ? openPostgresStore(settings.databaseUrl, cipher, { poolSize: settings.databasePoolSize, onError })
    : settings.sqliteWrites === "thread"
      ? openThreadedSqliteStore(settings.sqlitePath, settings.answersKey, { onHealthChange })
      : Promise.resolve(openSqliteStore(settings.sqlitePath, cipher, { onHealthChange }));
}

/** Where the store is, for a log line: never the URL's password. */
export function storeLabel(settings: Settings): string {
  if (!settings.databaseUrl) return settings.sqlitePath;
  const url = new URL(settings.databaseUrl);
  url.password = "";
  return url.toString();
}
