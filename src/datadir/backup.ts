/**
 * `xks-proxy backup`: a consistent copy of a data dir while its daemon runs. The database is copied
 * with SQLite's online backup API (a read transaction on the WAL database: the daemon keeps
 * writing), converted to one self-contained file, and checked as a restore would check it before
 * the manifest that completes the backup is written.
 */
import { openDatabase } from "../store/sqlite/addon.js";
import { chmodSync, closeSync, constants, lstatSync, mkdirSync, openSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { createSealer, readMasterKey } from "../crypto/local/sealer.js";
import { hashFile, MANIFEST_FILE, BACKUP_FORMAT, type Manifest, type ManifestFile } from "./manifest.js";
import { ADMIN_TOKEN_FILE, DB_FILE, MASTER_KEY_FILE } from "./open.js";
import { checkDataDir, DataDirError, fsyncDir, fsyncFile, inspectSecretFile, readSecretFile, writeSecretFileAtomic } from "./secure-file.js";
import { verifyDatabaseFile } from "./verify.js";

export interface BackupOptions {
  dataDir: string;
  out: string;
  /** e.g. "xks-proxy 0.1.0", recorded in the manifest */
  producer: string;
}

/** The backup directory: created 0700, or an existing empty directory of ours (made 0700). */
function prepareOut(out: string): void {
  let st;
  try {
    st = lstatSync(out);
  } catch {
    mkdirSync(out, { recursive: true, mode: 0o700 });
    return;
  }
  if (st.isSymbolicLink()) throw new DataDirError(`backup directory ${out} is a symbolic link; name the directory itself`);
  if (!st.isDirectory()) throw new DataDirError(`backup directory ${out} exists and is not a directory`);
  if (readdirSync(out).length > 0) throw new DataDirError(`backup directory ${out} is not empty: back up into a new or empty directory`);
  const me = process.getuid?.();
  if (me !== undefined && st.uid !== me) throw new DataDirError(`backup directory ${out} is owned by uid ${st.uid}, not by this user (uid ${me})`);
  chmodSync(out, 0o700); // it will hold the master key (lstat above: not a link)
}

async function copyDatabase(src: string, dest: string): Promise<void> {
  // created 0600 before SQLite writes into it; its journal takes the same mode
  closeSync(openSync(dest, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600));
  const db = openDatabase(src, { readonly: true, fileMustExist: true });
  try {
    db.pragma("busy_timeout = 5000");
    // after the first step, the rest in one step: a write by the daemon between steps restarts the
    // copy, and one step that copies everything cannot be overtaken again
    await db.backup(dest, { progress: ({ remainingPages }) => Math.max(100, remainingPages) });
  } finally {
    db.close();
  }
  const copy = openDatabase(dest);
  try {
    copy.pragma("journal_mode = DELETE"); // one self-contained file, no -wal or -shm beside it
  } finally {
    copy.close();
  }
}

export async function backupDataDir(o: BackupOptions): Promise<Manifest> {
  try {
    if (!statSync(o.dataDir).isDirectory()) throw new Error("not a directory");
  } catch (e) {
    throw new DataDirError(`data dir ${o.dataDir} cannot be backed up: ${(e as Error).message}`);
  }
  checkDataDir(o.dataDir);
  const keyPath = join(o.dataDir, MASTER_KEY_FILE);
  const key = readMasterKey(keyPath);
  const token = readSecretFile(join(o.dataDir, ADMIN_TOKEN_FILE), "admin token file", 4096);
  const dbPath = join(o.dataDir, DB_FILE);
  if (!inspectSecretFile(dbPath, "database file")) throw new DataDirError(`database ${dbPath} is missing or empty: there is nothing to back up`);

  prepareOut(o.out);
  const outDb = join(o.out, DB_FILE);
  await copyDatabase(dbPath, outDb);
  fsyncFile(outDb);
  const contents = await verifyDatabaseFile(outDb, createSealer(key), keyPath);
  writeSecretFileAtomic(join(o.out, MASTER_KEY_FILE), key);
  if (token) writeSecretFileAtomic(join(o.out, ADMIN_TOKEN_FILE), token);

  const names: ManifestFile["name"][] = token ? [DB_FILE, MASTER_KEY_FILE, ADMIN_TOKEN_FILE] : [DB_FILE, MASTER_KEY_FILE];
  const { schemaVersion, ...counts } = contents;
  const manifest: Manifest = {
    format: BACKUP_FORMAT,
    formatVersion: 1,
    producer: o.producer,
    createdAt: new Date().toISOString(),
    schemaVersion,
    files: names.map((name) => ({ name, ...hashFile(join(o.out, name), "backup file") })),
    contents: counts,
  };
  writeSecretFileAtomic(join(o.out, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + "\n");
  fsyncDir(o.out);
  return manifest;
}
