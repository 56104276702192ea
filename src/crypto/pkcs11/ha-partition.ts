/**
 * An HA group: one logical partition served by several tokens holding the same keys (a Luna HA
 * group, or replicated SoftHSM2 tokens in tests). Requests go to the healthiest member in
 * configuration order; when a member fails with a device-side error (or does not have the key)
 * the next member is tried while the deadline allows. Cryptographic verdicts (bad tag, key usage)
 * are final: another member would say the same.
 */
import { isXksError, XksError } from "../../errors.js";
import type { BackendHealthStatus, GcmEncrypted, HsmKeyInfo } from "../backend.js";
import type { PoolStats } from "./pool.js";
import type { Pkcs11Partition } from "./partition.js";

const FAIL_OVER = new Set(["InternalException", "DependencyTimeoutException", "ThrottlingException", "KeyNotFoundException"]);
const RANK: Record<BackendHealthStatus, number> = { ACTIVE: 0, DEGRADED: 1, UNAVAILABLE: 2 };

export class HaPartition {
  readonly id: string;
  readonly tokenLabel: string;

  constructor(
    label: string,
    readonly members: readonly Pkcs11Partition[],
  ) {
    if (members.length === 0) throw new Error(`HA partition "${label}" has no members`);
    this.id = label;
    this.tokenLabel = label;
  }

  get model(): string {
    return `HA group of ${this.members.map((m) => `${m.id} (${m.model})`).join(", ")}`;
  }

  /** Members, healthiest first; configuration order breaks ties. */
  #ordered(): Pkcs11Partition[] {
    return this.members.map((m, i) => ({ m, i, r: RANK[m.health()] })).sort((a, b) => a.r - b.r || a.i - b.i).map((x) => x.m);
  }

  async #failover<T>(deadline: number, run: (m: Pkcs11Partition) => Promise<T>): Promise<T> {
    let last: unknown;
    for (const m of this.#ordered()) {
      if (Date.now() >= deadline && last !== undefined) break;
      try {
        return await run(m);
      } catch (e) {
        if (!isXksError(e) || !FAIL_OVER.has(e.name)) throw e;
        last = e;
      }
    }
    throw last ?? new XksError("InternalException", "No member of the HA group is available");
  }

  encrypt(label: string, plaintext: Buffer, aad: Buffer, deadline: number): Promise<GcmEncrypted> {
    return this.#failover(deadline, (m) => m.encrypt(label, plaintext, aad, deadline));
  }

  decrypt(label: string, ciphertext: Buffer, iv: Buffer, tag: Buffer, aad: Buffer, deadline: number): Promise<Buffer> {
    return this.#failover(deadline, (m) => m.decrypt(label, ciphertext, iv, tag, aad, deadline));
  }

  /** Generated on the healthiest member; the HSM's own replication carries it to the others. */
  generateAesKey(spec: { label: string; encrypt: boolean; decrypt: boolean }): Promise<HsmKeyInfo> {
    return this.#ordered()[0]!.generateAesKey(spec);
  }

  /** On the member generateAesKey would use: where the key was just made. */
  destroyKey(label: string, ckaId: string): Promise<number> {
    return this.#ordered()[0]!.destroyKey(label, ckaId);
  }

  describeKey(label: string): Promise<HsmKeyInfo> {
    return this.#failover(Date.now() + 10_000, (m) => m.describeKey(label));
  }

  listKeys(): Promise<HsmKeyInfo[]> {
    return this.#failover(Date.now() + 10_000, (m) => m.listKeys());
  }

  /** ACTIVE while every member is; UNAVAILABLE only when none can serve. */
  health(): BackendHealthStatus {
    const s = this.members.map((m) => m.health());
    if (s.every((x) => x === "ACTIVE")) return "ACTIVE";
    return s.some((x) => x !== "UNAVAILABLE") ? "DEGRADED" : "UNAVAILABLE";
  }

  stats(): PoolStats {
    // Every figure is a count over the members' pools.
    const total = { ...this.members[0]!.stats() };
    for (const m of this.members.slice(1)) {
      const st = m.stats();
      for (const k of Object.keys(total) as (keyof PoolStats)[]) total[k] += st[k];
    }
    return total;
  }

  async close(): Promise<void> {
    for (const m of this.members) await m.close();
  }
}
