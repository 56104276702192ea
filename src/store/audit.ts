import { StoreError } from "./errors.js";
import { listPage, pageBounds, parseSort, type ListParams, type Page } from "./list.js";
import type { SqlEngine } from "./sql/executor.js";

/** One stored audit record. Never holds plaintext, key material or secrets. */
export interface AuditRecord {
  /** position in the trail: strictly increasing in write order, never reused */
  seq: number;
  id: string;
  at: string;
  kind: "xks" | "admin";
  operation: string;
  outcome: "success" | "failure";
  errorName: string;
  keyStoreId: string;
  keyId: string;
  kmsRequestId: string;
  /** who made an admin change: a token fingerprint, never the token */
  actor: string;
  targetId: string;
  /** events this record stands for: 1, or the number of suppressed events a summary counts */
  count: number;
}

/** A record before it is written: the database assigns seq. */
export type NewAuditRecord = Omit<AuditRecord, "seq">;

export interface AuditFilter {
  keyStoreId?: string;
  kind?: string;
  outcome?: string;
  operation?: string;
  keyId?: string;
  /** inclusive ISO lower bound on `at` */
  since?: string;
  /** exclusive ISO upper bound on `at` */
  until?: string;
  /** only records after this seq (a paging cursor that stays consistent under inserts) */
  afterSeq?: number;
}

interface Row {
  seq: number;
  id: string;
  at: string;
  kind: "xks" | "admin";
  operation: string;
  outcome: "success" | "failure";
  error_name: string;
  key_store_id: string;
  key_id: string;
  kms_request_id: string;
  actor: string;
  target_id: string;
  count: number;
}

/** Rows per INSERT: 12 values each stays far below both engines' limits on bound values. */
const INSERT_ROWS = 100;
const ROW_PLACEHOLDERS = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

const toRecord = (r: Row): AuditRecord => ({
  seq: r.seq,
  id: r.id,
  at: r.at,
  kind: r.kind,
  operation: r.operation,
  outcome: r.outcome,
  errorName: r.error_name,
  keyStoreId: r.key_store_id,
  keyId: r.key_id,
  kmsRequestId: r.kms_request_id,
  actor: r.actor,
  targetId: r.target_id,
  count: r.count,
});

/** [SQL with one "?", value]; an undefined or empty value does not filter */
const filters = (f: AuditFilter): [string, string | undefined][] => [
  ["key_store_id = ?", f.keyStoreId],
  ["kind = ?", f.kind],
  ["outcome = ?", f.outcome],
  ["operation = ?", f.operation],
  ["key_id = ?", f.keyId],
  ["at >= ?", f.since],
  ["at < ?", f.until],
];

const SORTABLE = {
  seq: "seq",
  at: "at",
  createdAt: "at",
  kind: "kind",
  operation: "operation",
  outcome: "outcome",
  key_store_id: "key_store_id",
};

export class AuditRepo {
  constructor(private readonly sql: SqlEngine) {}

  /**
   * Writes a batch in one transaction (one fsync for the whole batch), in array order; inside a
   * caller's transaction (an admin change and its record) it joins that one.
   */
  async insertMany(records: readonly NewAuditRecord[]): Promise<void> {
    if (records.length === 0) return;
    await this.sql.transaction(async () => {
      // many rows per statement: on PostgreSQL each statement is a round trip made under the
      // fleet's writer lock, so a batch written row by row held it (and the sink) for 1000 of them
      for (let i = 0; i < records.length; i += INSERT_ROWS) {
        const chunk = records.slice(i, i + INSERT_ROWS);
        await this.sql.run(
          `INSERT INTO audit_records (id, at, kind, operation, outcome, error_name, key_store_id, key_id, kms_request_id, actor, target_id, count)
           VALUES ${chunk.map(() => ROW_PLACEHOLDERS).join(", ")}`,
          chunk.flatMap((r) => [r.id, r.at, r.kind, r.operation, r.outcome, r.errorName, r.keyStoreId, r.keyId, r.kmsRequestId, r.actor, r.targetId, r.count]),
        );
      }
    });
  }

  /**
   * Default order: seq ascending (write order). Ties of any other sort key are broken by seq in that
   * key's direction. With `afterSeq` (a cursor) the page is in seq order and `total` is not counted
   * (-1): counting the rest on every page would make an export quadratic in the trail's size.
   */
  async list(f: AuditFilter, p: ListParams): Promise<Page<AuditRecord>> {
    if (f.afterSeq !== undefined) return this.afterCursor(f, f.afterSeq, p);
    const terms = parseSort(p.sort, Object.keys(SORTABLE));
    const lastDesc = terms.length > 0 && terms[terms.length - 1]!.desc;
    return listPage<Row, AuditRecord>(
      this.sql,
      { from: "audit_records", select: "*", sortable: SORTABLE, filters: filters(f), tieBreaker: lastDesc ? "seq DESC" : "seq", defaultSort: "seq" },
      p,
      toRecord,
    );
  }

  private async afterCursor(f: AuditFilter, afterSeq: number, p: ListParams): Promise<Page<AuditRecord>> {
    if (p.sort && p.sort.trim() !== "seq") throw new StoreError("INVALID_ARGUMENT", 'after_seq pages in seq order: sort must be empty or "seq"', "sort");
    const { skip, limit } = pageBounds(p);
    const where = ["seq > ?"];
    const args: (string | number)[] = [afterSeq];
    for (const [expr, value] of filters(f)) {
      if (value === undefined || value === "") continue;
      where.push(expr);
      args.push(value);
    }
    const rows = await this.sql.all<Row>(`SELECT * FROM audit_records WHERE ${where.join(" AND ")} ORDER BY seq LIMIT ? OFFSET ?`, [...args, limit, skip]);
    return { skip, limit, total: -1, resources: rows.map(toRecord) };
  }

  /**
   * Deletes up to `limit` records stamped before `beforeIso`, oldest first; returns how many.
   * Walks the `at` index (ordering by seq here would sort every expired row on each batch).
   */
  async deleteOlderThan(beforeIso: string, limit: number): Promise<number> {
    const sql = `DELETE FROM audit_records WHERE seq IN (SELECT seq FROM audit_records WHERE at < ? ORDER BY at LIMIT ?)`;
    return (await this.sql.run(sql, [beforeIso, limit])).changes;
  }

  /** How many records exceed `keep`. */
  async excessOver(keep: number): Promise<number> {
    return Math.max(0, (await this.count()) - keep);
  }

  /** Deletes the `limit` oldest records by seq; returns how many. */
  async deleteOldest(limit: number): Promise<number> {
    const sql = `DELETE FROM audit_records WHERE seq IN (SELECT seq FROM audit_records ORDER BY seq LIMIT ?)`;
    return (await this.sql.run(sql, [limit])).changes;
  }

  /** The number of records, O(1): kept by triggers (migration 3). */
  async count(): Promise<number> {
    return (await this.sql.get<{ records: number }>(`SELECT records FROM audit_stats WHERE id = 1`))!.records;
  }
}
