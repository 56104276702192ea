import type { Config } from "../config/config.js";
import type { XksErrorName } from "../errors.js";
import type { KeyDelta, Snapshot } from "../keys/records.js";
import type { FleetEntry } from "./health-monitor.js";
import type { TlsPems, TransportKind } from "./transport/seam.js";
import type { XksRequestEvent, XksSuccessTally } from "./server.js";

/** Messages between the main thread and the data-plane threads (one HTTP server per thread). */
export type ThreadSettings = Omit<Config["xks"], "threads"> & {
  /** see XksServerOptions.bodyTimeoutMs (config key xks.bodyTimeoutMs once config has it) */
  bodyTimeoutMs?: number;
  vendor: string;
  model: string;
  /** ekmVendor per source key tier */
  ekmVendor: { local: string; "luna-hsm": string };
  /**
   * The main thread logs successful requests (log level info or debug): each goes back as a whole
   * event. When false, a success whose key store audits no successes travels as a tally. Default true.
   */
  successEvents?: boolean;
};

export interface ThreadInit {
  index: number;
  settings: ThreadSettings;
  snapshot: Snapshot;
  generation: number;
  ready: boolean;
  throttleMemory: SharedArrayBuffer;
  /** buckets of the unauthenticated key store health check, same slots as throttleMemory */
  healthThrottleMemory: SharedArrayBuffer;
  /** FleetShare memory: the live fleet size, written by the main thread */
  fleetMemory: SharedArrayBuffer;
  /** key store id → bucket slot in throttleMemory */
  throttleSlots: Record<string, number>;
  /** certificates reloaded (SIGHUP) since the start: a restarted thread listens with them */
  reloadedTls?: TlsPems;
}

export type WireError = { name: XksErrorName; message: string };

export type ToThread =
  /** the whole view: at start, after a restart, or when a thread reports a gap */
  | { t: "snapshot"; snapshot: Snapshot; generation: number; throttleSlots: Record<string, number> }
  /**
   * One admin change: applies only onto generation `from` (the generation before it). Slots are
   * sent only when the delta touches key stores.
   */
  | { t: "delta"; delta: KeyDelta; from: number; generation: number; throttleSlots?: Record<string, number> }
  | { t: "ready"; ready: boolean }
  | { t: "close"; drainMs: number }
  /** stop / restart accepting connections (the process is near its open-file limit) */
  | { t: "accept"; accepting: boolean }
  /** SIGHUP: new connections get these certificates (checked by the main thread) */
  | { t: "tls"; pems: TlsPems }
  | { t: "replies"; replies: Reply[] };

export type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: WireError };

export type CryptoCall =
  | { op: "encrypt"; partition: string; label: string; plaintext: Uint8Array; aad: Uint8Array; deadline: number }
  | { op: "decrypt"; partition: string; label: string; ciphertext: Uint8Array; iv: Uint8Array; tag: Uint8Array; aad: Uint8Array; deadline: number };

export type Call = CryptoCall | { op: "health"; storeId: string };

export type FromThread =
  /** `fallback`: xks.transport auto runs node because uWS did not load (why) */
  | { t: "listening"; port: number; transport: TransportKind; fallback?: string }
  | { t: "failed"; message: string }
  | { t: "applied"; generation: number }
  /** a delta did not follow the generation this thread serves (it missed one): send the whole view */
  | { t: "resync"; generation: number }
  | { t: "events"; events: XksRequestEvent[]; tallies: XksSuccessTally[] }
  /** calls made during one event-loop turn travel together: one message hop for many requests */
  | { t: "calls"; calls: { id: number; call: Call }[] }
  | { t: "closed" };

export type HealthReply = FleetEntry[];
