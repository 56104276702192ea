/**
 * Opening a data dir for a daemon: the directory is checked, locked for this process, and its
 * master key and database are opened only if they belong together. Every refusal is one line that
 * names the file and the fix.
 *
 *   <dataDir>/master.key     32 random bytes that seal every secret in the database
 *   <dataDir>/xks-proxy.db   SQLite (+ -wal, -shm), holding a key check sealed under master.key
 *   <dataDir>/admin.token    generated admin bearer token (when the config names none)
 *   <dataDir>/daemon.lock    held by the running daemon; daemon.pid names it
 */
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { createMasterKey, createSealer, keyCheckMatches, makeKeyCheck, readMasterKey, type Sealer } from "../crypto/local/sealer.js";
import { openStore, type Store } from "../store/index.js";
import type { SqliteEngine } from "../store/sqlite/engine.js";
import { KEY_CHECK } from "../store/meta.js";
import { lockDataDir } from "./lock.js";
import { checkDataDir, createTempBeside, DataDirError, discardTemp, inspectSecretFile, installTemp, readSecretFile, writeSecretFileAtomic } from "./secure-file.js";

export const MASTER_KEY_FILE = "master.key";
export const DB_FILE = "xks-proxy.db";
export const ADMIN_TOKEN_FILE = "admin.token";

export interface OpenDataDir {
  store: Store;
  sealer: Sealer;
  /** closes the database, then releases the lock */
  close(): Promise<void>;
}

/** Wraps an open error so the one line names the database file. */
export async function openDatabase(path: string, readOnly = false): Promise<Store<SqliteEngine>> {
  try {
    return await openStore(path, { readOnly });
  } catch (e) {
    throw new DataDirError(`database ${path} cannot be opened: ${(e as Error).message}`);
  }
}

/**
 * Why a master key is not the database's, if it is not: the key check stored at the database's
 * first start must open; a database from before key checks must have its sealed secrets open.
 */
export async function pairingProblem(store: Store, sealer: Sealer): Promise<string | undefined> {
  const check = await store.meta.get(KEY_CHECK);
  if (check) return keyCheckMatches(sealer, check) ? undefined : "its key check does not open";
  try {
    await store.credentials.allUnsealed(sealer);
    await store.sourceKeys.allUnsealed(sealer);
    return undefined;
  } catch {
    return "its sealed secrets do not open";
  }
}

export function mismatch(keyPath: string, dbPath: string, why: string): DataDirError {
  return new DataDirError(`master key ${keyPath} does not belong to database ${dbPath} (${why}): put back the master key that goes with this database, or restore both from one backup (xks-proxy restore)`);
}

/** Refuses a master key that is not the database's; a database without a key check gets one. */
async function verifyKeyPairing(store: Store, sealer: Sealer, keyPath: string): Promise<void> {
  const why = await pairingProblem(store, sealer);
  if (why) throw mismatch(keyPath, store.location, why);
  if (!(await store.meta.get(KEY_CHECK))) await store.meta.set(KEY_CHECK, makeKeyCheck(sealer));
}

/**
 * A first start: a new master key, then a database created beside it and renamed into place. If
 * the database cannot be made (a full disk), the new key goes too: the next start begins afresh.
 */
async function createFresh(keyPath: string, dbPath: string): Promise<{ store: Store; sealer: Sealer }> {
  const sealer = createSealer(createMasterKey(keyPath));
  let tmp: string | undefined;
  try {
    tmp = createTempBeside(dbPath);
    const s = await openStore(tmp);
    try {
      await s.meta.set(KEY_CHECK, makeKeyCheck(sealer));
    } finally {
      await s.close(); // the last connection checkpoints and removes the -wal and -shm files
    }
    installTemp(tmp, dbPath);
  } catch (e) {
    if (tmp) for (const f of [tmp, `${tmp}-wal`, `${tmp}-shm`]) discardTemp(f);
    discardTemp(keyPath);
    throw new DataDirError(`database ${dbPath} could not be created: ${(e as Error).message}`);
  }
  return { store: await openDatabase(dbPath), sealer };
}

async function openPaired(dir: string): Promise<{ store: Store; sealer: Sealer }> {
  const keyPath = join(dir, MASTER_KEY_FILE);
  const dbPath = join(dir, DB_FILE);
  const keySize = inspectSecretFile(keyPath, "master key file");
  const dbSize = inspectSecretFile(dbPath, "database file");
  for (const f of [`${dbPath}-wal`, `${dbPath}-shm`]) inspectSecretFile(f, "database file");
  if (keySize === undefined && dbSize === undefined) return createFresh(keyPath, dbPath);
  if (keySize === undefined) {
    throw new DataDirError(`database ${dbPath} exists but its master key ${keyPath} is missing: restore both from one backup (xks-proxy restore), or move the database away to start with an empty data dir`);
  }
  if (keySize === 0 && dbSize === undefined) {
    throw new DataDirError(`master key file ${keyPath} is empty (0 bytes), left by an interrupted first start, and there is no database: remove ${keyPath} to start afresh`);
  }
  const sealer = createSealer(readMasterKey(keyPath));
  if (dbSize === undefined) {
    throw new DataDirError(`master key ${keyPath} exists but database ${dbPath} is missing: restore the database from a backup (xks-proxy restore), or remove ${keyPath} to start with an empty data dir`);
  }
  if (dbSize === 0) {
    throw new DataDirError(`database ${dbPath} is empty (0 bytes) and would start with no key stores: restore it from a backup (xks-proxy restore), or remove it and ${keyPath} to start afresh`);
  }
  const store = await openDatabase(dbPath);
  try {
    await verifyKeyPairing(store, sealer, keyPath);
  } catch (e) {
    await store.close();
    throw e;
  }
  return { store, sealer };
}

/** Checks and locks the data dir, then opens its master key and database as a pair. */
export async function openDataDir(dir: string): Promise<OpenDataDir> {
  checkDataDir(dir);
  const lock = lockDataDir(dir);
  try {
    const { store, sealer } = await openPaired(dir);
    return {
      store,
      sealer,
      async close() {
        try {
          await store.close();
        } finally {
          lock.release();
        }
      },
    };
  } catch (e) {
    lock.release();
    throw e;
  }
}

const MIN_TOKEN_CHARS = 16;

/** The generated admin token: read from the data dir (checked like any secret), or created there. */
export function loadOrCreateAdminToken(dir: string): string {
  const path = join(dir, ADMIN_TOKEN_FILE);
  const raw = readSecretFile(path, "admin token file", 4096);
  if (raw === undefined) {
    const token = randomBytes(32).toString("base64url");
    writeSecretFileAtomic(path, `${token}\n`);
    return token;
  }
  const token = raw.toString("utf8").trim();
  if (token.length < MIN_TOKEN_CHARS || /\s/.test(token)) {
    throw new DataDirError(`admin token file ${path} must hold one token of at least ${MIN_TOKEN_CHARS} characters: remove it to have a new one generated`);
  }
  return token;
}
