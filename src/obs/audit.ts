import { randomUUID } from "node:crypto";
import type { NewAuditRecord } from "../store/audit.js";
import type { Store } from "../store/db.js";

type AuditStore = Pick<Store, "open" | "audit">;
import { FailureLimiter, type SuppressedSummary } from "./failure-limiter.js";

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
  /** false: answered before the caller was authenticated, so a failure is rate limited like those named below */
  authenticated?: boolean | undefined;
}

/**
 * Failures answered before the caller is authenticated: anyone can cause them at line rate, so
 * recording each one would let unauthenticated traffic grow the database (and logs) without bound.
 * InvalidUriPathException carries no key store; AuthenticationFailedException names the store whose
 * path was called; an admin call without a valid token is UNAUTHENTICATED.
 */
const UNAUTHENTICATED_XKS = new Set(["AuthenticationFailedException", "InvalidUriPathException"]);

/** Whether a failure (the caller checks the outcome) came from a caller not authenticated. */
export function isUnauthenticatedFailure(e: { kind: "xks" | "admin"; errorName?: string | undefined; authenticated?: boolean | undefined }): boolean {
  if (e.authenticated !== undefined) return !e.authenticated;
  return e.kind === "xks" ? UNAUTHENTICATED_XKS.has(e.errorName ?? "") : e.errorName === "UNAUTHENTICATED";
}

/**
 * Limiter key for an unauthenticated failure. Data plane: per key store (resolved from the path, so
 * from a bounded set). Admin: one key for all, since its key store / target ids come from the
 * unauthenticated request itself and would let a caller pick a fresh key each time.
 */
function limitKey(e: AuditEvent): string {
  return e.kind === "admin" ? "admin:" : `xks:${e.keyStoreId ?? ""}`;
}

/** operation of the record that summarizes suppressed records; its count says how many */
export const SUPPRESSED_OPERATION = "suppressed";

export interface AuditSinkOptions {
  /** how often queued records are written (ms) */
  flushIntervalMs?: number;
  /** a flush is started early once this many records wait */
  batchSize?: number;
  /** records beyond this are dropped (and counted) rather than growing memory without bound */
  maxQueue?: number;
  /** told about write failures (the sink itself never throws into the hot path) */
  onError?: (e: unknown) => void;
  /** unauthenticated failures recorded per key store per second (config audit.unauthenticatedFailuresPerSecond); default 5 */
  unauthenticatedFailuresPerSecond?: number;
  /** window of that limit (ms); default 1000. Tests shorten it. */
  unauthenticatedWindowMs?: number;
}

/**
 * Audit trail writer. `record()` only pushes onto an in-memory queue (cheap, synchronous, safe on
 * the hot path); a timer writes the queue to the store in one transaction per batch, off the request
 * path. `close()` writes whatever is left. Unauthenticated failures beyond a per-key-store rate are
 * not queued but counted, and one summary record per key store and window says how many.
 */
export class AuditSink {
  private queue: NewAuditRecord[] = [];
  private readonly timer: NodeJS.Timeout;
  private readonly batchSize: number;
  private readonly maxQueue: number;
  private readonly onError: (e: unknown) => void;
  private flushScheduled = false;
  private closed = false;
  /** the last write started: writes run one at a time, so records reach the trail in queue order */
  private writing: Promise<void> = Promise.resolve();
  private readonly limiter: FailureLimiter;
  /** records dropped because the queue was full (metric xks_audit_records_dropped_total) */
  dropped = 0;

  /** where records go; undefined while a fleet node has not reached its database yet (records wait) */
  private readonly store: () => AuditStore | undefined;

  constructor(store: AuditStore | (() => AuditStore | undefined), opts: AuditSinkOptions = {}) {
    this.store = typeof store === "function" ? store : () => store;
    this.batchSize = opts.batchSize ?? 1000;
    this.maxQueue = opts.maxQueue ?? 100_000;
    this.onError = opts.onError ?? ((e) => console.error("audit flush failed:", e instanceof Error ? e.message : e));
    this.limiter = new FailureLimiter({
      perWindow: opts.unauthenticatedFailuresPerSecond ?? 5,
      windowMs: opts.unauthenticatedWindowMs,
      onSummary: (s) => this.recordSummary(s),
    });
    this.timer = setInterval(() => void this.flush(), opts.flushIntervalMs ?? 500);
    this.timer.unref(); // never keeps the process alive by itself
  }

  /** records of unauthenticated failures held back by the rate limit (metric xks_audit_records_suppressed_total) */
  get suppressed(): number {
    return this.limiter.suppressed;
  }

  record(e: AuditEvent): void {
    if (this.closed) return;
    if (e.outcome === "failure" && isUnauthenticatedFailure(e) && !this.limiter.admit(limitKey(e), e.errorName ?? "")) return;
    this.enqueue(e, 1);
  }

  private recordSummary(s: SuppressedSummary): void {
    const sep = s.key.indexOf(":");
    const kind = s.key.slice(0, sep) === "admin" ? "admin" : "xks";
    const keyStoreId = s.key.slice(sep + 1);
    this.enqueue({ kind, operation: SUPPRESSED_OPERATION, outcome: "failure", errorName: s.name, keyStoreId, actor: kind === "admin" ? "unauthenticated" : undefined }, s.suppressed);
  }

  private enqueue(e: AuditEvent, count: number): void {
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
      count,
    });
    if (this.queue.length >= this.batchSize && !this.flushScheduled) {
      // write soon, but not inside the caller's request
      this.flushScheduled = true;
      setImmediate(() => {
        this.flushScheduled = false;
        void this.flush();
      });
    }
  }

  /**
   * Writes every record queued so far; resolves once they are written, or kept for the next attempt
   * when the write fails (told to onError). Never rejects.
   */
  flush(): Promise<void> {
    this.writing = this.writing.then(() => this.write());
    return this.writing;
  }

  private async write(): Promise<void> {
    const store = this.store();
    if (this.queue.length === 0 || !store?.open) return;
    const batch = this.queue;
    this.queue = [];
    try {
      await store.audit.insertMany(batch);
    } catch (e) {
      // keep the records, oldest first, for the next attempt (e.g. SQLITE_BUSY); records queued
      // during the write beyond the queue bound are dropped and counted as any others
      const kept = batch.concat(this.queue);
      this.dropped += Math.max(0, kept.length - this.maxQueue);
      this.queue = kept.slice(0, this.maxQueue);
      this.onError(e);
    }
  }

  get pending(): number {
    return this.queue.length;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    clearInterval(this.timer);
    this.limiter.close(); // queues the last summaries
    this.closed = true; // records from here on are refused: the last flush below writes the rest
    await this.flush();
  }
}
