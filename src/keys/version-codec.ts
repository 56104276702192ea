import { XksError } from "../errors.js";

/**
 * ciphertextMetadata codec: [format byte 0x01][virtual key version, uint32 BE] (5 bytes, within
 * the spec's 20-byte limit). The metadata is bound into the GCM AAD, so tampering is caught by the
 * tag; decoding only has to refuse what we never produce.
 */
const FORMAT_V1 = 0x01;
export const METADATA_LENGTH = 5;

export function encodeKeyVersion(version: number): Buffer {
  const b = Buffer.allocUnsafe(METADATA_LENGTH);
  b[0] = FORMAT_V1;
  b.writeUInt32BE(version, 1);
  return b;
}

export function decodeKeyVersion(meta: Buffer | undefined): number {
  if (!meta || meta.length !== METADATA_LENGTH || meta[0] !== FORMAT_V1) {
    throw new XksError("InvalidCiphertextException", "ciphertextMetadata is missing or was not produced by this proxy");
  }
  const v = meta.readUInt32BE(1);
  if (v === 0) throw new XksError("InvalidCiphertextException", "ciphertextMetadata names no key version");
  return v;
}

/** The AAD handed to AES-GCM, exactly as the spec's Encrypt section defines it. */
export function buildGcmAad(aad: Buffer | undefined, meta: Buffer): Buffer {
  const aadLen = aad ? aad.length : 0;
  const out = Buffer.allocUnsafe(2 + aadLen + 1 + meta.length);
  out.writeUInt16BE(aadLen, 0);
  if (aad) aad.copy(out, 2);
  out[2 + aadLen] = meta.length;
  meta.copy(out, 3 + aadLen);
  return out;
}
