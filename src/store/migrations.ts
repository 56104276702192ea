import type { SqlEngine, SqlExecutor } from "./sql/executor.js";
import { tableExists } from "./sql/tables.js";

/**
 * Versioned schema: migration N runs once, in its own transaction, and its number is recorded in
 * schema_migrations. The SQL of each engine is in migrations/<engine>.ts; the engine's open function
 * passes its own list.
 */

/** The schema version a database records (0: none, i.e. not an xks-proxy database yet). */
export async function schemaVersionOf(sql: SqlExecutor): Promise<number> {
  if (!(await tableExists(sql, "schema_migrations"))) return 0;
  return (await sql.get<{ v: number }>(`SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations`))!.v;
}

/** Refuses a database written by a newer build: this one would misread what it does not know. */
export function assertKnownVersion(version: number, migrations: readonly string[]): void {
  if (version > migrations.length) {
    throw new Error(`database schema version ${version} is newer than this build knows (${migrations.length}); upgrade xks-proxy`);
  }
}

/** Applies every migration newer than the recorded version; returns the resulting version. */
export async function migrate(sql: SqlEngine, migrations: readonly string[]): Promise<number> {
  // in a write transaction: nodes of a fleet opening an empty database at once take turns (two
  // concurrent CREATE TABLE IF NOT EXISTS can collide on PostgreSQL's catalog)
  await sql.transaction(() => sql.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)`));
  const current = await schemaVersionOf(sql);
  assertKnownVersion(current, migrations);
  for (let v = current + 1; v <= migrations.length; v++) {
    const ddl = migrations[v - 1]!;
    await sql.transaction(async () => {
      // another node sharing the database may have applied it meanwhile (writers are serialized)
      if ((await schemaVersionOf(sql)) >= v) return;
      await sql.exec(ddl);
      await sql.run(`INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)`, [v, new Date().toISOString()]);
    });
  }
  return migrations.length;
}
