/**
 * Per-key-store token buckets. Refill is computed lazily from elapsed time, so an idle store
 * costs nothing. A bucket is rebuilt when the store's configured rate or burst changes.
 */
export interface RateSetting {
  rps: number;
  burst: number;
}

interface Bucket {
  rps: number;
  burst: number;
  tokens: number;
  last: number;
}

export class Throttle {
  readonly #buckets = new Map<string, Bucket>();
  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Takes one token for `storeId`; false when the store is over its rate. rps 0 = unlimited. */
  take(storeId: string, setting: RateSetting): boolean {
    if (setting.rps <= 0) return true;
    const t = this.now();
    let b = this.#buckets.get(storeId);
    if (!b || b.rps !== setting.rps || b.burst !== setting.burst) {
      b = { rps: setting.rps, burst: Math.max(1, setting.burst), tokens: Math.max(1, setting.burst), last: t };
      this.#buckets.set(storeId, b);
    } else {
      b.tokens = Math.min(b.burst, b.tokens + ((t - b.last) / 1000) * b.rps);
      b.last = t;
    }
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }

  /** Drops buckets of stores that no longer exist. */
  retain(storeIds: ReadonlySet<string>): void {
    for (const id of this.#buckets.keys()) if (!storeIds.has(id)) this.#buckets.delete(id);
  }
}
