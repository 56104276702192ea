import { createHash } from "node:crypto";

/**
 * Ciphertext Data Integrity Value (spec Appendix C): Base64 SHA-256 over
 * aad || ciphertextMetadata || iv || ciphertext || tag (absent fields are empty).
 */
export function ciphertextDataIntegrityValue(aad: Buffer | undefined, meta: Buffer | undefined, iv: Buffer, ciphertext: Buffer, tag: Buffer): string {
  const h = createHash("sha256");
  if (aad) h.update(aad);
  if (meta) h.update(meta);
  return h.update(iv).update(ciphertext).update(tag).digest("base64");
}
