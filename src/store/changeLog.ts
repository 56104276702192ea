import type Database from "better-sqlite3";

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
  constructor(private readonly db: Database.Database) {}

  /** The newest seq written (0: none yet). Pruning always leaves the newest entry in place. */
  latestSeq(): number {
    return (this.db.prepare(`SELECT COALESCE(MAX(seq), 0) AS s FROM change_log`).get() as { s: number }).s;
  }

  /** The oldest seq still held (undefined: the log is empty). */
  oldestSeq(): number | undefined {
    return (this.db.prepare(`SELECT MIN(seq) AS s FROM change_log`).get() as { s: number | null }).s ?? undefined;
  }

  /** Entries after `seq`, in order. */
  after(seq: number): ChangeEntry[] {
    return (this.db.prepare(`SELECT seq, entity, entity_id, op FROM change_log WHERE seq > ? ORDER BY seq`).all(seq) as {
      seq: number;
      entity: ChangeEntity;
      entity_id: string;
      op: ChangeEntry["op"];
    }[]).map((r) => ({ seq: r.seq, entity: r.entity, entityId: r.entity_id, op: r.op }));
  }

  /**
   * Deletes entries this node applied, except the newest `keep` of them; entries not yet applied
   * and the newest entry always stay. Returns how many were deleted.
   */
  prune(appliedSeq: number, keep = CHANGE_LOG_KEEP): number {
    const upTo = Math.min(appliedSeq, this.latestSeq() - 1) - keep;
    if (upTo <= 0) return 0;
    return this.db.prepare(`DELETE FROM change_log WHERE seq <= ?`).run(upTo).changes;
  }
}
