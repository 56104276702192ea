/**
 * Messages between the pool (main thread) and its workers. Every request gets exactly one reply
 * with the same id; a worker handles one message at a time, in order. Buffers cross as Uint8Array.
 */
import type { XksErrorName } from "../../errors.js";
import type { HsmKeyInfo } from "../backend.js";

/** Passed once through workerData; the only way the PIN reaches a worker. */
export interface WorkerConfig {
  modulePath: string;
  tokenLabel: string;
  pin: string;
  useHsmIv: boolean;
}

/** A worker's workerData: its config and the doorbell the pool rings after each message. */
export type WorkerData = WorkerConfig & { doorbell: SharedArrayBuffer };

export type ClientOp =
  | { op: "encrypt"; label: string; plaintext: Uint8Array; aad: Uint8Array; deadline: number }
  | { op: "decrypt"; label: string; ciphertext: Uint8Array; iv: Uint8Array; tag: Uint8Array; aad: Uint8Array; deadline: number }
  | { op: "generate"; label: string; encrypt: boolean; decrypt: boolean }
  | { op: "describe"; label: string }
  | { op: "destroy"; label: string; ckaId: string }
  | { op: "list" };

/** Pool-internal operations: (re)open the session, check it is alive, close it, finalize the library. */
export type ControlOp = { op: "open" } | { op: "probe" } | { op: "close" } | { op: "finalize" };

export type WorkerOp = ClientOp | ControlOp;
/**
 * Client operations travel in batches: under load one message (one wake-up of the worker, one
 * reply) carries several queued operations, which the worker runs in order on its session.
 */
export type WorkerBatch = { id: number; op: "batch"; ops: ClientOp[] };
export type WorkerMessage = (ControlOp & { id: number }) | WorkerBatch;

export type WorkerResult =
  /** iv (12 bytes) || ciphertext || tag (16 bytes), one buffer so one transfer. */
  | { kind: "encrypted"; data: Uint8Array }
  | { kind: "plaintext"; data: Uint8Array }
  | { kind: "key"; info: HsmKeyInfo }
  | { kind: "keys"; infos: HsmKeyInfo[] }
  /** handle: the session handle as hex, so the pool can notice handle reuse across workers. */
  | { kind: "session"; handle: string; model: string }
  | { kind: "done" }
  | { kind: "destroyed"; count: number }
  /**
   * A batch's outcomes, one per operation, in order. Fewer outcomes than operations means the
   * session was lost at the last one: the rest did not run and may go to another session.
   */
  | { kind: "batch"; outcomes: WorkerOutcome[] };

export interface WorkerError {
  name: XksErrorName;
  message: string;
  sessionLost: boolean;
  /** generate refused: a key with that label already exists. */
  exists?: boolean;
}

export type WorkerOutcome = { ok: true; result: WorkerResult } | { ok: false; error: WorkerError };
export type WorkerReply = WorkerOutcome & { id: number };
