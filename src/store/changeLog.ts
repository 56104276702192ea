import type { SqlExecutor } from "./sql/executor.js";

/** What a change-log entry names; written by the triggers of migration 5, never by hand. */
export type ChangeEntity = "key_store" | "credential" | "source_key" | "virtual_key" | "hyok_key";

export interface ChangeEntry {
  seq: number;
  entity: ChangeEntity;
  entityId: string;
  op: "create" | "update" | "delete" | "block" | "rotate";
}

/**
 * Entries kept after they were applied: enough for a reader that is briefly behind (a future fleet
 * node after a short disconnect) to catch up by delta; one further behind reloads the whole state.
 */
export const CHANGE_LOG_KEEP = 10_000;

export class ChangeLogRepo {
  constructor(private readonly sql: SqlExecutor) {}

  /** The newest seq written (0: none yet). Pruning always leaves the newest entry in place. */
  async latestSeq(): Promise<number> {
    return (await this.sql.get<{ s: number }>(`SELECT COALESCE(MAX(seq), 0) AS s FROM change_log`))!.s;
  }

  /** The oldest seq still held (undefined: the log is empty). */
  async oldestSeq(): Promise<number | undefined> {
    return (await this.sql.get<{ s: number | null }>(`SELECT MIN(seq) AS s FROM change_log`))!.s ?? undefined;
  }

  /** Entries after `seq`, in order. */
  async after(seq: number): Promise<ChangeEntry[]> {
    const rows = await this.sql.all<{ seq: number; entity: ChangeEntity; entity_id: string; op: ChangeEntry["op"] }>(
      `SELECT seq, entity, entity_id, op FROM change_log WHERE seq > ? ORDER BY seq`,
      [seq],
    );
    return rows.map((r) => ({ seq: r.seq, entity: r.entity, entityId: r.entity_id, op: r.op }));
  }

  /**
   * Deletes entries this node applied, except the newest `keep` of them; entries not yet applied
   * and the newest entry always stay. Returns how many were deleted.
   */
  async prune(appliedSeq: number, keep = CHANGE_LOG_KEEP): Promise<number> {
    const upTo = Math.min(appliedSeq, (await this.latestSeq()) - 1) - keep;
    if (upTo <= 0) return 0;
    return (await this.sql.run(`DELETE FROM change_log WHERE seq <= ?`, [upTo])).changes;
  }
}
