import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import type { Sealer } from "../../keys/sealer.js";
import { DataDirError, inspectSecretFile, readSecretFile, writeSecretFileAtomic } from "../../datadir/secure-file.js";

export type { Sealer };

const FORMAT_V1 = 1;

/**
 * Seals under the master key with AES-256-GCM; the context is the AAD. Blob layout:
 * version(1) || iv(12) || tag(16) || ciphertext.
 */
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

const KEY_CHECK_CONTEXT = "master-key-check";
const KEY_CHECK_PLAIN = Buffer.from("xks-proxy master key check v1");

/**
 * A key check value: a constant sealed under the master key, stored in the database at its first
 * start. A data dir whose master key cannot open it holds another key than its database's.
 */
export function makeKeyCheck(sealer: Sealer): Buffer {
  return sealer.seal(KEY_CHECK_PLAIN, KEY_CHECK_CONTEXT);
}

export function keyCheckMatches(sealer: Sealer, blob: Buffer): boolean {
  try {
    return sealer.open(blob, KEY_CHECK_CONTEXT).equals(KEY_CHECK_PLAIN);
  } catch {
    return false;
  }
}

const KEY_BYTES = 32;

/**
 * Reads the master key file: a regular 0600 file of the daemon's user, not a symlink, exactly 32
 * bytes. (Earlier builds could leave an empty one behind after a full disk at first start.)
 */
export function readMasterKey(path: string): Buffer {
  const key = readSecretFile(path, "master key file", 4096);
  if (key === undefined) throw new DataDirError(`master key file ${path} does not exist`);
  if (key.length === 0) {
    throw new DataDirError(
      `master key file ${path} is empty (0 bytes): restore it from the backup that goes with its database (xks-proxy restore)`,
    );
  }
  if (key.length !== KEY_BYTES) throw new DataDirError(`master key file ${path} must hold exactly ${KEY_BYTES} bytes, found ${key.length}`);
  return key;
}

/** Writes a new random master key atomically (mode 0600): never a partial key on disk. */
export function createMasterKey(path: string): Buffer {
  const key = randomBytes(KEY_BYTES);
  writeSecretFileAtomic(path, key);
  return key;
}

/** Reads the master key file, creating it on first use (the parent dir 0700 if missing). */
export function loadOrCreateMasterKey(path: string): Buffer {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  return inspectSecretFile(path, "master key file") === undefined ? createMasterKey(path) : readMasterKey(path);
}
