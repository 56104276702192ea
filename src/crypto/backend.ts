/**
 * The contract every key backend (local software tier, PKCS#11 token) fulfils. Backends throw
 * XksError values (InvalidCiphertextException, KeyNotFoundException, DependencyTimeoutException,
 * ThrottlingException, InternalException, ...); they know nothing of HTTP, JSON or SQL.
 */
export interface GcmEncrypted {
  ciphertext: Buffer;
  iv: Buffer;
  tag: Buffer;
}

/** Where an HSM key lives: a token (partition) label and the key's CKA_LABEL there. */
export interface HsmKeyRef {
  partition: string;
  label: string;
}

/** What a PKCS#11 token says about one secret key object. */
export interface HsmKeyInfo {
  label: string;
  /** CKA_ID as lower-case hex ("" when absent). */
  ckaId: string;
  /** "AES_256" for a 256-bit AES key; otherwise e.g. "AES_128", "DES3", "GENERIC_SECRET_256". */
  keySpec: string;
  encrypt: boolean;
  decrypt: boolean;
  sensitive: boolean;
  extractable: boolean;
}

export type BackendHealthStatus = "ACTIVE" | "DEGRADED" | "UNAVAILABLE";

export interface BackendStats {
  /** sessions (or workers) busy with an operation now */
  inUse: number;
  /** operations queued waiting for a free session */
  waiting: number;
  size: number;
}

/** Administrative operations on HSM keys, used by the admin plane (never on the hot path). */
export interface HsmKeyAdmin {
  generateAesKey(partition: string, spec: { label: string; encrypt: boolean; decrypt: boolean }): Promise<HsmKeyInfo>;
  describeKey(ref: HsmKeyRef): Promise<HsmKeyInfo>;
  listKeys(partition: string): Promise<HsmKeyInfo[]>;
  /**
   * Destroys the secret key with this label AND this CKA_ID (hex), and nothing else: undoes a
   * generateAesKey whose key was never registered. Returns how many objects were destroyed (0 or 1).
   */
  destroyKey(ref: HsmKeyRef & { ckaId: string }): Promise<number>;
}
