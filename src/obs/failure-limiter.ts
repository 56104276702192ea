import { performance } from "node:perf_hooks";

/** What a limiter held back in one window for one key, by event name. */
export interface SuppressedSummary {
  key: string;
  name: string;
  suppressed: number;
}

export interface FailureLimiterOptions {
  /** events admitted per key per window; 0 admits none (only summaries are reported) */
  perWindow: number;
  /** window length (ms); default 1000, so perWindow is a rate per second */
  windowMs?: number;
  /** told once per window, per key and name, how many events were held back; must not throw */
  onSummary: (s: SuppressedSummary) => void;
  /** monotonic clock (ms); tests may pass their own */
  now?: () => number;
}

interface Window {
  start: number;
  admitted: number;
  /** name → events held back in this window */
  held: Map<string, number>;
}

export const MAX_PER_WINDOW = 100_000;

/**
 * Fixed-window rate limiter for noisy failures (e.g. unauthenticated traffic), per key: the first
 * `perWindow` events of a window are admitted, the rest are counted and reported in one summary
 * per key and name when the window ends. `admit()` is O(1) and allocation-free once a key has a
 * window, so it is safe on the hot path. Keys must come from a bounded set (known key store ids,
 * not caller-chosen strings): each key holds a window while it is active.
 */
export class FailureLimiter {
  private readonly windows = new Map<string, Window>();
  private readonly perWindow: number;
  private readonly windowMs: number;
  private readonly onSummary: (s: SuppressedSummary) => void;
  private readonly now: () => number;
  private readonly timer: NodeJS.Timeout;
  /** events held back since the limiter started */
  suppressed = 0;

  constructor(opts: FailureLimiterOptions) {
    if (!Number.isInteger(opts.perWindow) || opts.perWindow < 0 || opts.perWindow > MAX_PER_WINDOW) {
      throw new RangeError(`failure limit must be an integer from 0 to ${MAX_PER_WINDOW}, got ${opts.perWindow}`);
    }
    this.perWindow = opts.perWindow;
    this.windowMs = opts.windowMs ?? 1000;
    if (!(this.windowMs >= 1)) throw new RangeError(`failure limiter window must be at least 1 ms, got ${opts.windowMs}`);
    this.onSummary = opts.onSummary;
    this.now = opts.now ?? (() => performance.now());
    // Ends windows even when no further event arrives, so the last summary is not held forever.
    this.timer = setInterval(() => this.endExpired(), this.windowMs);
    this.timer.unref();
  }

  /** True if this event may be recorded; false if it is held back (and counted). */
  admit(key: string, name: string): boolean {
    const now = this.now();
    let w = this.windows.get(key);
    if (w && now - w.start >= this.windowMs) {
      this.report(key, w);
      w.start = now;
      w.admitted = 0;
    }
    if (!w) {
      w = { start: now, admitted: 0, held: new Map() };
      this.windows.set(key, w);
    }
    if (w.admitted < this.perWindow) {
      w.admitted++;
      return true;
    }
    w.held.set(name, (w.held.get(name) ?? 0) + 1);
    this.suppressed++;
    return false;
  }

  /** Reports every window now, whether ended or not (e.g. at shutdown). */
  flush(): void {
    for (const [key, w] of this.windows) this.report(key, w);
    this.windows.clear();
  }

  close(): void {
    clearInterval(this.timer);
    this.flush();
  }

  private endExpired(): void {
    const now = this.now();
    for (const [key, w] of this.windows) {
      if (now - w.start < this.windowMs) continue;
      this.report(key, w);
      this.windows.delete(key); // an idle key holds no memory
    }
  }

  private report(key: string, w: Window): void {
    for (const [name, suppressed] of w.held) this.onSummary({ key, name, suppressed });
    w.held.clear();
  }
}
