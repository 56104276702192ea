import type { KeyObject } from "node:crypto";
import { XksError } from "../errors.js";
import type { MaybePromise } from "../maybe-promise.js";
import type { GcmEncrypted, HsmKeyRef } from "./backend.js";
import { localDecrypt, localEncrypt } from "./local/aes-gcm.js";

/** What the router needs to know about a key: its tier and where its material lives. */
export interface KeyLocation {
  tier: "local" | "luna-hsm";
  localKey: KeyObject | null;
  hsm: HsmKeyRef | null;
}

/**
 * The HSM side of the router: one PKCS#11 partition (token), found by label. Results own their
 * memory (nothing else views it), so callers may move them to another thread without a copy.
 */
export interface HsmPartitionOps {
  encrypt(label: string, plaintext: Buffer, aad: Buffer, deadline: number): Promise<GcmEncrypted>;
  decrypt(label: string, ciphertext: Buffer, iv: Buffer, tag: Buffer, aad: Buffer, deadline: number): Promise<Buffer>;
}

export interface CryptoRouter {
  encrypt(key: KeyLocation, plaintext: Buffer, aad: Buffer, deadline: number): MaybePromise<GcmEncrypted>;
  decrypt(key: KeyLocation, ciphertext: Buffer, iv: Buffer, tag: Buffer, aad: Buffer, deadline: number): MaybePromise<Buffer>;
}

/** Sends each operation to the tier that holds the key; the local tier answers synchronously. */
export function createCryptoRouter(partitions: (label: string) => HsmPartitionOps | undefined): CryptoRouter {
  function partitionOf(key: KeyLocation): { ops: HsmPartitionOps; label: string } {
    const ref = key.hsm;
    const ops = ref ? partitions(ref.partition) : undefined;
    if (!ref || !ops) throw new XksError("InternalException", "The key's HSM partition is not configured on this proxy");
    return { ops, label: ref.label };
  }
  return {
    encrypt(key, plaintext, aad, deadline) {
      if (key.tier === "local") {
        if (!key.localKey) throw new XksError("InternalException", "Local key material is unavailable");
        return localEncrypt(key.localKey, plaintext, aad);
      }
      const { ops, label } = partitionOf(key);
      return ops.encrypt(label, plaintext, aad, deadline);
    },
    decrypt(key, ciphertext, iv, tag, aad, deadline) {
      if (key.tier === "local") {
        if (!key.localKey) throw new XksError("InternalException", "Local key material is unavailable");
        return localDecrypt(key.localKey, ciphertext, iv, tag, aad);
      }
      const { ops, label } = partitionOf(key);
      return ops.decrypt(label, ciphertext, iv, tag, aad, deadline);
    },
  };
}
