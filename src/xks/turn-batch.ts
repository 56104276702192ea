/**
 * Messages to another thread made during one event-loop turn travel together: one postMessage
 * (one wake-up of the receiver) for many requests. Buffers handed over with them are transferred,
 * not copied; each may be handed over once, and the sender must not touch it afterwards.
 */
export class TurnBatch<T> {
  #items: T[] = [];
  #transfer: ArrayBuffer[] = [];

  constructor(private readonly post: (items: T[], transfer: ArrayBuffer[]) => void) {}

  /** Moves `buffer` with the next message. */
  transfer(buffer: ArrayBuffer): void {
    this.#transfer.push(buffer);
  }

  push(item: T): void {
    if (this.#items.push(item) === 1) setImmediate(this.#flush);
  }

  readonly #flush = (): void => {
    const items = this.#items;
    const transfer = this.#transfer;
    this.#items = [];
    this.#transfer = [];
    this.post(items, transfer);
  };
}
