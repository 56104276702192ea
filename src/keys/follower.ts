import type { ChangeRead, KeyDelta, Snapshot } from "./records.js";
import type { KeyViewHolder } from "./view.js";

/** Where the change log is read from (SQLite today; another engine plugs in here). */
export interface ChangeSource {
  /** the changes after `afterSeq` (synchronous: read, then applied, in one event-loop turn) */
  read(afterSeq: number): ChangeRead;
  /** every change up to `seq` is applied here: the log may forget what no reader needs */
  applied?(seq: number): void;
}

/** What the view's followers (the data-plane threads) are sent; resolves once they serve it. */
export type ViewChange = { generation: number } & ({ snapshot: Snapshot } | { delta: KeyDelta; from: number });

export interface CatchUp {
  seq: number;
  generation: number;
  /** entities the change named (0: nothing new) */
  changed: number;
  full: boolean;
}

/**
 * Keeps a key view in step with the change log: reads what follows the last applied seq, applies
 * it to the view and hands it on (as a delta, or whole after a gap). Reads, applies and hand-offs
 * happen in one synchronous step each, so concurrent callers hand on changes in seq order.
 */
export class ChangeFollower {
  #seq: number;
  #published: Promise<void> = Promise.resolve();

  constructor(
    private readonly keys: KeyViewHolder,
    private readonly source: ChangeSource,
    private readonly publish: (change: ViewChange) => Promise<void>,
    appliedSeq: number,
  ) {
    this.#seq = appliedSeq;
  }

  get appliedSeq(): number {
    return this.#seq;
  }

  /**
   * Applies every change after the last applied seq and resolves once the followers serve it, or,
   * with nothing new, once they serve what was handed on before (a change committed by this caller
   * may have been picked up by an earlier call).
   */
  async catchUp(): Promise<CatchUp> {
    const from = this.keys.current.generation;
    const r = this.source.read(this.#seq);
    if (r.seq === this.#seq && !("full" in r)) {
      await this.#published;
      return { seq: this.#seq, generation: from, changed: 0, full: false };
    }
    let changed: number;
    let published: Promise<void>;
    let generation: number;
    if ("full" in r) {
      generation = this.keys.load(r.snapshot).generation;
      changed = count(r.snapshot);
      published = this.publish({ generation, snapshot: r.snapshot });
    } else {
      generation = this.keys.apply(r.delta).generation;
      changed = count(r.delta.put) + count(r.delta.remove);
      published = this.publish({ generation, delta: r.delta, from });
    }
    this.#seq = r.seq;
    this.#published = published;
    // the newest hand-off's failure reaches its callers; nobody else needs to hear of it
    published.catch(() => undefined);
    this.source.applied?.(r.seq);
    await published;
    return { seq: r.seq, generation, changed, full: "full" in r };
  }
}

const count = (s: Record<keyof Snapshot, unknown[]>): number => Object.values(s).reduce((n, l) => n + l.length, 0);
