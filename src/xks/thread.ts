/**
 * A data-plane thread: one HTTP server (the configured transport) listening on the shared port
 * (SO_REUSEPORT spreads connections over the threads). It keeps its own copy of the key view: a snapshot at start, then the main
 * thread's deltas (keys/view.ts applies both); local-tier crypto runs here, HSM calls and health reports go to the main thread,
 * which owns the PKCS#11 session pools. Request events go back in batches for logs/metrics/audit.
 */
import { parentPort, workerData } from "node:worker_threads";
import { XksError, XKS_ERROR_NAMES } from "../errors.js";
import type { GcmEncrypted } from "../crypto/backend.js";
import { createCryptoRouter, type HsmPartitionOps } from "../crypto/router.js";
import { emptySnapshot } from "../keys/records.js";
import { KeyViewHolder } from "../keys/view.js";
import type { FleetEntry } from "./health-monitor.js";
import type { Call, FromThread, ThreadInit, ToThread } from "./plane-protocol.js";
import { startXksServer, type XksRequestEvent } from "./server.js";
import { setThreadNice } from "../threads.js";
import { FleetShare } from "./fleet-share.js";
import { Throttle } from "./throttle.js";
import { nodeHasReusePort } from "./transport/node.js";
import { loadTransport } from "./transport/select.js";
import { TurnBatch } from "./turn-batch.js";

const init = workerData as ThreadInit;
const main = parentPort!;
const post = (m: FromThread) => main.postMessage(m);

// Before anything listens: a configured priority this process cannot take fails startup.
if (init.settings.nice !== 0) {
  try {
    setThreadNice(init.settings.nice);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new Error(`xks.nice ${init.settings.nice} could not be applied to a data-plane thread (${why}); a nice value below the current one needs root or CAP_SYS_NICE`);
  }
}

const keys = new KeyViewHolder();
const fleet = new FleetShare(init.fleetMemory);
keys.load(init.snapshot);
/** the main thread's generation this thread serves (deltas chain on it) */
let generation = init.generation;
let ready = init.ready;
let slots = init.throttleSlots;

const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
let nextId = 1;
const calls = new TurnBatch<{ id: number; call: Call }>((batch, transfer) => main.postMessage({ t: "calls", calls: batch } satisfies FromThread, transfer));
function call(c: Call): Promise<unknown> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    calls.push({ id, call: c });
  });
}

/**
 * An exact-size copy that moves to the main thread without a second copy. Request buffers are
 * views into Node's shared 8 KiB allocation pool; posting a view would clone the whole pool.
 */
function own(b: Buffer): Uint8Array {
  const u = new Uint8Array(b);
  calls.transfer(u.buffer);
  return u;
}

const buf = (u: Uint8Array) => Buffer.from(u.buffer, u.byteOffset, u.byteLength);

function remotePartition(partition: string): HsmPartitionOps {
  return {
    async encrypt(label, plaintext, aad, deadline): Promise<GcmEncrypted> {
      const r = (await call({ op: "encrypt", partition, label, plaintext: own(plaintext), aad: own(aad), deadline })) as { ciphertext: Uint8Array; iv: Uint8Array; tag: Uint8Array };
      return { ciphertext: buf(r.ciphertext), iv: buf(r.iv), tag: buf(r.tag) };
    },
    async decrypt(label, ciphertext, iv, tag, aad, deadline): Promise<Buffer> {
      return buf((await call({ op: "decrypt", partition, label, ciphertext: own(ciphertext), iv: own(iv), tag: own(tag), aad: own(aad), deadline })) as Uint8Array);
    },
  };
}

const batch: XksRequestEvent[] = [];
/**
 * Successes the main thread only counts (no log line, no audit record): their durations per
 * operation and key store, so they cross as a few number arrays instead of one object each.
 */
type Tally = { operation: XksRequestEvent["operation"]; keyStoreId: string; durationsMs: number[] };
/** by key store id, then operation: both strings are long-lived, so their hashes are cached (no key built per request) */
const tallies = new Map<string, Map<string, Tally>>();
let pendingEvents = 0;
const successEvents = init.settings.successEvents ?? true;
let flushTimer: NodeJS.Timeout | undefined;
function flush(): void {
  if (flushTimer) clearTimeout(flushTimer);
  flushTimer = undefined;
  if (pendingEvents === 0) return;
  pendingEvents = 0;
  const counted = [...tallies.values()].flatMap((byOp) => [...byOp.values()].map((t) => ({ operation: t.operation, keyStoreId: t.keyStoreId, durationsMs: Float64Array.from(t.durationsMs) })));
  tallies.clear();
  post({ t: "events", events: batch.splice(0), tallies: counted });
}

/** A success the main thread would neither log nor audit (its own view decides the audit again). */
function onlyCounted(ev: XksRequestEvent): boolean {
  if (successEvents || ev.errorName !== undefined || ev.status >= 400 || ev.keyStoreId === undefined) return false;
  return keys.current.byId.get(ev.keyStoreId)?.record.enableSuccessAuditEvent === false;
}

const loaded = await loadTransport(init.settings.transport, init.settings.tls?.clientAuth !== undefined).catch((e: unknown) => {
  post({ t: "failed", message: e instanceof Error ? e.message : String(e) });
  throw e;
});
const { transport } = loaded;

const server = await startXksServer({
  ...init.settings,
  transport,
  // uSockets sets SO_REUSEPORT on its own (for a fixed port)
  reusePort: transport.kind === "node" && nodeHasReusePort(),
  tls: init.settings.tls ?? undefined,
  reloadedTls: init.reloadedTls,
  ekmVendor: (s) => init.settings.ekmVendor[s.record.tier],
  keys,
  router: createCryptoRouter(remotePartition),
  health: { report: (store) => call({ op: "health", storeId: store.record.id }) as Promise<FleetEntry[]> },
  ready: () => ready,
  throttle: new Throttle(init.throttleMemory, undefined, fleet),
  fleet,
  healthThrottle: new Throttle(init.healthThrottleMemory),
  throttleSlot: (id) => slots[id] ?? -1,
  observer: {
    done(ev) {
      if (onlyCounted(ev)) {
        const storeId = ev.keyStoreId!;
        let byOp = tallies.get(storeId);
        if (!byOp) tallies.set(storeId, (byOp = new Map()));
        const t = byOp.get(ev.operation);
        if (t) t.durationsMs.push(ev.durationMs);
        else byOp.set(ev.operation, { operation: ev.operation, keyStoreId: storeId, durationsMs: [ev.durationMs] });
      } else batch.push(ev);
      if (++pendingEvents >= 256) flush();
      else flushTimer ??= setTimeout(flush, 20);
    },
  },
}).catch((e: unknown) => {
  post({ t: "failed", message: e instanceof Error ? e.message : String(e) });
  throw e;
});

main.on("message", (m: ToThread) => {
  switch (m.t) {
    case "snapshot":
      // >=: the resync after a failed delta is at the generation this thread last reached
      if (m.generation >= generation) {
        keys.load(m.snapshot);
        slots = m.throttleSlots;
        generation = m.generation;
      }
      post({ t: "applied", generation });
      break;
    case "delta":
      // older than what a snapshot already gave this thread: nothing to do but say so
      if (m.generation <= generation) post({ t: "applied", generation });
      else if (m.from !== generation) post({ t: "resync", generation });
      else {
        try {
          keys.apply(m.delta);
        } catch {
          // never serve a half-applied change: nothing until the whole view arrives. (A thread
          // must not die of it either: one that exits with its socket open aborts the process.)
          keys.load(emptySnapshot());
          post({ t: "resync", generation: -1 });
          break;
        }
        if (m.throttleSlots) slots = m.throttleSlots;
        generation = m.generation;
        post({ t: "applied", generation });
      }
      break;
    case "ready":
      ready = m.ready;
      break;
    case "replies":
      for (const r of m.replies) {
        const p = pending.get(r.id);
        if (!p) continue;
        pending.delete(r.id);
        if (r.ok) p.resolve(r.value);
        else p.reject(new XksError(XKS_ERROR_NAMES.includes(r.error.name) ? r.error.name : "InternalException", r.error.message));
      }
      break;
    case "tls":
      server.reloadTls(m.pems);
      break;
    case "accept":
      if (m.accepting) server.resumeAccepting();
      else server.pauseAccepting();
      break;
    case "close":
      void server.close(m.drainMs).then(() => {
        flush();
        post({ t: "closed" });
        // No terminate(): tearing down a thread with open uWS sockets aborts the process. The
        // thread ends by itself once its last connection has closed (uWS: idle keep-alive ones
        // at its idle timeout; node: closed by the drain).
        main.close();
      });
      break;
  }
});

post({ t: "listening", port: server.port, transport: transport.kind, ...(loaded.fallback ? { fallback: loaded.fallback } : {}) });
