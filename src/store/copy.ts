import type { SqlEngine, SqlExecutor, SqlValue } from "./sql/executor.js";

/**
 * The tables that hold state, parents before children (foreign keys), each with its primary key
 * (the order its rows are read in). The change log and fleet membership are not copied: a node that
 * starts on the target loads the whole state, and membership is each running daemon's own.
 */
export const COPIED_TABLES: readonly { name: string; key: readonly string[] }[] = [
  { name: "source_keys", key: ["id"] },
  { name: "kms_connections", key: ["id"] },
  { name: "key_stores", key: ["id"] },
  { name: "credentials", key: ["id"] },
  { name: "credential_rotation_jobs", key: ["key_store_id"] },
  { name: "virtual_keys", key: ["id"] },
  { name: "virtual_key_versions", key: ["virtual_key_id", "version"] },
  { name: "hyok_keys", key: ["id"] },
  { name: "sync_jobs", key: ["id"] },
  { name: "policy_templates", key: ["id"] },
  { name: "audit_records", key: ["seq"] },
  { name: "store_meta", key: ["name"] },
];

/** Tables whose seq the target must continue after the copied rows (identity columns on PostgreSQL). */
const SEQUENCES: readonly { table: string; column: string }[] = [{ table: "audit_records", column: "seq" }];

const BATCH = 500;

export interface CopyReport {
  /** table → rows copied (and found again on the target) */
  rows: Record<string, number>;
}

async function columnsOf(from: SqlExecutor, table: string): Promise<string[]> {
  const row = await from.get<Record<string, unknown>>(`SELECT * FROM ${table} LIMIT 1`);
  if (row) return Object.keys(row);
  // an empty table: its columns from the engine's catalogue
  if (from.dialect === "sqlite") return (await from.all<{ name: string }>(`SELECT name FROM pragma_table_info(?) ORDER BY cid`, [table])).map((r) => r.name);
  return (await from.all<{ column_name: string }>(`SELECT column_name FROM information_schema.columns WHERE table_name = ? AND table_schema = current_schema() ORDER BY ordinal_position`, [table])).map((r) => r.column_name);
}

const count = async (db: SqlExecutor, table: string): Promise<number> => Number((await db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`))?.n ?? 0);

/** Refuses a target that already holds state: a copy never merges two stores. */
export async function assertEmpty(to: SqlExecutor, where: string): Promise<void> {
  for (const t of COPIED_TABLES) {
    if (t.name === "store_meta") continue; // a fresh target may already hold nothing but its own meta
    const n = await count(to, t.name);
    if (n > 0) throw new Error(`${where} is not empty (${t.name} has ${n} rows): a store is only copied into an empty database`);
  }
}

/**
 * Copies every state table row by row into `to` in one transaction (all or nothing), then counts
 * the rows on both sides. Both stores must be at the same schema version. The target is checked
 * empty inside the transaction, after its writer lock: two copies into one database never merge.
 */
export async function copyStore(from: SqlExecutor, to: SqlEngine): Promise<CopyReport> {
  const rows: Record<string, number> = {};
  await to.transaction(async () => {
    await assertEmpty(to, `database ${to.location}`);
    for (const t of COPIED_TABLES) {
      const cols = await columnsOf(from, t.name);
      const overriding = to.dialect === "postgres" && SEQUENCES.some((s) => s.table === t.name) ? " OVERRIDING SYSTEM VALUE" : "";
      const conflict = t.name === "store_meta" ? " ON CONFLICT (name) DO UPDATE SET value = excluded.value" : "";
      const tuple = `(${cols.map(() => "?").join(", ")})`;
      const key = t.key.join(", ");
      const after = `(${key}) > (${t.key.map(() => "?").join(", ")})`;
      let copied = 0;
      let last: SqlValue[] | undefined;
      for (;;) {
        // by key, after the last row copied: each batch is an index seek (an OFFSET would rescan
        // every row before it, quadratic in a long audit trail)
        const batch = await from.all<Record<string, SqlValue>>(
          `SELECT ${cols.join(", ")} FROM ${t.name}${last ? ` WHERE ${after}` : ""} ORDER BY ${key} LIMIT ?`,
          [...(last ?? []), BATCH],
        );
        if (batch.length > 0) {
          // one statement per batch: a million audit rows are 2,000 round trips, not a million
          await to.run(
            `INSERT INTO ${t.name} (${cols.join(", ")})${overriding} VALUES ${batch.map(() => tuple).join(", ")}${conflict}`,
            batch.flatMap((r) => cols.map((c) => r[c] ?? null)),
          );
        }
        copied += batch.length;
        if (batch.length < BATCH) break;
        const end = batch[batch.length - 1]!;
        last = t.key.map((c) => end[c] ?? null);
      }
      rows[t.name] = copied;
    }
    if (to.dialect === "postgres") {
      for (const s of SEQUENCES) {
        // the identity continues after the highest copied value, so a seq is never reused
        await to.run(`SELECT setval(pg_get_serial_sequence('${s.table}', '${s.column}'), GREATEST((SELECT COALESCE(MAX(${s.column}), 0) FROM ${s.table}), 1), (SELECT COUNT(*) > 0 FROM ${s.table}))`);
      }
    }
  });
  for (const t of COPIED_TABLES) {
    const there = await count(to, t.name);
    const here = await count(from, t.name);
    if (t.name === "store_meta" ? there < here : there !== here) {
      throw new Error(`copy verification failed: ${t.name} has ${here} rows in the source and ${there} in the target`);
    }
  }
  return { rows };
}
