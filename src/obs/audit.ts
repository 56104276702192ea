import { randomUUID } from "node:crypto";
import type { AuditRecord } from "../store/audit.js";
import type { Store } from "../store/db.js";

/**
 * What the data plane and the admin plane report. Only identifiers and outcomes: callers must
 * never put plaintext, key material, secrets or tokens in here.
 */
export interface AuditEvent {
  kind: "xks" | "admin";
  /** XKS operation (Encrypt, ...) or admin RPC (KeyStoreService.Create, ...) */
  operation: string;
  outcome: "success" | "failure";
  errorName?: string | undefined;
  keyStoreId?: string | undefined;
  keyId?: string | undefined;
  kmsRequestId?: string | undefined;
  /** admin changes: token fingerprint of the caller */
  actor?: string | undefined;
  /** admin changes: id of the resource changed */
  targetId?: string | undefined;
  /** ISO time (or Date); defaults to now */
  at?: string | Date | undefined;
}

export interface AuditSinkOptions {
  /** how often queued records are written (ms) */
  flushIntervalMs?: number;
  /** a flush is started early once this many records wait */
  batchSize?: number;
  /** records beyond this are dropped (and counted) rather than growing memory without bound */
  maxQueue?: number;
  /** told about write failures (the sink itself never throws into the hot path) */
  onError?: (e: unknown) => void;
}

/**
 * Audit trail writer. `record()` only pushes onto an in-memory queue (cheap, synchronous, safe on
 * the hot path); a timer writes the queue to SQLite in one transaction per batch, off the request
 * path. `close()` writes whatever is left.
 */
export class AuditSink {
  private queue: AuditRecord[] = [];
  private readonly timer: NodeJS.Timeout;
  private readonly batchSize: number;
  private readonly maxQueue: number;
  private readonly onError: (e: unknown) => void;
  private flushScheduled = false;
  private closed = false;
  /** records dropped because the queue was full */
  dropped = 0;

  constructor(
    private readonly store: Store,
    opts: AuditSinkOptions = {},
  ) {
    this.batchSize = opts.batchSize ?? 1000;
    this.maxQueue = opts.maxQueue ?? 100_000;
    this.onError = opts.onError ?? ((e) => console.error("audit flush failed:", e instanceof Error ? e.message : e));
    this.timer = setInterval(() => this.flush(), opts.flushIntervalMs ?? 500);
    this.timer.unref(); // never keeps the process alive by itself
  }

  record(e: AuditEvent): void {
    if (this.closed) return;
    if (this.queue.length >= this.maxQueue) {
      this.dropped++;
      return;
    }
    const at = e.at === undefined ? new Date().toISOString() : e.at instanceof Date ? e.at.toISOString() : e.at;
    this.queue.push({
      id: randomUUID(),
      at,
      kind: e.kind,
      operation: e.operation,
      outcome: e.outcome,
      errorName: e.errorName ?? "",
      keyStoreId: e.keyStoreId ?? "",
      keyId: e.keyId ?? "",
      kmsRequestId: e.kmsRequestId ?? "",
      actor: e.actor ?? "",
      targetId: e.targetId ?? "",
    });
    if (this.queue.length >= this.batchSize && !this.flushScheduled) {
      // write soon, but not inside the caller's request
      this.flushScheduled = true;
      setImmediate(() => {
        this.flushScheduled = false;
        this.flush();
      });
    }
  }

  /** Writes every queued record now (synchronously). */
  flush(): void {
    if (this.queue.length === 0 || !this.store.db.open) return;
    const batch = this.queue;
    this.queue = [];
    try {
      this.store.audit.insertMany(batch);
    } catch (e) {
      // keep the records for the next attempt (e.g. SQLITE_BUSY), within the queue bound
      this.queue = batch.concat(this.queue).slice(0, this.maxQueue);
      this.onError(e);
    }
  }

  get pending(): number {
    return this.queue.length;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    clearInterval(this.timer);
    this.flush();
    this.closed = true;
  }
}
