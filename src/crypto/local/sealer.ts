import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

/**
 * Seals secrets at rest (credential secrets, local key material) under the master key with
 * AES-256-GCM. The caller's `context` (e.g. "credential:<id>") is bound as AAD so a sealed blob
 * cannot be moved to another record. Blob layout: version(1) || iv(12) || tag(16) || ciphertext.
 */
export interface Sealer {
  seal(plain: Buffer, context: string): Buffer;
  open(blob: Buffer, context: string): Buffer;
}

const FORMAT_V1 = 1;

export function createSealer(masterKey: Buffer): Sealer {
  if (masterKey.length !== 32) throw new Error("master key must be 32 bytes");
  const key = Buffer.from(masterKey);
  return {
    seal(plain, context) {
      const iv = randomBytes(12);
      const c = createCipheriv("aes-256-gcm", key, iv);
      c.setAAD(Buffer.from(context, "utf8"));
      const ct = Buffer.concat([c.update(plain), c.final()]);
      return Buffer.concat([Buffer.from([FORMAT_V1]), iv, c.getAuthTag(), ct]);
    },
    open(blob, context) {
      if (blob.length < 29 || blob[0] !== FORMAT_V1) throw new Error(`sealed blob for ${context} is malformed`);
      const d = createDecipheriv("aes-256-gcm", key, blob.subarray(1, 13));
      d.setAAD(Buffer.from(context, "utf8"));
      d.setAuthTag(blob.subarray(13, 29));
      try {
        return Buffer.concat([d.update(blob.subarray(29)), d.final()]);
      } catch {
        throw new Error(`sealed blob for ${context} does not open under this master key`);
      }
    },
  };
}

/**
 * Reads the master key file, creating it (32 random bytes, mode 0600) on first start.
 * Refuses a key file that other users can read: that would leak every sealed secret.
 */
export function loadOrCreateMasterKey(path: string): Buffer {
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    writeFileSync(path, randomBytes(32), { mode: 0o600, flag: "wx" });
  }
  const mode = statSync(path).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new Error(`master key file ${path} has mode ${mode.toString(8)}; it must be 0600 (chmod 600 ${path})`);
  }
  const key = readFileSync(path);
  if (key.length !== 32) throw new Error(`master key file ${path} must hold exactly 32 bytes, found ${key.length}`);
  chmodSync(path, 0o600);
  return key;
}
