import type { ChangeRead, KeyDelta, Snapshot } from "./records.js";
import type { KeyViewHolder } from "./view.js";

/** Where the change log is read from (the store, whichever engine holds it). */
export interface ChangeSource {
  /** the changes after `afterSeq`; the follower asks one read at a time */
  read(afterSeq: number): Promise<ChangeRead>;
  /** every change up to `seq` is applied here: the log may forget what no reader needs */
  applied?(seq: number): Promise<void>;
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

/** One step's outcome, and the hand-off its caller waits for. */
interface Step {
  result: CatchUp;
  published: Promise<void>;
}

/**
 * Keeps a key view in step with the change log: reads what follows the last applied seq, applies
 * it to the view and hands it on (as a delta, or whole after a gap). Steps (read, apply, hand-off)
 * run one at a time, each from where the last ended, so concurrent callers hand on changes in seq
 * order; waiting for the followers to serve a hand-off is outside the step.
 */
export class ChangeFollower {
  #seq: number;
  #published: Promise<void> = Promise.resolve();
  /** settles when the last queued step has ended */
  #steps: Promise<unknown> = Promise.resolve();

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
    const step = this.#steps.then(() => this.#step());
    this.#steps = step.catch(() => undefined); // a failed step's caller hears of it; the next step starts anyway
    const { result, published } = await step;
    await published;
    return result;
  }

  async #step(): Promise<Step> {
    const r = await this.source.read(this.#seq);
    const from = this.keys.current.generation;
    if (r.seq === this.#seq && !("full" in r)) {
      return { result: { seq: this.#seq, generation: from, changed: 0, full: false }, published: this.#published };
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
    await this.source.applied?.(r.seq);
    return { result: { seq: r.seq, generation, changed, full: "full" in r }, published };
  }
}

const count = (s: Record<keyof Snapshot, unknown[]>): number => Object.values(s).reduce((n, l) => n + l.length, 0);
