/**
 * Work that must run on one node of a fleet at a time (audit pruning, scheduled credential
 * rotation; later AWS sync). A lease says who runs it: on PostgreSQL a session advisory lock, which
 * the database drops when the holder's session dies, so another node takes over; on the embedded
 * store the data dir lock already makes this daemon the only one, so the lease is always granted.
 */
export interface Lease {
  /** resolves when the lease is gone without release() (the holder's database session died) */
  readonly lost: Promise<void>;
  release(): Promise<void>;
}

export interface LeaseProvider {
  /** the lease when this node got it; undefined when another node holds it */
  tryAcquire(name: string): Promise<Lease | undefined>;
}

/** A running job; a fresh one is started each time the lease is (re)gained. */
export interface RunningJob {
  stop(): void | Promise<void>;
}

export interface SingletonOptions {
  /** how often a node without the lease tries again */
  retryMs: number;
  onChange?: (held: boolean) => void;
  onError?: (e: unknown) => void;
}

/** The embedded store's provider: one daemon per data dir, so it always holds every lease. */
export const soleLeases: LeaseProvider = {
  tryAcquire: () => Promise.resolve({ lost: new Promise<void>(() => {}), release: () => Promise.resolve() }),
};

/** Runs a job while this node holds lease `name`; tries to get it every retryMs otherwise. */
export class Singleton {
  #lease: Lease | undefined;
  #running: RunningJob | undefined;
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;
  #trying: Promise<void> | undefined;

  constructor(
    private readonly name: string,
    private readonly leases: LeaseProvider,
    private readonly startJob: () => RunningJob,
    private readonly o: SingletonOptions,
  ) {}

  get held(): boolean {
    return this.#lease !== undefined;
  }

  /** First attempt now; then a retry timer while not held. */
  start(): Promise<void> {
    this.#timer = setInterval(() => {
      if (!this.#lease) this.#trying ??= this.attempt().finally(() => (this.#trying = undefined));
    }, this.o.retryMs);
    this.#timer.unref();
    this.#trying = this.attempt().finally(() => (this.#trying = undefined));
    return this.#trying;
  }

  private async attempt(): Promise<void> {
    if (this.#stopped || this.#lease) return;
    let lease: Lease | undefined;
    try {
      lease = await this.leases.tryAcquire(this.name);
    } catch (e) {
      this.o.onError?.(e);
      return;
    }
    if (!lease) return;
    if (this.#stopped) {
      await lease.release();
      return;
    }
    this.#lease = lease;
    this.#running = this.startJob();
    this.o.onChange?.(true);
    void lease.lost.then(async () => {
      if (this.#lease !== lease) return;
      this.#lease = undefined;
      await this.stopJob();
      this.o.onChange?.(false);
    });
  }

  private async stopJob(): Promise<void> {
    const job = this.#running;
    this.#running = undefined;
    try {
      await job?.stop();
    } catch (e) {
      this.o.onError?.(e);
    }
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearInterval(this.#timer);
    await this.#trying;
    const lease = this.#lease;
    this.#lease = undefined;
    if (lease) {
      await this.stopJob();
      await lease.release();
    }
  }
}

/** A database that grants named session locks, released by the database when the session dies. */
export interface SessionLocks {
  tryAdvisoryLock(name: string): Promise<{ readonly signal: AbortSignal; release(): Promise<void> } | undefined>;
}

/** Leases on PostgreSQL advisory locks: the lease is lost when the lock's session dies. */
export function advisoryLeases(db: SessionLocks): LeaseProvider {
  return {
    async tryAcquire(name) {
      const lock = await db.tryAdvisoryLock(name);
      if (!lock) return undefined;
      const lost = new Promise<void>((resolve) => {
        if (lock.signal.aborted) resolve();
        else lock.signal.addEventListener("abort", () => resolve(), { once: true });
      });
      return { lost, release: () => lock.release() };
    },
  };
}
