/**
 * `xks-proxy restore`: a backup into an empty (or new) data dir, locked against a daemon starting
 * on it meanwhile. Nothing is installed until everything is verified: the manifest (strictly), each
 * file's size and SHA-256 against it, the database (integrity, schema, key check, every sealed
 * secret opening under the master key). Then the files are installed atomically, database last.
 */
import { closeSync, constants, openSync, readdirSync, statSync, writeSync } from "node:fs";
import { join } from "node:path";
import { createSealer } from "../crypto/local/sealer.js";
import { lockDataDir, LOCK_FILE, PID_FILE } from "./lock.js";
import { hashFile, MANIFEST_FILE, parseManifest, type Manifest, type ManifestFile } from "./manifest.js";
import { ADMIN_TOKEN_FILE, DB_FILE, MASTER_KEY_FILE } from "./open.js";
import { checkDataDir, createTempBeside, DataDirError, discardTemp, installTemp, writeSecretFileAtomic } from "./secure-file.js";
import { verifyDatabaseFile, type DatabaseContents } from "./verify.js";

export interface RestoreOptions {
  from: string;
  dataDir: string;
}

const MAX_SMALL_FILE = 64 * 1024;

/** The lock a daemon (or this restore) leaves is not content. */
function assertEmpty(dir: string): void {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return;
    throw new DataDirError(`data dir ${dir} cannot be read: ${(e as Error).message}`);
  }
  const content = entries.filter((e) => e !== LOCK_FILE && e !== PID_FILE);
  if (content.length > 0) throw new DataDirError(`data dir ${dir} is not empty (it holds ${content.slice(0, 3).join(", ")}${content.length > 3 ? ", ..." : ""}): restore only into an empty or new data dir`);
}

/** A small file's bytes, refused past MAX_SMALL_FILE while reading (never buffered whole first). */
function collector(path: string): { sink: (c: Buffer) => void; bytes: () => Buffer } {
  const chunks: Buffer[] = [];
  let total = 0;
  return {
    sink(c) {
      total += c.length;
      if (total > MAX_SMALL_FILE) throw new DataDirError(`backup file ${path} is larger than the ${MAX_SMALL_FILE} bytes it may hold`);
      chunks.push(Buffer.from(c));
    },
    bytes: () => Buffer.concat(chunks),
  };
}

/** A file of the backup, read once; its size and SHA-256 must be the manifest's. */
function readVerified(from: string, f: ManifestFile | undefined, name: string, sink?: (chunk: Buffer) => void): Buffer {
  const path = join(from, name);
  if (!f) throw new DataDirError(`backup manifest lists no ${name}`);
  const small = collector(path);
  const got = hashFile(path, "backup file", sink ?? small.sink);
  if (got.size !== f.size || got.sha256 !== f.sha256) {
    throw new DataDirError(`backup file ${path} does not match its manifest (${got.size !== f.size ? `size ${got.size}, manifest ${f.size}` : "SHA-256 differs"}): the backup is damaged or was altered`);
  }
  return small.bytes();
}

function readManifest(from: string): Manifest {
  const path = join(from, MANIFEST_FILE);
  const text = collector(path);
  hashFile(path, "backup manifest", text.sink);
  const m = parseManifest(path, text.bytes());
  const listed = new Set<string>([MANIFEST_FILE, ...m.files.map((f) => f.name)]);
  for (const e of readdirSync(from)) if (!listed.has(e)) throw new DataDirError(`backup directory ${from} holds ${e}, which its manifest does not list`);
  return m;
}

export async function restoreDataDir(o: RestoreOptions): Promise<{ manifest: Manifest; contents: DatabaseContents }> {
  try {
    if (!statSync(o.from).isDirectory()) throw new Error("not a directory");
  } catch (e) {
    throw new DataDirError(`backup directory ${o.from} cannot be read: ${(e as Error).message}`);
  }
  const manifest = readManifest(o.from);
  const file = (name: string) => manifest.files.find((f) => f.name === name);
  const key = readVerified(o.from, file(MASTER_KEY_FILE), MASTER_KEY_FILE);
  if (key.length !== 32) throw new DataDirError(`backup file ${join(o.from, MASTER_KEY_FILE)} must hold exactly 32 bytes, found ${key.length}`);
  const token = file(ADMIN_TOKEN_FILE) ? readVerified(o.from, file(ADMIN_TOKEN_FILE), ADMIN_TOKEN_FILE) : undefined;

  assertEmpty(o.dataDir);
  checkDataDir(o.dataDir);
  const lock = lockDataDir(o.dataDir);
  const dbPath = join(o.dataDir, DB_FILE);
  const installed: string[] = [];
  let tmp: string | undefined;
  try {
    assertEmpty(o.dataDir); // nothing arrived before the lock was ours
    tmp = createTempBeside(dbPath);
    const fd = openSync(tmp, constants.O_WRONLY | constants.O_NOFOLLOW);
    try {
      readVerified(o.from, file(DB_FILE), DB_FILE, (c) => {
        for (let n = 0; n < c.length; ) n += writeSync(fd, c, n, c.length - n);
      });
    } finally {
      closeSync(fd);
    }
    const contents = await verifyDatabaseFile(tmp, createSealer(key), join(o.from, MASTER_KEY_FILE));
    if (contents.schemaVersion !== manifest.schemaVersion) {
      throw new DataDirError(`backup database has schema version ${contents.schemaVersion}, its manifest says ${manifest.schemaVersion}: the backup was altered`);
    }
    for (const [name, data] of [[MASTER_KEY_FILE, key], [ADMIN_TOKEN_FILE, token]] as const) {
      if (!data) continue;
      writeSecretFileAtomic(join(o.dataDir, name), data);
      installed.push(join(o.dataDir, name));
    }
    installTemp(tmp, dbPath);
    return { manifest, contents };
  } catch (e) {
    if (tmp) for (const f of [tmp, `${tmp}-wal`, `${tmp}-shm`, `${tmp}-journal`]) discardTemp(f);
    for (const f of installed) discardTemp(f);
    throw e;
  } finally {
    lock.release();
  }
}
