/**
 * The data plane as seen from the main thread: N threads on one port (SO_REUSEPORT), each with its
 * own HTTP server (the transport), fed with a key-view snapshot at start and deltas after, served
 * with HSM operations and health reports, reporting request events. The first thread settles
 * `xks.transport: auto`; the others run what it runs. node:http without SO_REUSEPORT (Node before
 * 22.12) runs one thread: a second listener on the port would fail.
 */
import { createServer } from "node:net";
import type { Worker } from "node:worker_threads";
import { isXksError } from "../errors.js";
import type { HsmPartitionOps } from "../crypto/router.js";
import type { KeyDelta, Snapshot } from "../keys/records.js";
import { spawnModuleWorker } from "../threads.js";
import type { FleetEntry } from "./health-monitor.js";
import type { Call, FromThread, Reply, ThreadInit, ThreadSettings, ToThread, WireError } from "./plane-protocol.js";
import type { XksObserver } from "./server.js";
import { FdGuard } from "./fd-guard.js";
import { lockXksPort, type PortLock } from "./port-lock.js";
import { FleetShare } from "./fleet-share.js";
import { createThrottleMemory, Throttle, ThrottleSlots } from "./throttle.js";
import { nodeHasReusePort } from "./transport/node.js";
import type { TlsPems, TransportKind } from "./transport/seam.js";
import { TurnBatch } from "./turn-batch.js";

export interface DataPlaneOptions {
  threads: number;
  settings: ThreadSettings;
  /** the current snapshot and its generation, for threads started (or restarted) later, and resyncs */
  current: () => { snapshot: Snapshot; generation: number };
  partition: (label: string) => HsmPartitionOps | undefined;
  health: (storeId: string) => Promise<FleetEntry[]>;
  observer: XksObserver;
  ready: boolean;
  /** a thread died unexpectedly (it is restarted) */
  onThreadError: (index: number, error: Error) => void;
  /** open descriptors kept free below the soft limit: accepting stops within this reserve (default 64) */
  fdReserve?: number;
  /** accepting stopped (paused) or restarted near the open-file limit: for the log */
  onAcceptPause?: (paused: boolean, open: number, limit: number) => void;
}

export interface DataPlane {
  port: number;
  threads: number;
  transport: TransportKind;
  /** xks.transport auto runs node: why uWS did not load */
  transportFallback?: string;
  /** resolves once every thread serves the new view */
  publish(snapshot: Snapshot, generation: number): Promise<void>;
  /**
   * Sends one change (onto generation `from`) to every thread; resolves once every thread serves
   * generation `generation`. `storeIds`: the key stores after the change (their throttle slots).
   * Posts synchronously, so calls reach the threads in call order.
   */
  publishDelta(delta: KeyDelta, from: number, generation: number, storeIds: () => Iterable<string>): Promise<void>;
  setReady(ready: boolean): void;
  /**
   * Accept pauses near the open-file limit, for metrics: `paused` now (gauge xks_accept_paused),
   * `total` pauses so far (counter xks_accept_paused_total). Connections the kernel refused
   * meanwhile cannot be counted from here: nothing in the process sees them.
   */
  acceptPauses(): { paused: boolean; total: number };
  /** live fleet nodes (fleet membership): every thread's rate-limit share and GetHealthStatus */
  setFleetSize(liveNodes: number): void;
  /**
   * New connections of every thread (and of threads restarted later) get these certificates; open
   * ones keep theirs. False: the transport (uWS) cannot switch them while it runs.
   */
  reloadTls(pems: TlsPems): boolean;
  close(drainMs?: number): Promise<void>;
}

const PUBLISH_TIMEOUT_MS = 5000;
/**
 * A whole view takes time in proportion to its size to copy into every thread and rebuild there
 * (measured on 2 loaded cores: 100k HYOK keys, ~300k entries, ~10 s); its deadline grows with it,
 * at ~3x that rate, so a large estate can start and resync.
 */
const SNAPSHOT_MS_PER_ENTRY = 0.1;
const snapshotTimeout = (s: Snapshot): number =>
  PUBLISH_TIMEOUT_MS + SNAPSHOT_MS_PER_ENTRY * (s.keyStores.length + s.credentials.length + s.sourceKeys.length + s.virtualKeys.length + s.hyokKeys.length);
/** uWS closes idle HTTP connections after 10 s; a closing thread ends once they are gone (node's are closed by the drain). */
const IDLE_CLOSE_MS = 12_000;

const u8 = (u: Uint8Array) => Buffer.from(u.buffer, u.byteOffset, u.byteLength);

function wireError(e: unknown): WireError {
  return isXksError(e) ? { name: e.name, message: e.message } : { name: "InternalException", message: "The key manager call failed" };
}

function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, host, () => {
      const addr = s.address();
      const p = typeof addr === "object" && addr ? addr.port : 0;
      s.close(() => resolve(p));
    });
  });
}

interface ThreadHandle {
  worker: Worker;
  applied: number;
  waiters: { generation: number; resolve: () => void }[];
  closing: boolean;
  /** replies finished during one event-loop turn go back to the thread in one message */
  replies: TurnBatch<Reply>;
}

export async function startDataPlane(o: DataPlaneOptions): Promise<DataPlane> {
  let ready = o.ready;
  let port = o.settings.port;
  /** what `auto` became in the first thread, for the threads after it */
  let transport: { kind: TransportKind; fallback?: string } | undefined;
  const throttleMemory = createThrottleMemory();
  const healthThrottleMemory = createThrottleMemory();
  const fleet = new FleetShare();
  const slots = new ThrottleSlots([new Throttle(throttleMemory), new Throttle(healthThrottleMemory)]);
  const slotsFor = (snapshot: Snapshot) => slots.assign(snapshot.keyStores.map((k) => k.id));
  const threads: ThreadHandle[] = [];
  /** near the open-file limit: a thread (re)started meanwhile must not accept either */
  let acceptPaused = false;
  /** certificates reloaded since the start: a restarted thread listens with them */
  let reloadedTls: TlsPems | undefined;

  /** Result buffers came from a pool worker and belong to this reply alone: they move, not copy. */
  function reply(h: ThreadHandle, r: Reply, owned?: ArrayBuffer): void {
    if (owned) h.replies.transfer(owned);
    h.replies.push(r);
  }

  async function serveCall(h: ThreadHandle, id: number, c: Call): Promise<void> {
    try {
      let value: unknown;
      let owned: ArrayBuffer | undefined;
      if (c.op === "health") value = await o.health(c.storeId);
      else {
        const ops = o.partition(c.partition);
        if (!ops) throw new Error("partition not configured");
        if (c.op === "encrypt") {
          const r = await ops.encrypt(c.label, u8(c.plaintext), u8(c.aad), c.deadline);
          value = { ciphertext: r.ciphertext, iv: r.iv, tag: r.tag };
          owned = r.ciphertext.buffer as ArrayBuffer;
        } else {
          const pt = await ops.decrypt(c.label, u8(c.ciphertext), u8(c.iv), u8(c.tag), u8(c.aad), c.deadline);
          value = pt;
          owned = pt.buffer as ArrayBuffer;
        }
      }
      reply(h, { id, ok: true, value }, owned);
    } catch (e) {
      reply(h, { id, ok: false, error: wireError(e) });
    }
  }

  /** Answers the publishes a thread now serves. */
  function settle(h: ThreadHandle): void {
    h.waiters = h.waiters.filter((w) => (w.generation <= h.applied ? (w.resolve(), false) : true));
  }

  function sendSnapshot(h: ThreadHandle): void {
    const { snapshot, generation } = o.current();
    h.worker.postMessage({ t: "snapshot", snapshot, generation, throttleSlots: slotsFor(snapshot) } satisfies ToThread);
  }

  /** Posts to every thread and resolves once each serves `generation`. */
  function confirmAll(generation: number, send: (h: ThreadHandle) => void, timeoutMs = PUBLISH_TIMEOUT_MS): Promise<void> {
    return Promise.all(
      threads.map(
        (h) =>
          new Promise<void>((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error("a data-plane thread did not apply the new key view in time")), timeoutMs);
            h.waiters.push({ generation, resolve: () => (clearTimeout(timer), resolve()) });
            send(h);
          }),
      ),
    ).then(() => undefined);
  }

  function start(index: number): Promise<ThreadHandle> {
    const { snapshot, generation } = o.current();
    const init: ThreadInit = { index, settings: { ...o.settings, port, transport: transport?.kind ?? o.settings.transport }, snapshot, generation, ready, throttleMemory, healthThrottleMemory, fleetMemory: fleet.memory, throttleSlots: slotsFor(snapshot), ...(reloadedTls ? { reloadedTls } : {}) };
    const startedWithTls = reloadedTls;
    const worker = spawnModuleWorker(import.meta.url, "thread", init);
    const replies = new TurnBatch<Reply>((batch, transfer) => worker.postMessage({ t: "replies", replies: batch } satisfies ToThread, transfer));
    const h: ThreadHandle = { worker, applied: generation, waiters: [], closing: false, replies };
    return new Promise((resolve, reject) => {
      let listening = false;
      worker.on("message", (m: FromThread) => {
        switch (m.t) {
          case "listening":
            listening = true;
            port = m.port;
            transport ??= { kind: m.transport, ...(m.fallback ? { fallback: m.fallback } : {}) };
            if (acceptPaused) worker.postMessage({ t: "accept", accepting: false } satisfies ToThread);
            // a reload while this thread started went to the thread it replaces
            if (reloadedTls !== startedWithTls) worker.postMessage({ t: "tls", pems: reloadedTls! } satisfies ToThread);
            resolve(h);
            break;
          case "failed":
            reject(new Error(m.message));
            break;
          case "applied":
            h.applied = Math.max(h.applied, m.generation);
            settle(h);
            break;
          case "resync":
            sendSnapshot(h);
            break;
          case "events":
            for (const ev of m.events) o.observer.done(ev);
            for (const t of m.tallies) o.observer.tally?.(t);
            break;
          case "calls":
            for (const c of m.calls) void serveCall(h, c.id, c.call);
            break;
          case "closed":
            break;
        }
      });
      worker.on("error", (e) => {
        if (!listening) reject(e);
        else if (!h.closing) o.onThreadError(index, e);
      });
      worker.on("exit", () => {
        if (!listening || h.closing) return;
        // an unexpected exit: put a fresh thread in its place so capacity is kept
        void start(index).then((fresh) => {
          threads[index] = fresh;
          // changes published while it started went to the dead thread: the fresh one gets them
          // (as one snapshot) and answers the publishes still waiting for them
          fresh.waiters.push(...h.waiters);
          h.waiters = [];
          if (o.current().generation > fresh.applied) sendSnapshot(fresh);
          else settle(fresh);
        }, (e: unknown) => o.onThreadError(index, e instanceof Error ? e : new Error(String(e))));
      });
    });
  }

  // uSockets sets SO_REUSEPORT only for a fixed port, so an ephemeral port is chosen up front
  // (and needs no lock: nobody else was told to use it).
  let lock: PortLock | undefined;
  if (port === 0) port = await freePort(o.settings.host);
  else lock = await lockXksPort(o.settings.host, port);
  try {
    threads.push(await start(0));
    const count = transport!.kind === "node" && !nodeHasReusePort() ? 1 : o.threads;
    for (let i = 1; i < count; i++) threads.push(await start(i));
  } catch (e) {
    await lock?.release();
    throw e;
  }

  const fdGuard = new FdGuard({
    reserve: o.fdReserve ?? 64,
    onChange(paused, open, limit) {
      acceptPaused = paused;
      for (const h of threads) h.worker.postMessage({ t: "accept", accepting: !paused } satisfies ToThread);
      o.onAcceptPause?.(paused, open, limit);
    },
  });
  fdGuard.start();

  return {
    port,
    threads: threads.length,
    transport: transport!.kind,
    ...(transport!.fallback ? { transportFallback: transport!.fallback } : {}),
    acceptPauses: () => ({ paused: fdGuard.paused, total: fdGuard.episodes }),
    setFleetSize: (n) => fleet.set(n),
    reloadTls(pems) {
      if (transport!.kind !== "node") return false;
      reloadedTls = pems;
      for (const h of threads) h.worker.postMessage({ t: "tls", pems } satisfies ToThread);
      return true;
    },
    publish(snapshot, generation) {
      const throttleSlots = slotsFor(snapshot);
      return confirmAll(generation, (h) => h.worker.postMessage({ t: "snapshot", snapshot, generation, throttleSlots } satisfies ToThread), snapshotTimeout(snapshot));
    },
    publishDelta(delta, from, generation, storeIds) {
      const storesChanged = delta.put.keyStores.length > 0 || delta.remove.keyStores.length > 0;
      const throttleSlots = storesChanged ? slots.assign(storeIds()) : undefined;
      const message: ToThread = { t: "delta", delta, from, generation, ...(throttleSlots ? { throttleSlots } : {}) };
      return confirmAll(generation, (h) => h.worker.postMessage(message));
    },
    setReady(r) {
      if (r === ready) return;
      ready = r;
      for (const h of threads) h.worker.postMessage({ t: "ready", ready } satisfies ToThread);
    },
    async close(drainMs = 10_000) {
      fdGuard.stop();
      await Promise.all(
        threads.map(
          (h) =>
            new Promise<void>((resolve) => {
              h.closing = true;
              h.worker.once("exit", () => resolve());
              // Last resort only: a thread still holding connections past uWS's idle timeout.
              const timer = setTimeout(() => void h.worker.terminate(), drainMs + IDLE_CLOSE_MS);
              timer.unref();
              h.worker.postMessage({ t: "close", drainMs } satisfies ToThread);
            }),
        ),
      );
      await lock?.release();
    },
  };
}
