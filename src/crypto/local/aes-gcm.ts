import { createCipheriv, createDecipheriv, type KeyObject } from "node:crypto";
import { XksError } from "../../errors.js";
import type { GcmEncrypted } from "../backend.js";
import { randomIv } from "../iv-source.js";

/**
 * The local key tier's AES-256-GCM. It runs on the calling thread: a 4 KB GCM operation takes
 * microseconds, far less than a hop to a worker would.
 */
export function localEncrypt(key: KeyObject, plaintext: Buffer, aad: Buffer): GcmEncrypted {
  const iv = randomIv();
  const c = createCipheriv("aes-256-gcm", key, iv);
  c.setAAD(aad);
  const ciphertext = Buffer.concat([c.update(plaintext), c.final()]);
  return { ciphertext, iv, tag: c.getAuthTag() };
}

export function localDecrypt(key: KeyObject, ciphertext: Buffer, iv: Buffer, tag: Buffer, aad: Buffer): Buffer {
  const d = createDecipheriv("aes-256-gcm", key, iv, { authTagLength: 16 });
  d.setAAD(aad);
  d.setAuthTag(tag);
  const out = d.update(ciphertext);
  try {
    return Buffer.concat([out, d.final()]);
  } catch {
    out.fill(0);
    throw new XksError("InvalidCiphertextException", "The ciphertext, IV, additional authenticated data, metadata or tag is invalid");
  }
}
