/**
 * What seals secrets at rest (credential secrets, local key material). The state layer takes one
 * and never builds one: crypto/local/sealer.ts implements it under the master key. The caller's
 * `context` (e.g. "credential:<id>") is bound to the blob so it cannot be moved to another record.
 */
export interface Sealer {
  seal(plain: Buffer, context: string): Buffer;
  open(blob: Buffer, context: string): Buffer;
}
