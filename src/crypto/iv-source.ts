import { randomFillSync } from "node:crypto";

/**
 * Fresh random GCM IVs without a CSPRNG call per request: the kernel/OpenSSL round trip of a
 * 12-byte randomBytes() cost more than the AES-GCM operation itself. CSPRNG output is drawn in
 * 4 KiB blocks, each byte handed out exactly once, and wiped from the block as it leaves.
 */
const BLOCK = 4096;
let block = Buffer.alloc(0);
let offset = 0;

/** Fills `out` with fresh random bytes (never reused). */
export function fillRandomIv(out: Buffer): Buffer {
  if (offset + out.length > block.length) {
    block = randomFillSync(Buffer.allocUnsafeSlow(BLOCK));
    offset = 0;
  }
  block.copy(out, 0, offset, offset + out.length);
  block.fill(0, offset, offset + out.length);
  offset += out.length;
  return out;
}

export function randomIv(length = 12): Buffer {
  return fillRandomIv(Buffer.allocUnsafe(length));
}
