/**
 * Per-key-store token buckets shared by every data-plane thread: the buckets live in a
 * SharedArrayBuffer, one slot per store, each guarded by a tiny spin lock (the critical section is
 * a handful of arithmetic operations). Refill is computed lazily from elapsed time, so an idle
 * store costs nothing; a bucket restarts full when its configured rate or burst changes.
 */
import type { FleetShare } from "./fleet-share.js";

export interface RateSetting {
  rps: number;
  burst: number;
}

const FIELDS = 4; // tokens, last (ms), rps, burst
export const THROTTLE_SLOTS = 4096;

export function createThrottleMemory(slots = THROTTLE_SLOTS): SharedArrayBuffer {
  return new SharedArrayBuffer(slots * (4 + FIELDS * 8));
}

export class Throttle {
  readonly #locks: Int32Array;
  readonly #data: Float64Array;
  readonly #slots: number;

  constructor(
    memory: SharedArrayBuffer = createThrottleMemory(),
    private readonly now: () => number = () => performance.timeOrigin + performance.now(),
    /** when given, a setting is the fleet's limit and this node enforces its share of it */
    private readonly fleet?: FleetShare,
  ) {
    this.#slots = Math.floor(memory.byteLength / (4 + FIELDS * 8));
    this.#locks = new Int32Array(memory, 0, this.#slots);
    // Float64Array needs 8-byte alignment: the lock area is padded to a multiple of 8.
    const dataOffset = Math.ceil((this.#slots * 4) / 8) * 8;
    this.#data = new Float64Array(memory, dataOffset, Math.floor((memory.byteLength - dataOffset) / 8));
  }

  /** Forgets a bucket (its slot is being given to another store). */
  reset(slot: number): void {
    if (slot < 0 || slot >= this.#slots) return;
    while (Atomics.compareExchange(this.#locks, slot, 0, 1) !== 0) {
      /* spin */
    }
    this.#data[slot * FIELDS + 2] = Number.NaN;
    Atomics.store(this.#locks, slot, 0);
  }

  /** Takes one token from bucket `slot`; false when the store is over its rate. rps 0 = unlimited. */
  take(slot: number, fleetSetting: RateSetting): boolean {
    if (fleetSetting.rps <= 0) return true;
    const setting = this.fleet ? this.fleet.part(fleetSetting) : fleetSetting;
    if (slot < 0 || slot >= this.#slots || (slot + 1) * FIELDS > this.#data.length) return true;
    const d = this.#data;
    const o = slot * FIELDS;
    while (Atomics.compareExchange(this.#locks, slot, 0, 1) !== 0) {
      /* spin: the holder is within a few instructions of releasing */
    }
    try {
      const t = this.now();
      const burst = Math.max(1, setting.burst);
      if (d[o + 2] !== setting.rps || d[o + 3] !== burst) {
        d[o] = burst;
        d[o + 1] = t;
        d[o + 2] = setting.rps;
        d[o + 3] = burst;
      } else {
        d[o] = Math.min(burst, d[o]! + (Math.max(0, t - d[o + 1]!) / 1000) * setting.rps);
        d[o + 1] = t;
      }
      if (d[o]! < 1) return false;
      d[o] = d[o]! - 1;
      return true;
    } finally {
      Atomics.store(this.#locks, slot, 0);
    }
  }
}

/** Main-thread bookkeeping: a stable bucket slot per key store, reused after a store is deleted. */
export class ThrottleSlots {
  readonly #slots = new Map<string, number>();
  readonly #free: number[] = [];
  #next = 0;
  /** every Throttle whose buckets use these slots: a slot given to another store restarts in each */
  constructor(private readonly throttles: Throttle[], private readonly capacity = THROTTLE_SLOTS) {}

  /** Assigns slots for exactly these stores; returns the whole map. */
  assign(storeIds: Iterable<string>): Record<string, number> {
    const keep = new Set(storeIds);
    for (const [id, slot] of this.#slots) {
      if (!keep.has(id)) {
        this.#slots.delete(id);
        this.#free.push(slot);
      }
    }
    for (const id of keep) {
      if (this.#slots.has(id)) continue;
      const slot = this.#free.pop() ?? (this.#next < this.capacity ? this.#next++ : -1);
      if (slot >= 0) for (const t of this.throttles) t.reset(slot);
      this.#slots.set(id, slot);
    }
    return Object.fromEntries(this.#slots);
  }
}
