import type { RateSetting } from "./throttle.js";

/**
 * How many nodes the fleet has now, shared by the main thread (which learns it from fleet
 * membership) and every data-plane thread (which reads it per request: one atomic load). A key
 * store's rate limit is for the whole fleet, so each node enforces its share of it.
 */
export class FleetShare {
  readonly #cell: Int32Array;

  constructor(readonly memory: SharedArrayBuffer = new SharedArrayBuffer(4)) {
    this.#cell = new Int32Array(memory, 0, 1);
    Atomics.compareExchange(this.#cell, 0, 0, 1);
  }

  /** live nodes, at least 1 (this one) */
  get size(): number {
    return Atomics.load(this.#cell, 0);
  }

  set(liveNodes: number): void {
    Atomics.store(this.#cell, 0, Math.max(1, Math.min(1_000_000, Math.floor(liveNodes))));
  }

  /**
   * This node's part of a fleet-wide limit: rate ÷ nodes; the burst likewise, rounded up so each
   * node can still take one request at once. Unlimited (rps 0) stays unlimited.
   */
  part(s: RateSetting): RateSetting {
    const n = this.size;
    if (n === 1 || s.rps <= 0) return s;
    return { rps: s.rps / n, burst: Math.max(1, Math.ceil(s.burst / n)) };
  }
}
