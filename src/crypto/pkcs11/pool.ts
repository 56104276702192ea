/**
 * Main-thread side of one token's worker pool: FIFO queue, dispatch, deadlines, hang replacement and
 * session recovery. Each worker owns one logged-in session and runs one message (a control call or
 * a batch of queued operations, in order) at a time.
 *
 * Recovery is coordinated here rather than in the workers because PKCS#11 libraries reuse session
 * handle numbers (SoftHSM does): once a session is closed behind our back (C_CloseAllSessions, a
 * token reset), a worker that reopens may be given the very number another worker still believes
 * is its own. The pool keeps one process-wide table of handle -> owner per module; whoever held a
 * reused number is marked stale and reopens, and the new owner waits until the stale one is idle.
 */
import type { Worker } from "node:worker_threads";
import { spawnModuleWorker } from "../../threads.js";
import { XksError } from "../../errors.js";
import type { BackendHealthStatus, BackendStats } from "../backend.js";
import type { ClientOp, ControlOp, WorkerBatch, WorkerConfig, WorkerData, WorkerError, WorkerMessage, WorkerOutcome, WorkerReply, WorkerResult } from "./protocol.js";

export interface PoolConfig extends WorkerConfig {
  sessions: number;
  maxQueue: number;
  /** A worker that has not answered this long after dispatch is terminated and replaced. */
  hangTimeoutMs: number | undefined;
  /** How often idle sessions are checked (C_GetSessionInfo); 0 turns probing off. */
  probeIntervalMs: number;
}

export interface PoolStats extends BackendStats {
  /** sessions logged in and usable now */
  up: number;
  recoveries: number;
  timeouts: number;
  throttled: number;
  replacedWorkers: number;
  /** client operations sent to workers, and the messages that carried them (batches) */
  dispatchedOps: number;
  batches: number;
}

/** Raised by generateAesKey when the label is taken; admin planes map it to ALREADY_EXISTS. */
export class HsmKeyExistsError extends Error {
  readonly code = "ALREADY_EXISTS";
  constructor(message: string) {
    super(message);
    this.name = "HsmKeyExistsError";
  }
}

type SlotState = "opening" | "up" | "blocked" | "down" | "closed";

interface InFlight {
  id: number;
  onReply(reply: WorkerReply): void;
  /** The worker died (hung: was replaced for not answering) before answering. */
  onLost(reason: string, hung: boolean): void;
}

interface Slot {
  pool: WorkerPool;
  index: number;
  worker: Worker | null;
  /** The worker's doorbell: rung after every message posted to it (see worker.ts). */
  bell: Int32Array;
  state: SlotState;
  inFlight: InFlight | null;
  hangTimer: NodeJS.Timeout | undefined;
  reopenTimer: NodeJS.Timeout | undefined;
  /** Consecutive failed opens; > 0 means the token looks gone and requests fail fast. */
  failures: number;
  /** Session handle (hex) registered in the process-wide owner table. */
  handle: string | null;
  /** Slots that were given our old handle number and wait for our current call to finish. */
  blocking: Slot[];
  /**
   * The request whose failure lost this session: retried here, on the reopened session, because
   * every other session may be just as dead (C_CloseAllSessions, token reset).
   */
  retry: Job | null;
  lastError: string;
}

interface Job {
  op: ClientOp;
  deadline: number;
  budget: number;
  retryable: boolean;
  retried: boolean;
  state: "queued" | "running" | "settled";
  timer: NodeJS.Timeout | undefined;
  resolve(r: WorkerResult): void;
  reject(e: Error): void;
}

/** Session handle owners per module path, across all pools: handle numbers are library-global. */
const handleOwners = new Map<string, Map<string, Slot>>();
/** Workers per module path that may still use the library; the last one out calls C_Finalize. */
const liveWorkers = new Map<string, number>();

/**
 * Session opens (C_OpenSession + C_Login) run one at a time per module: concurrent first logins on
 * SoftHSM2 were seen to fail spuriously (CKR_USER_PIN_NOT_INITIALIZED), and opens are rare anyway.
 */
const openQueues = new Map<string, Promise<void>>();

async function oneAtATime<T>(modulePath: string, fn: () => Promise<T>): Promise<T> {
  const prev = openQueues.get(modulePath) ?? Promise.resolve();
  let release = (): void => undefined;
  const mine = prev.then(() => new Promise<void>((r) => (release = r)));
  openQueues.set(modulePath, mine);
  await prev;
  try {
    return await fn();
  } finally {
    release();
    if (openQueues.get(modulePath) === mine) openQueues.delete(modulePath);
  }
}

function owners(modulePath: string): Map<string, Slot> {
  let m = handleOwners.get(modulePath);
  if (m === undefined) handleOwners.set(modulePath, (m = new Map()));
  return m;
}

function newWorker(workerData: WorkerData): Worker {
  return spawnModuleWorker(import.meta.url, "worker", workerData);
}

const OPEN_TIMEOUT_MS = 30_000;
/**
 * At most this many queued operations go to a worker in one message. Batches amortise the thread
 * hand-off (the dominant cost for a fast HSM) and are sized queue ÷ sessions, so a slow HSM's
 * queue still spreads over every session instead of piling onto the first one free.
 */
const MAX_BATCH = 8;
const CONTROL_TIMEOUT_MS = 10_000;
const MAX_BACKOFF_MS = 5_000;

export class WorkerPool {
  model = "";
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closing = false;
  private probeTimer: NodeJS.Timeout | undefined;
  private idleWaiters: Array<() => void> = [];
  private readonly counters = { recoveries: 0, timeouts: 0, throttled: 0, replacedWorkers: 0, dispatchedOps: 0, batches: 0 };

  readonly #cfg: PoolConfig; // #private: holds the PIN, keep it out of util.inspect and JSON

  constructor(cfg: PoolConfig) {
    this.#cfg = cfg;
  }

  /** Starts every worker and opens every session; rejects (and cleans up) if any cannot. */
  async start(): Promise<void> {
    for (let i = 0; i < this.#cfg.sessions; i++) {
      this.slots.push({ pool: this, index: i, worker: null, bell: new Int32Array(1), state: "down", inFlight: null, hangTimer: undefined, reopenTimer: undefined, failures: 0, handle: null, blocking: [], retry: null, lastError: "" });
    }
    const errors = await Promise.all(this.slots.map((s) => this.open(s, true)));
    const failed = errors.find((e) => e !== null);
    if (failed !== undefined && failed !== null) {
      await this.close();
      throw new Error(failed);
    }
    if (this.#cfg.probeIntervalMs > 0) {
      this.probeTimer = setInterval(() => this.probeIdle(), this.#cfg.probeIntervalMs);
      this.probeTimer.unref();
    }
  }

  /** Queues one client operation; settles by its deadline at the latest. */
  submit(op: ClientOp, deadline: number, retryable: boolean): Promise<WorkerResult> {
    return new Promise<WorkerResult>((resolve, reject) => {
      const now = Date.now();
      if (this.closing) return reject(new XksError("InternalException", `HSM partition "${this.#cfg.tokenLabel}" is closed`));
      if (deadline <= now) {
        this.counters.timeouts++;
        return reject(new XksError("DependencyTimeoutException", "request deadline passed before reaching the HSM"));
      }
      if (!this.canServeSoon()) return reject(this.unavailable());
      const job: Job = { op, deadline, budget: deadline - now, retryable, retried: false, state: "queued", timer: undefined, resolve, reject };
      // Armed before dispatch: posting a large request copies it synchronously.
      job.timer = setTimeout(() => this.expire(job), deadline - now);
      const slot = this.queue.length === 0 ? this.idleSlot() : undefined;
      if (slot !== undefined) {
        this.run(slot, [job]);
      } else if (this.queue.length >= this.#cfg.maxQueue) {
        this.counters.throttled++;
        clearTimeout(job.timer);
        return reject(new XksError("ThrottlingException", `all ${this.#cfg.sessions} HSM sessions busy and ${this.queue.length} requests queued`));
      } else {
        this.queue.push(job);
      }
    });
  }

  health(): BackendHealthStatus {
    const up = this.upCount();
    if (up === this.slots.length && up > 0) return "ACTIVE";
    return up > 0 ? "DEGRADED" : "UNAVAILABLE";
  }

  stats(): PoolStats {
    let inUse = 0;
    for (const s of this.slots) if (s.inFlight !== null) inUse++;
    return { inUse, waiting: this.queue.length, size: this.#cfg.sessions, up: this.upCount(), ...this.counters };
  }

  /** Lets queued and running work finish, closes every session, finalizes if last, stops workers. */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    clearInterval(this.probeTimer);
    for (const s of this.slots) clearTimeout(s.reopenTimer);
    await this.whenIdle();
    const live = this.slots.filter((s) => s.worker !== null);
    await Promise.all(live.map((s) => this.control(s, { op: "close" }, CONTROL_TIMEOUT_MS)));
    for (const s of live) this.release(s);
    const last = live.find((s) => s.worker !== null);
    if (last !== undefined && (liveWorkers.get(this.#cfg.modulePath) ?? 0) === 0) {
      // Only now: C_Finalize is process-global and would kill other pools' sessions.
      await this.control(last, { op: "finalize" }, CONTROL_TIMEOUT_MS);
    }
    await Promise.all(
      this.slots.map(async (s) => {
        const w = s.worker;
        s.worker = null;
        s.state = "closed";
        this.dropHandle(s);
        if (w !== null) await w.terminate();
      }),
    );
  }

  // ---- dispatch -------------------------------------------------------------------------------

  private run(slot: Slot, jobs: Job[]): void {
    let budget = 0;
    const ops: ClientOp[] = []; // built by push: a packed array clones faster than map()'s holey one
    for (const job of jobs) {
      job.state = "running";
      budget = Math.max(budget, job.budget);
      ops.push(job.op);
    }
    const hangMs = this.#cfg.hangTimeoutMs ?? Math.max(1_000, 5 * budget);
    this.counters.batches++;
    this.counters.dispatchedOps += jobs.length;
    this.send(slot, { op: "batch", ops }, hangMs, {
      onReply: (reply) => this.finishBatch(slot, jobs, reply),
      onLost: (reason, hung) => {
        const err = hung ? new XksError("DependencyTimeoutException", `HSM did not answer within ${hangMs} ms`) : new XksError("InternalException", `HSM worker lost: ${reason}`);
        for (const job of jobs) this.settle(job, err);
      },
    });
  }

  private finishBatch(slot: Slot, jobs: Job[], reply: WorkerReply): void {
    if (!reply.ok || reply.result.kind !== "batch") {
      const err = reply.ok ? new XksError("InternalException", `unexpected PKCS#11 worker reply "${reply.result.kind}"`) : toError(reply.error);
      for (const job of jobs) this.settle(job, err);
      return;
    }
    const outcomes = reply.result.outcomes;
    // A lost session stopped the batch: what did not run goes back to the head of the queue.
    const notRun = jobs.slice(outcomes.length).filter((j) => j.state === "running");
    for (const job of notRun) job.state = "queued";
    this.queue.unshift(...notRun);
    outcomes.forEach((o, i) => this.finish(slot, jobs[i] as Job, o));
  }

  private finish(slot: Slot, job: Job, reply: WorkerOutcome): void {
    if (reply.ok) return this.settle(job, null, reply.result);
    if (reply.error.sessionLost) {
      this.sessionLost(slot, reply.error.message);
      // Retry once on another (or the reopened) session if the caller still waits.
      if (job.retryable && !job.retried && job.state === "running" && Date.now() < job.deadline && slot.retry === null) {
        job.retried = true;
        job.state = "queued";
        slot.retry = job;
        return;
      }
    }
    this.settle(job, toError(reply.error));
  }

  private settle(job: Job, err: Error | null, result?: WorkerResult): void {
    if (job.state === "settled") return; // already answered (deadline): drop the late reply
    job.state = "settled";
    clearTimeout(job.timer);
    if (err !== null) job.reject(err);
    else job.resolve(result as WorkerResult);
  }

  private expire(job: Job): void {
    if (job.state === "settled") return;
    this.counters.timeouts++;
    if (job.state === "queued") {
      const i = this.queue.indexOf(job);
      if (i >= 0) this.queue.splice(i, 1);
      this.settle(job, new XksError("DependencyTimeoutException", `no HSM session became free within ${job.budget} ms`));
    } else {
      // Still running in a worker: answer now; the worker's reply will be discarded.
      this.settle(job, new XksError("DependencyTimeoutException", `HSM did not answer within ${job.budget} ms`));
    }
  }

  private pump(): void {
    for (const s of this.slots) {
      if (s.retry === null || s.state !== "up" || s.inFlight !== null) continue;
      const job = s.retry;
      s.retry = null;
      if (job.state !== "settled") this.run(s, [job]);
    }
    while (this.queue.length > 0) {
      const slot = this.idleSlot();
      if (slot === undefined) break;
      this.run(slot, this.queue.splice(0, Math.min(MAX_BATCH, Math.ceil(this.queue.length / this.slots.length))));
    }
    if (this.queue.length > 0 && !this.canServeSoon()) {
      // Every session is down and reconnecting with backoff: fail fast instead of at the deadline.
      for (const job of this.queue.splice(0)) this.settle(job, this.unavailable());
    }
    if (this.idleWaiters.length > 0 && this.queue.length === 0 && this.slots.every((s) => s.inFlight === null && s.retry === null)) {
      for (const w of this.idleWaiters.splice(0)) w();
    }
  }

  private idleSlot(): Slot | undefined {
    for (const s of this.slots) if (s.state === "up" && s.inFlight === null && s.retry === null) return s;
    return undefined;
  }

  private upCount(): number {
    let n = 0;
    for (const s of this.slots) if (s.state === "up" || s.state === "blocked") n++;
    return n;
  }

  /** A session is usable or about to be (first reopen attempt running): worth queueing for. */
  private canServeSoon(): boolean {
    return this.slots.some((s) => s.state === "up" || s.state === "blocked" || (s.state === "opening" && s.failures === 0));
  }

  private unavailable(): XksError {
    const why = this.slots.find((s) => s.lastError !== "")?.lastError ?? "no session";
    return new XksError("InternalException", `HSM partition "${this.#cfg.tokenLabel}" unavailable, reconnecting: ${why}`);
  }

  private whenIdle(): Promise<void> {
    return new Promise((resolve) => {
      this.idleWaiters.push(resolve);
      this.pump();
    });
  }

  // ---- worker messaging -----------------------------------------------------------------------

  private send(slot: Slot, op: ControlOp | Omit<WorkerBatch, "id">, hangMs: number, cb: Omit<InFlight, "id">): void {
    const worker = slot.worker;
    if (worker === null) return cb.onLost("no worker", false);
    const id = this.nextId++;
    slot.inFlight = { id, ...cb };
    slot.hangTimer = setTimeout(() => this.hung(slot, id), hangMs);
    // Buffers are copied, not transferred: the caller still owns its plaintext and AAD.
    worker.postMessage({ ...op, id } as WorkerMessage);
    Atomics.add(slot.bell, 0, 1);
    Atomics.notify(slot.bell, 0);
  }

  private onMessage(slot: Slot, reply: WorkerReply): void {
    const f = slot.inFlight;
    if (f === null || f.id !== reply.id) return;
    slot.inFlight = null;
    clearTimeout(slot.hangTimer);
    f.onReply(reply);
    this.afterCall(slot);
  }

  /** A call on this slot ended (answered, or its worker replaced): unblock, recover, dispatch. */
  private afterCall(slot: Slot): void {
    for (const b of slot.blocking.splice(0)) {
      if (b.state === "blocked") b.state = "up";
      if (b.pool !== this) b.pool.pump();
    }
    if (slot.state === "down" && slot.failures === 0 && slot.reopenTimer === undefined && !this.closing) void this.open(slot, false);
    this.pump();
  }

  /** A control call; resolves with the reply, or null when the worker could not answer. */
  private control(slot: Slot, op: ControlOp, timeoutMs: number): Promise<WorkerReply | null> {
    return new Promise((resolve) => {
      this.send(slot, op, timeoutMs, { onReply: resolve, onLost: () => resolve(null) });
    });
  }

  private spawn(slot: Slot): Worker {
    const doorbell = new SharedArrayBuffer(4);
    slot.bell = new Int32Array(doorbell);
    const w = newWorker({ modulePath: this.#cfg.modulePath, tokenLabel: this.#cfg.tokenLabel, pin: this.#cfg.pin, useHsmIv: this.#cfg.useHsmIv, doorbell });
    let counted = true;
    liveWorkers.set(this.#cfg.modulePath, (liveWorkers.get(this.#cfg.modulePath) ?? 0) + 1);
    const uncount = (): void => {
      if (!counted) return;
      counted = false;
      liveWorkers.set(this.#cfg.modulePath, (liveWorkers.get(this.#cfg.modulePath) ?? 1) - 1);
    };
    this.uncounters.set(w, uncount);
    w.on("message", (reply: WorkerReply) => {
      if (slot.worker === w) this.onMessage(slot, reply);
    });
    w.on("error", (e) => {
      if (slot.worker === w) slot.lastError = `worker error: ${e.message}`;
    });
    w.on("exit", () => {
      uncount();
      this.uncounters.delete(w);
      if (slot.worker === w) this.workerGone(slot, slot.lastError || "worker exited", true);
    });
    return w;
  }

  private readonly uncounters = new Map<Worker, () => void>();

  /** This worker will not use the library again (its session is closed). */
  private release(slot: Slot): void {
    if (slot.worker !== null) this.uncounters.get(slot.worker)?.();
  }

  /** The worker exited or was abandoned: fail its call and start a fresh one (with backoff on crashes). */
  private workerGone(slot: Slot, reason: string, crashed: boolean, hung = false): void {
    slot.worker = null;
    clearTimeout(slot.hangTimer);
    this.dropHandle(slot);
    const f = slot.inFlight;
    slot.inFlight = null;
    this.dropRetry(slot, `HSM worker lost: ${reason}`);
    if (this.closing) {
      slot.state = "closed";
      f?.onLost(reason, hung);
      return;
    }
    slot.state = "down";
    if (crashed) slot.failures++;
    f?.onLost(reason, hung);
    if (slot.failures > 0) this.scheduleReopen(slot);
    this.afterCall(slot);
  }

  private hung(slot: Slot, id: number): void {
    if (slot.inFlight?.id !== id || slot.worker === null) return;
    // Stuck far past its deadline (a wedged HSM connection): replace it so the pool keeps its size.
    const w = slot.worker;
    this.counters.replacedWorkers++;
    slot.lastError = "worker stopped answering and was replaced";
    this.workerGone(slot, slot.lastError, false, true);
    void w.terminate();
  }

  // ---- sessions -------------------------------------------------------------------------------

  /** Spawns the worker if needed and opens its session. Resolves with an error message or null. */
  private async open(slot: Slot, initial: boolean): Promise<string | null> {
    slot.reopenTimer = undefined;
    if (this.closing) return "closing";
    if (slot.worker === null) slot.worker = this.spawn(slot);
    slot.state = "opening";
    const reply = await oneAtATime(this.#cfg.modulePath, () => this.control(slot, { op: "open" }, OPEN_TIMEOUT_MS));
    if (this.closing) {
      if (reply?.ok === true && reply.result.kind === "session") this.claim(slot, reply.result.handle);
      return initial ? `HSM partition "${this.#cfg.tokenLabel}" closed while opening` : "closing";
    }
    if (reply !== null && reply.ok && reply.result.kind === "session") {
      this.model = reply.result.model;
      if (!initial) this.counters.recoveries++;
      slot.failures = 0;
      slot.lastError = "";
      this.claim(slot, reply.result.handle);
      this.pump();
      return null;
    }
    const msg = reply === null ? slot.lastError || "worker did not answer" : reply.ok ? "unexpected reply to open" : reply.error.message;
    slot.lastError = msg;
    this.dropRetry(slot, `HSM partition "${this.#cfg.tokenLabel}" reconnect failed: ${msg}`);
    if (slot.state === "opening") slot.state = "down";
    slot.failures++;
    if (!initial) this.scheduleReopen(slot);
    this.pump();
    return `PKCS#11 partition "${this.#cfg.tokenLabel}": ${msg}`;
  }

  private dropRetry(slot: Slot, message: string): void {
    const job = slot.retry;
    slot.retry = null;
    if (job !== null) this.settle(job, new XksError("InternalException", message));
  }

  private scheduleReopen(slot: Slot): void {
    if (this.closing || slot.reopenTimer !== undefined) return;
    const delay = Math.min(MAX_BACKOFF_MS, 100 * 2 ** Math.max(0, slot.failures - 1));
    slot.reopenTimer = setTimeout(() => void this.open(slot, false), delay);
    slot.reopenTimer.unref();
  }

  /** The worker reported its session gone; it has already forgotten (or closed) it. */
  private sessionLost(slot: Slot, message: string): void {
    slot.lastError = message;
    this.dropHandle(slot);
    if (slot.state === "up" || slot.state === "blocked") slot.state = "down";
  }

  private dropHandle(slot: Slot): void {
    if (slot.handle === null) return;
    const m = owners(this.#cfg.modulePath);
    if (m.get(slot.handle) === slot) m.delete(slot.handle);
    slot.handle = null;
  }

  /** Registers a freshly opened session; evicts a stale holder of the same handle number. */
  private claim(slot: Slot, handle: string): void {
    const m = owners(this.#cfg.modulePath);
    const prev = m.get(handle);
    m.set(handle, slot);
    slot.handle = handle;
    slot.state = "up";
    if (prev === undefined || prev === slot) return;
    // prev's session was closed behind its back and the library reused the number for us.
    prev.handle = null;
    prev.pool.sessionLost(prev, "session closed externally (handle reused)");
    if (prev.inFlight !== null) {
      // prev may be mid-call on this very handle: wait for it before using the session.
      slot.state = "blocked";
      prev.blocking.push(slot);
    } else {
      prev.pool.afterCall(prev);
    }
  }

  private probeIdle(): void {
    for (const s of this.slots) {
      if (s.state !== "up" || s.inFlight !== null) continue;
      this.send(s, { op: "probe" }, this.#cfg.hangTimeoutMs ?? CONTROL_TIMEOUT_MS, {
        onReply: (reply) => {
          if (!reply.ok && reply.error.sessionLost) this.sessionLost(s, reply.error.message);
        },
        onLost: () => undefined,
      });
    }
  }
}

function toError(e: WorkerError): Error {
  if (e.exists === true) return new HsmKeyExistsError(e.message);
  return new XksError(e.name, e.message);
}
