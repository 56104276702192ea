/**
 * One PKCS#11 token (a Luna partition) behind one worker pool: the hot-path GCM calls and the admin
 * key calls, with inputs checked and replies turned back into Buffers.
 */
import { XksError } from "../../errors.js";
import type { BackendHealthStatus, GcmEncrypted, HsmKeyInfo } from "../backend.js";
import { WorkerPool, type PoolStats } from "./pool.js";
import type { ClientOp, WorkerResult } from "./protocol.js";

const IV_LEN = 12;
const TAG_LEN = 16;

export interface Pkcs11PartitionConfig {
  modulePath: string;
  tokenLabel: string;
  pin: string;
  /** Sessions = worker threads. */
  sessions: number;
  /** Backend id shown in health; default tokenLabel. */
  id?: string;
  /** Requests allowed to wait for a session; default 4 x sessions. Beyond: ThrottlingException. */
  maxQueue?: number;
  /** A worker silent this long after dispatch is replaced; default 5 x the request's deadline budget (min 1 s). */
  hangTimeoutMs?: number;
  /** Idle-session liveness check period; default 5000, 0 = off. */
  probeIntervalMs?: number;
  /**
   * Let the HSM generate the GCM IV (Luna's FIPS mode). The module must write it into the IV buffer
   * it is given; modules that do not (SoftHSM) make every encrypt fail with InternalException
   * rather than return a zero-IV ciphertext. Default false: a random 12-byte IV from node:crypto.
   */
  useHsmIv?: boolean;
  /** Deadline for admin calls (generate, describe, list); default 10000. */
  adminTimeoutMs?: number;
}

/** A Uint8Array from a worker as a Buffer over the same (transferred) memory. */
function view(u: Uint8Array, start = 0, end = u.byteLength): Buffer {
  return Buffer.from(u.buffer, u.byteOffset + start, end - start);
}

export class Pkcs11Partition {
  readonly id: string;
  readonly tokenLabel: string;
  readonly model: string;
  readonly #pool: WorkerPool;
  readonly #adminTimeoutMs: number;

  private constructor(cfg: Pkcs11PartitionConfig, pool: WorkerPool) {
    this.id = cfg.id ?? cfg.tokenLabel;
    this.tokenLabel = cfg.tokenLabel;
    this.model = pool.model;
    this.#pool = pool;
    this.#adminTimeoutMs = cfg.adminTimeoutMs ?? 10_000;
  }

  /** Starts the pool; rejects (never mentioning the PIN) if the module, token or login fails. */
  static async open(cfg: Pkcs11PartitionConfig): Promise<Pkcs11Partition> {
    if (!Number.isInteger(cfg.sessions) || cfg.sessions < 1) throw new Error(`PKCS#11 partition "${cfg.tokenLabel}": sessions must be a positive integer`);
    const pool = new WorkerPool({
      modulePath: cfg.modulePath,
      tokenLabel: cfg.tokenLabel,
      pin: cfg.pin,
      useHsmIv: cfg.useHsmIv ?? false,
      sessions: cfg.sessions,
      maxQueue: cfg.maxQueue ?? 4 * cfg.sessions,
      hangTimeoutMs: cfg.hangTimeoutMs,
      probeIntervalMs: cfg.probeIntervalMs ?? 5_000,
    });
    await pool.start();
    return new Pkcs11Partition(cfg, pool);
  }

  async encrypt(label: string, plaintext: Buffer, aad: Buffer, deadline: number): Promise<GcmEncrypted> {
    const r = await this.#pool.submit({ op: "encrypt", label, plaintext, aad, deadline }, deadline, true);
    if (r.kind !== "encrypted") throw unexpected(r);
    const d = r.data;
    return { iv: view(d, 0, IV_LEN), ciphertext: view(d, IV_LEN, d.byteLength - TAG_LEN), tag: view(d, d.byteLength - TAG_LEN) };
  }

  async decrypt(label: string, ciphertext: Buffer, iv: Buffer, tag: Buffer, aad: Buffer, deadline: number): Promise<Buffer> {
    if (tag.length !== TAG_LEN) throw new XksError("InvalidCiphertextException", `authentication tag must be ${TAG_LEN} bytes, got ${tag.length}`);
    if (iv.length !== 12 && iv.length !== 16) throw new XksError("InvalidCiphertextException", `initialization vector must be 12 or 16 bytes, got ${iv.length}`);
    const r = await this.#pool.submit({ op: "decrypt", label, ciphertext, iv, tag, aad, deadline }, deadline, true);
    if (r.kind !== "plaintext") throw unexpected(r);
    return view(r.data);
  }

  /** Refuses with HsmKeyExistsError (code ALREADY_EXISTS) when a secret key already has the label. */
  async generateAesKey(spec: { label: string; encrypt: boolean; decrypt: boolean }): Promise<HsmKeyInfo> {
    // Not retried: after a lost session we cannot know whether the key was created.
    return this.keyInfo(await this.admin({ op: "generate", label: spec.label, encrypt: spec.encrypt, decrypt: spec.decrypt }, false));
  }

  /** KeyNotFoundException when no secret key has this label. */
  async describeKey(label: string): Promise<HsmKeyInfo> {
    return this.keyInfo(await this.admin({ op: "describe", label }, true));
  }

  /** Not retried: a lost session leaves the outcome unknown; the caller logs what was left. */
  async destroyKey(label: string, ckaId: string): Promise<number> {
    const r = await this.admin({ op: "destroy", label, ckaId }, false);
    if (r.kind !== "destroyed") throw unexpected(r);
    return r.count;
  }

  async listKeys(): Promise<HsmKeyInfo[]> {
    const r = await this.admin({ op: "list" }, true);
    if (r.kind !== "keys") throw unexpected(r);
    return r.infos;
  }

  health(): BackendHealthStatus {
    return this.#pool.health();
  }

  stats(): PoolStats {
    return this.#pool.stats();
  }

  close(): Promise<void> {
    return this.#pool.close();
  }

  private admin(op: ClientOp, retryable: boolean): Promise<WorkerResult> {
    return this.#pool.submit(op, Date.now() + this.#adminTimeoutMs, retryable);
  }

  private keyInfo(r: WorkerResult): HsmKeyInfo {
    if (r.kind !== "key") throw unexpected(r);
    return r.info;
  }
}

function unexpected(r: WorkerResult): XksError {
  return new XksError("InternalException", `unexpected PKCS#11 worker reply "${r.kind}"`);
}
