/**
 * All configured partitions, by token label; the admin plane's HsmKeyAdmin over them.
 */
import type { HsmKeyAdmin, HsmKeyInfo, HsmKeyRef } from "../backend.js";
import type { Pkcs11Partition } from "./partition.js";

/** A single token or an HA group of tokens: what a key store's partition names. */
export type ManagedPartition = Pick<
  Pkcs11Partition,
  "id" | "tokenLabel" | "model" | "encrypt" | "decrypt" | "generateAesKey" | "describeKey" | "destroyKey" | "listKeys" | "health" | "stats" | "close"
>;

export class Pkcs11Backends implements HsmKeyAdmin {
  readonly #byLabel = new Map<string, ManagedPartition>();

  constructor(partitions: Iterable<ManagedPartition>) {
    for (const p of partitions) {
      if (this.#byLabel.has(p.tokenLabel)) throw new Error(`PKCS#11 partition "${p.tokenLabel}" configured twice`);
      this.#byLabel.set(p.tokenLabel, p);
    }
  }

  /** The partition for a token label, or undefined. */
  get(partition: string): ManagedPartition | undefined {
    return this.#byLabel.get(partition);
  }

  all(): ManagedPartition[] {
    return [...this.#byLabel.values()];
  }

  async generateAesKey(partition: string, spec: { label: string; encrypt: boolean; decrypt: boolean }): Promise<HsmKeyInfo> {
    return this.require(partition).generateAesKey(spec);
  }

  async describeKey(ref: HsmKeyRef): Promise<HsmKeyInfo> {
    return this.require(ref.partition).describeKey(ref.label);
  }

  async destroyKey(ref: HsmKeyRef & { ckaId: string }): Promise<number> {
    return this.require(ref.partition).destroyKey(ref.label, ref.ckaId);
  }

  async listKeys(partition: string): Promise<HsmKeyInfo[]> {
    return this.require(partition).listKeys();
  }

  async close(): Promise<void> {
    // One at a time: the last pool of a module finalizes it only after the others closed sessions.
    for (const p of this.#byLabel.values()) await p.close();
  }

  private require(partition: string): ManagedPartition {
    const p = this.#byLabel.get(partition);
    if (p === undefined) {
      const known = [...this.#byLabel.keys()].map((k) => `"${k}"`).join(", ") || "none";
      throw new Error(`unknown PKCS#11 partition "${partition}" (configured: ${known})`);
    }
    return p;
  }
}
