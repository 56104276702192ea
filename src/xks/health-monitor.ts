import { randomBytes } from "node:crypto";
import type { BackendHealthStatus } from "../crypto/backend.js";
import type { CryptoRouter } from "../crypto/router.js";
import type { KeyStoreRecord } from "../keys/records.js";
import type { KeyStoreView, KeyViewHolder } from "../keys/view.js";

/**
 * Deep health checks (spec GetHealthStatus): an encrypt + decrypt with each store's health-check
 * key, run in the background and cached. A cached result is never served older than maxAgeMs
 * (the spec allows at most one minute); a stale or missing one is refreshed inline.
 */
export interface FleetMember {
  id: string;
  model: string;
  /** the backend's own view of itself (sessions logged in, token present) */
  status(): BackendHealthStatus;
}

export interface FleetEntry {
  id: string;
  model: string;
  healthStatus: BackendHealthStatus;
}

interface Cached {
  at: number;
  entries: FleetEntry[];
}

export interface HealthMonitorOptions {
  keys: KeyViewHolder;
  router: CryptoRouter;
  fleetOf: (store: KeyStoreRecord) => FleetMember[];
  intervalMs: number;
  maxAgeMs: number;
  checkTimeoutMs: number;
}

export class HealthMonitor {
  readonly #cache = new Map<string, Cached>();
  readonly #inflight = new Map<string, Promise<FleetEntry[]>>();
  #timer: NodeJS.Timeout | undefined;

  constructor(private readonly opts: HealthMonitorOptions) {}

  start(): void {
    const tick = () => {
      for (const store of this.opts.keys.current.byId.values()) void this.checkNow(store).catch(() => undefined);
    };
    tick();
    this.#timer = setInterval(tick, this.opts.intervalMs);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
  }

  /** Cached result if fresh enough, else a new check (shared by concurrent callers). */
  async report(store: KeyStoreView): Promise<FleetEntry[]> {
    const hit = this.#cache.get(store.record.id);
    if (hit && Date.now() - hit.at < this.opts.maxAgeMs) return hit.entries;
    return this.checkNow(store);
  }

  checkNow(store: KeyStoreView): Promise<FleetEntry[]> {
    const id = store.record.id;
    const running = this.#inflight.get(id);
    if (running) return running;
    const p = this.#check(store).finally(() => this.#inflight.delete(id));
    this.#inflight.set(id, p);
    return p;
  }

  async #check(store: KeyStoreView): Promise<FleetEntry[]> {
    const members = this.opts.fleetOf(store.record);
    let cryptoOk = true;
    const key = store.healthCheckKey;
    if (key) {
      try {
        const probe = randomBytes(32);
        const aad = Buffer.from(`xks-health:${store.record.id}`);
        const deadline = Date.now() + this.opts.checkTimeoutMs;
        const out = await this.opts.router.encrypt(key, probe, aad, deadline);
        const back = await this.opts.router.decrypt(key, out.ciphertext, out.iv, out.tag, aad, deadline);
        cryptoOk = back.equals(probe);
      } catch {
        cryptoOk = false;
      }
    }
    const entries = members.map((m) => ({ id: m.id, model: m.model, healthStatus: cryptoOk ? m.status() : ("UNAVAILABLE" as const) }));
    this.#cache.set(store.record.id, { at: Date.now(), entries });
    return entries;
  }
}
