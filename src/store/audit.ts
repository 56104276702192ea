import type Database from "better-sqlite3";
import { listPage, type ListParams, type Page } from "./list.js";

/** One stored audit record. Never holds plaintext, key material or secrets. */
export interface AuditRecord {
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
}

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
}

interface Row {
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
}

const toRecord = (r: Row): AuditRecord => ({
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
});

export class AuditRepo {
  constructor(private readonly db: Database.Database) {}

  /** Writes a batch in one transaction (one fsync for the whole batch). */
  insertMany(records: readonly AuditRecord[]): void {
    if (records.length === 0) return;
    const stmt = this.db.prepare(
      `INSERT INTO audit_records (id, at, kind, operation, outcome, error_name, key_store_id, key_id, kms_request_id, actor, target_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.db.transaction(() => {
      for (const r of records) {
        stmt.run(r.id, r.at, r.kind, r.operation, r.outcome, r.errorName, r.keyStoreId, r.keyId, r.kmsRequestId, r.actor, r.targetId);
      }
    })();
  }

  list(f: AuditFilter, p: ListParams): Page<AuditRecord> {
    return listPage<Row, AuditRecord>(
      this.db,
      {
        from: "audit_records",
        select: "*",
        sortable: { at: "at", createdAt: "at", kind: "kind", operation: "operation", outcome: "outcome", key_store_id: "key_store_id" },
        filters: [
          ["key_store_id = ?", f.keyStoreId],
          ["kind = ?", f.kind],
          ["outcome = ?", f.outcome],
          ["operation = ?", f.operation],
          ["key_id = ?", f.keyId],
          ["at >= ?", f.since],
          ["at < ?", f.until],
        ],
        tieBreaker: "id",
        defaultSort: "-at",
      },
      p,
      toRecord,
    );
  }
}
