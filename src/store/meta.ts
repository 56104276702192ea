import type Database from "better-sqlite3";

/**
 * Named values about the database itself, e.g. the master key check. Kept apart from the
 * versioned migrations on purpose: the table is created when missing by any build that knows it,
 * and a database without it (older builds) reads as "no value".
 */
export const KEY_CHECK = "master_key_check";

export class MetaRepo {
  constructor(private readonly db: Database.Database) {}

  /** Creates the table if needed (read-write connections only). */
  static ensure(db: Database.Database): void {
    db.exec(`CREATE TABLE IF NOT EXISTS store_meta (name TEXT PRIMARY KEY, value BLOB NOT NULL)`);
  }

  get(name: string): Buffer | undefined {
    const exists = this.db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'store_meta'`).get();
    if (!exists) return undefined;
    const row = this.db.prepare(`SELECT value FROM store_meta WHERE name = ?`).get(name) as { value: Buffer } | undefined;
    return row?.value;
  }

  set(name: string, value: Buffer): void {
    this.db.prepare(`INSERT INTO store_meta (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value`).run(name, value);
  }
}
