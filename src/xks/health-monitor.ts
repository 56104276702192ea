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
  /** a crypto router bound to this member alone (HA groups check every member); default: the shared router */
  router?: CryptoRouter;
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

  /** encrypt + decrypt of a random probe with the store's health-check key */
  async #probe(router: CryptoRouter, store: KeyStoreView): Promise<boolean> {
    const key = store.healthCheckKey;
    if (!key) return true;
    try {
      const probe = randomBytes(32);
      const aad = Buffer.from(`xks-health:${store.record.id}`);
      const deadline = Date.now() + this.opts.checkTimeoutMs;
      const out = await router.encrypt(key, probe, aad, deadline);
      const back = await router.decrypt(key, out.ciphertext, out.iv, out.tag, aad, deadline);
      return back.equals(probe);
    } catch {
      return false;
    }
  }

  async #check(store: KeyStoreView): Promise<FleetEntry[]> {
    const members = this.opts.fleetOf(store.record);
    const entries = await Promise.all(
      members.map(async (m): Promise<FleetEntry> => {
        const ok = await this.#probe(m.router ?? this.opts.router, store);
        return { id: m.id, model: m.model, healthStatus: ok ? m.status() : "UNAVAILABLE" };
      }),
    );
    this.#cache.set(store.record.id, { at: Date.now(), entries });
    return entries;
  }
}
