import { setImmediate as yieldToLoop } from "node:timers/promises";
import { PeriodicPass } from "./periodic.js";

/** The part of the audit repository retention needs. */
export interface AuditRetentionTarget {
  deleteOlderThan(beforeIso: string, limit: number): Promise<number>;
  excessOver(keep: number): Promise<number>;
  deleteOldest(limit: number): Promise<number>;
}

export interface AuditRetentionOptions {
  /** records stamped longer ago than this are deleted (config audit.retentionDays); 1..36500, default 90 */
  retentionDays?: number;
  /** at most this many records are kept, the oldest by seq go first (config audit.maxRecords); 1..1e9, default 1,000,000 */
  maxRecords?: number;
  /** rows per DELETE (default 2000, ~15 ms): each is one short statement, then the event loop runs again */
  batchSize?: number;
  /** time between passes (ms); default 60 s */
  intervalMs?: number;
  /** wall clock (ms since epoch) for the age cut-off */
  now?: () => number;
  /** told how many records a pass deleted (only when it deleted some) */
  onDeleted?: (r: RetentionResult) => void;
  /** told about a failed pass; the next pass retries */
  onError?: (e: unknown) => void;
}

export interface RetentionResult {
  byAge: number;
  byCount: number;
}

export const RETENTION_DEFAULTS = { retentionDays: 90, maxRecords: 1_000_000, batchSize: 2000, intervalMs: 60_000 } as const;

function intIn(v: number, name: string, min: number, max: number): number {
  if (!Number.isInteger(v) || v < min || v > max) throw new RangeError(`${name} must be an integer from ${min} to ${max}, got ${v}`);
  return v;
}

/**
 * Audit retention by age and by count, in the background: each pass deletes in batches of a few
 * thousand rows and yields to the event loop between batches, so requests and admin calls never
 * wait behind one long DELETE.
 */
export class AuditRetention {
  private readonly retentionMs: number;
  private readonly maxRecords: number;
  private readonly batchSize: number;
  private readonly now: () => number;
  private readonly periodic: PeriodicPass<RetentionResult>;

  constructor(
    private readonly target: AuditRetentionTarget,
    private readonly opts: AuditRetentionOptions = {},
  ) {
    const days = intIn(opts.retentionDays ?? RETENTION_DEFAULTS.retentionDays, "audit.retentionDays", 1, 36_500);
    this.retentionMs = days * 86_400_000;
    this.maxRecords = intIn(opts.maxRecords ?? RETENTION_DEFAULTS.maxRecords, "audit.maxRecords", 1, 1_000_000_000);
    this.batchSize = intIn(opts.batchSize ?? RETENTION_DEFAULTS.batchSize, "audit retention batch size", 1, 100_000);
    const intervalMs = intIn(opts.intervalMs ?? RETENTION_DEFAULTS.intervalMs, "audit retention interval", 10, 86_400_000);
    this.now = opts.now ?? Date.now;
    this.periodic = new PeriodicPass(() => this.pass(), intervalMs, opts.onError);
  }

  /** First pass right away (a daemon started after a long stop may hold expired rows), then every interval. */
  start(): void {
    this.periodic.start();
  }

  /** One full pass; a pass already running is joined rather than doubled. */
  runOnce(): Promise<RetentionResult> {
    return this.periodic.runOnce();
  }

  /** Stops the timer and waits for a running pass to finish its current batch. */
  stop(): Promise<void> {
    return this.periodic.stop();
  }

  private async pass(): Promise<RetentionResult> {
    const cutoff = new Date(this.now() - this.retentionMs).toISOString();
    const r: RetentionResult = { byAge: 0, byCount: 0 };
    for (;;) {
      if (this.periodic.stopped) break;
      const n = await this.target.deleteOlderThan(cutoff, this.batchSize);
      r.byAge += n;
      if (n < this.batchSize) break;
      await yieldToLoop();
    }
    // read once per pass; records written meanwhile wait for the next pass
    let excess = await this.target.excessOver(this.maxRecords);
    while (excess > 0 && !this.periodic.stopped) {
      const n = await this.target.deleteOldest(Math.min(this.batchSize, excess));
      r.byCount += n;
      excess -= n;
      if (n === 0) break;
      await yieldToLoop();
    }
    if (r.byAge + r.byCount > 0) this.opts.onDeleted?.(r);
    return r;
  }
}
