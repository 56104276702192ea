/**
 * Stops the data plane accepting connections while the process is near its open-file limit.
 * uSockets' accept loop spins on EMFILE (the listen socket stays readable, accept keeps failing),
 * which took both cores to 100 % and starved the requests on connections already open. The guard
 * counts the process's open descriptors on a timer; within `reserve` of the soft limit it asks the
 * threads to close their listen sockets (new connections are refused by the kernel), and once
 * enough descriptors are free again, to listen again. Counting reads /proc/self/fd, so it checks
 * often only when the count is close to the limit.
 */
import { readdirSync, readFileSync } from "node:fs";

export interface FdGuardOptions {
  /** descriptors kept free for the rest of the daemon (database, HSM, admin, metrics) */
  reserve: number;
  /** accepting stops / restarts */
  onChange: (paused: boolean, open: number, limit: number) => void;
  countOpen?: () => number;
  softLimit?: () => number;
}

export function openFds(): number {
  return readdirSync("/proc/self/fd").length - 1; // minus the directory handle readdir holds
}

export function softNofile(): number {
  const m = /^Max open files\s+(\d+|unlimited)\s/m.exec(readFileSync("/proc/self/limits", "utf8"));
  return !m || m[1] === "unlimited" ? Number.POSITIVE_INFINITY : Number(m[1]);
}

const FAST_MS = 100;
const SLOW_MS = 1000;

export class FdGuard {
  #timer: NodeJS.Timeout | undefined;
  #paused = false;
  #episodes = 0;
  readonly #count: () => number;
  readonly #limit: () => number;

  constructor(private readonly o: FdGuardOptions) {
    this.#count = o.countOpen ?? openFds;
    this.#limit = o.softLimit ?? softNofile;
  }

  get paused(): boolean {
    return this.#paused;
  }
  /** how many times accepting was stopped */
  get episodes(): number {
    return this.#episodes;
  }

  /** false where the count or the limit cannot be read (not Linux): the guard then stays off */
  start(): boolean {
    try {
      this.#count();
      this.#lastLimit = this.#limit();
    } catch {
      return false;
    }
    this.#tick();
    return true;
  }

  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #lastLimit = Number.POSITIVE_INFINITY;

  #tick = (): void => {
    // Re-read: the soft limit can be raised while running (prlimit). Both reads need a descriptor
    // themselves: failing for want of one means the process is at its limit.
    let limit = this.#lastLimit;
    try {
      limit = this.#lastLimit = this.#limit();
    } catch {
      /* keep the last known limit */
    }
    let open: number;
    try {
      open = this.#count();
    } catch {
      open = limit;
    }
    const high = limit - this.o.reserve;
    if (!this.#paused && open >= high) {
      this.#paused = true;
      this.#episodes++;
      this.o.onChange(true, open, limit);
    } else if (this.#paused && open < high - Math.ceil(this.o.reserve / 2)) {
      // resume with some room below the threshold, so one freed socket does not flap the listeners
      this.#paused = false;
      this.o.onChange(false, open, limit);
    }
    // Often when close to the limit; never so often that reading a huge /proc/self/fd (~0.3 µs
    // per entry) costs more than a few per cent of a core.
    const near = this.#paused || limit - open < 8 * this.o.reserve;
    this.#timer = setTimeout(this.#tick, Math.max(near ? FAST_MS : SLOW_MS, open / 100));
    this.#timer.unref();
  };
}
