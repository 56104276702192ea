import type { SqlExecutor } from "./sql/executor.js";
import { tableExists } from "./sql/tables.js";

/**
 * Named values about the database itself, e.g. the master key check. Kept apart from the
 * versioned migrations on purpose: the table is created when missing by any build that knows it,
 * and a database without it (older builds) reads as "no value".
 */
export const KEY_CHECK = "master_key_check";

export class MetaRepo {
  constructor(private readonly sql: SqlExecutor) {}

  /** Creates the table if needed (read-write connections only). */
  static async ensure(sql: SqlExecutor): Promise<void> {
    // sealed bytes: BLOB on SQLite, BYTEA on PostgreSQL
    const bytes = sql.dialect === "sqlite" ? "BLOB" : "BYTEA";
    await sql.exec(`CREATE TABLE IF NOT EXISTS store_meta (name TEXT PRIMARY KEY, value ${bytes} NOT NULL)`);
  }

  async get(name: string): Promise<Buffer | undefined> {
    if (!(await tableExists(this.sql, "store_meta"))) return undefined;
    const row = await this.sql.get<{ value: Buffer }>(`SELECT value FROM store_meta WHERE name = ?`, [name]);
    return row?.value;
  }

  async set(name: string, value: Buffer): Promise<void> {
    await this.sql.run(`INSERT INTO store_meta (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value`, [name, value]);
  }
}
