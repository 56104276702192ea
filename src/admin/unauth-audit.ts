import type { AuditEvent } from "../obs/audit.js";

export interface UnauthenticatedAuditOptions {
  /** where records go (the daemon's audit sink) */
  record: (e: AuditEvent) => void;
  /** records written per one-second window; the rest are counted */
  perSecond: number;
  /** told of every suppressed record (the integrator's xks_audit_records_suppressed_total) */
  onSuppressed?: (n: number) => void;
  now?: () => number;
}

/**
 * Audit records of admin calls without a valid token, rate limited: anyone who can reach the port
 * can make such calls, so one row per call would let them grow the database without bound. At
 * most `perSecond` records per second are written; the rest are counted, and each window with
 * suppressed calls ends with one summary record ("N unauthenticated admin calls suppressed").
 */
export class UnauthenticatedAudit {
  /** suppressed records since start */
  suppressed = 0;
  private window = -1;
  private written = 0;
  private pending = 0;
  private summaryTimer: NodeJS.Timeout | undefined;
  private readonly now: () => number;

  constructor(private readonly opts: UnauthenticatedAuditOptions) {
    this.now = opts.now ?? Date.now;
  }

  call(path: string): void {
    const t = this.now();
    const w = Math.floor(t / 1000);
    if (w !== this.window) {
      this.summarize();
      this.window = w;
      this.written = 0;
    }
    if (this.written < this.opts.perSecond) {
      this.written++;
      this.opts.record({ kind: "admin", operation: operationOf(path), outcome: "failure", errorName: "UNAUTHENTICATED", actor: "unauthenticated" });
      return;
    }
    this.pending++;
    this.suppressed++;
    this.opts.onSuppressed?.(1);
    // the summary is written when the window ends even if no further call comes
    this.summaryTimer ??= setTimeout(() => this.summarize(), (w + 1) * 1000 - t).unref();
  }

  /** Writes the summary record of the current window, if anything was suppressed. */
  summarize(): void {
    clearTimeout(this.summaryTimer);
    this.summaryTimer = undefined;
    if (this.pending === 0) return;
    const n = this.pending;
    this.pending = 0;
    this.opts.record({
      kind: "admin",
      operation: "UnauthenticatedCallsSuppressed",
      outcome: "failure",
      errorName: "UNAUTHENTICATED",
      actor: "unauthenticated",
      targetId: `${n} unauthenticated admin calls suppressed`,
    });
  }
}

/** "/xks.admin.v1.KeyStoreService/Create" → "KeyStoreService.Create" (the audit's operation names). */
export function operationOf(path: string): string {
  const m = /^\/(?:[\w.]+\.)?(\w+)\/(\w+)$/.exec(path);
  return m ? `${m[1]}.${m[2]}` : "unknown";
}
