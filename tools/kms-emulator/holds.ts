/**
 * Holds for tests: while an operation is held, its requests wait (after authentication, before
 * doing anything) until the hold is released, so a test can act while a client is deterministically
 * in the middle of a sequence of calls, without sleeping.
 */
export interface Hold {
  /** resolves when the first request of the operation is waiting */
  readonly reached: Promise<void>;
  /** lets the waiting requests (and later ones) through */
  release(): void;
}

export class Holds {
  readonly #held = new Map<string, { gate: Promise<void>; open: () => void; arrived: () => void }>();

  hold(op: string): Hold {
    if (this.#held.has(op)) throw new Error(`${op} is already held`);
    let open!: () => void;
    let arrived!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    const reached = new Promise<void>((r) => (arrived = r));
    this.#held.set(op, { gate, open, arrived });
    return {
      reached,
      release: () => {
        this.#held.delete(op);
        open();
      },
    };
  }

  async pass(op: string): Promise<void> {
    const h = this.#held.get(op);
    if (!h) return;
    h.arrived();
    await h.gate;
  }
}
