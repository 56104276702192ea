/**
 * A background pass run now and then every intervalMs (an unref'd timer, so it never keeps the
 * process alive); a pass still running when the next is due is joined rather than doubled, and
 * stop() waits for it. Audit retention and credential rotation both run this way.
 */
export class PeriodicPass<T> {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<T> | undefined;
  #stopped = false;

  constructor(
    private readonly pass: () => Promise<T>,
    private readonly intervalMs: number,
    /** told about a failed pass; the next one retries */
    private readonly onError?: (e: unknown) => void,
  ) {}

  /** set by stop(): a pass in progress checks it between steps and ends early */
  get stopped(): boolean {
    return this.#stopped;
  }

  start(): void {
    if (this.#timer || this.#stopped) return;
    const tick = () => {
      this.runOnce().catch((e: unknown) => this.onError?.(e));
    };
    this.#timer = setInterval(tick, this.intervalMs);
    this.#timer.unref();
    tick();
  }

  runOnce(): Promise<T> {
    this.#running ??= this.pass().finally(() => (this.#running = undefined));
    return this.#running;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#timer);
    await this.#running?.catch(() => undefined);
  }
}
