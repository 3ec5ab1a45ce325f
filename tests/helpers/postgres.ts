import { randomBytes } from "node:crypto";
import pg from "pg";

/** The machine's PostgreSQL (trust auth), or another one named by TEST_DATABASE_URL. */
export const postgresUrl = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

export interface Schema {
  /** A DATABASE_URL whose connections work in this schema alone. */
  url: string;
  name: string;
  /** Runs SQL in the schema, to look at what the store wrote. */
  query<T extends object>(sql: string, values?: unknown[]): Promise<T[]>;
  drop(): Promise<void>;
}

/**
 * A new, empty schema in the test database, so test files running at once never see each other's rows: the
 * store under test makes its tables there, as it would in an empty production database.
 */
export async function freshSchema(label: string): Promise<Schema> {
  const name = `${label.replace(/[^a-z0-9]/g, "_")}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: postgresUrl });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL is not answering at ${postgresUrl} (${(error as Error).message}). Start it with: ` +
        "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start",
    );
  }
  await admin.query(`CREATE SCHEMA ${name}`);
  const url = new URL(postgresUrl);
  url.searchParams.set("options", `-c search_path=${name}`);
  return {
    url: url.toString(),
    name,
    async query<T extends object>(sql: string, values: unknown[] = []) {
      await admin.query(`SET search_path = ${name}`);
      return (await admin.query(sql, values)).rows as T[];
    },
    async drop() {
      await admin.query(`DROP SCHEMA ${name} CASCADE`);
      await admin.end();
    },
  };
}
