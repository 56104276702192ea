import type Database from "better-sqlite3";
import { SQLITE_MIGRATIONS } from "./migrations/sqlite.js";

/**
 * Versioned schema: migration N runs once, in its own transaction, and its number is recorded in
 * schema_migrations. The SQL of each engine is in migrations/<engine>.ts.
 */
export const MIGRATIONS: readonly string[] = SQLITE_MIGRATIONS;

/** Applies every migration newer than the recorded version; returns the resulting version. */
export function migrate(db: Database.Database): number {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)`);
  const row = db.prepare(`SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations`).get() as { v: number };
  if (row.v > MIGRATIONS.length) {
    throw new Error(`database schema version ${row.v} is newer than this build knows (${MIGRATIONS.length}); upgrade xks-proxy`);
  }
  const record = db.prepare(`INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)`);
  for (let v = row.v + 1; v <= MIGRATIONS.length; v++) {
    const sql = MIGRATIONS[v - 1]!;
    db.transaction(() => {
      db.exec(sql);
      record.run(v, new Date().toISOString());
    }).immediate();
  }
  return MIGRATIONS.length;
}
