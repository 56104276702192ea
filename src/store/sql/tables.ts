import type { SqlExecutor } from "./executor.js";

/** Whether a table exists (older databases lack tables newer builds add). */
export async function tableExists(sql: SqlExecutor, name: string): Promise<boolean> {
  // the catalogs differ by engine: sqlite_master on SQLite, to_regclass on PostgreSQL
  const row =
    sql.dialect === "sqlite"
      ? await sql.get(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`, [name])
      : await sql.get(`SELECT 1 WHERE to_regclass(?) IS NOT NULL`, [name]);
  return row !== undefined;
}
