/**
 * `xks-proxy store migrate`: a stopped daemon's embedded store (the SQLite database of a data dir)
 * copied into an empty PostgreSQL database, the fleet's shared store. The data dir stays locked
 * throughout, so no daemon can write to the source meanwhile; the source is only read. The target
 * is migrated to this build's schema, refused unless it holds no state, filled in one transaction,
 * and then checked: row counts, every sealed secret opening under the master key, and its key check.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { createSealer, keyCheckMatches, makeKeyCheck, readMasterKey, type Sealer } from "../crypto/local/sealer.js";
import { copyStore } from "../store/copy.js";
import { openStoreOn, type Store } from "../store/db.js";
import { KEY_CHECK } from "../store/meta.js";
import { POSTGRES_MIGRATIONS } from "../store/migrations/postgres.js";
import { SQLITE_MIGRATIONS } from "../store/migrations/sqlite.js";
import type { PostgresConnectionOptions } from "../store/postgres/connection.js";
import { openPostgres } from "../store/postgres/engine.js";
import { lockDataDir } from "./lock.js";
import { DB_FILE, mismatch, openDatabase } from "./open.js";
import { checkDataDir, DataDirError, inspectSecretFile } from "./secure-file.js";
import { verifyDatabaseFile } from "./verify.js";

export interface MigrateOptions {
  dataDir: string;
  masterKeyFile: string;
  to: PostgresConnectionOptions;
}

export interface MigrateReport {
  /** the SQLite database file */
  source: string;
  /** the target URL (it never holds a password) */
  target: string;
  schemaVersion: number;
  /** table → rows copied and found again on the target */
  rows: Record<string, number>;
  /** sealed secrets that opened on the target under the master key */
  credentials: number;
  localSourceKeys: number;
}

/** The source database, checked before anything is written anywhere. */
async function openSource(dbPath: string, sealer: Sealer, keyPath: string): Promise<Store> {
  if (inspectSecretFile(dbPath, "database file") === undefined) throw new DataDirError(`database ${dbPath} does not exist: nothing to migrate`);
  // integrity, a known schema, the key pairing and every sealed secret, read-only
  const contents = await verifyDatabaseFile(dbPath, sealer, keyPath);
  if (contents.schemaVersion < SQLITE_MIGRATIONS.length) {
    throw new DataDirError(
      `database ${dbPath} is at schema version ${contents.schemaVersion}, this build's is ${SQLITE_MIGRATIONS.length}: start this build's daemon on the data dir once (it upgrades the schema), stop it, then migrate`,
    );
  }
  const source = await openDatabase(dbPath, true);
  try {
    // PostgreSQL refuses such a key store on insert (migration 3); name it instead of a trigger error
    const bad = await source.sql.all<{ name: string }>(`SELECT name FROM key_stores WHERE NOT (length(kms) = 12 AND kms NOT GLOB '*[^0-9]*') ORDER BY name`);
    if (bad.length > 0) {
      throw new DataDirError(
        `key store ${bad.map((b) => JSON.stringify(b.name)).join(", ")} has no 12-digit AWS account in kms: set it (xks-proxy admin keystore update --kms) before migrating`,
      );
    }
  } catch (e) {
    await source.close();
    throw e;
  }
  return source;
}

/**
 * After the copy: the target's key check opens under the master key (a source from before key
 * checks gets one), and every credential secret and local source key opens there to the same value.
 */
async function verifyTarget(source: Store, target: Store, sealer: Sealer, keyPath: string): Promise<{ credentials: number; localSourceKeys: number }> {
  if (!(await target.meta.get(KEY_CHECK))) await target.meta.set(KEY_CHECK, makeKeyCheck(sealer));
  const check = await target.meta.get(KEY_CHECK);
  if (!check || !keyCheckMatches(sealer, check)) throw mismatch(keyPath, target.location, "its key check does not open");
  let creds, keys;
  try {
    creds = await target.credentials.allUnsealed(sealer);
    keys = await target.sourceKeys.allUnsealed(sealer);
  } catch (e) {
    throw new Error(`copy verification failed: a sealed secret does not open on ${target.location} with ${keyPath}: ${(e as Error).message}`);
  }
  const want = new Map((await source.credentials.allUnsealed(sealer)).map((c) => [c.id, c]));
  for (const c of creds) {
    const w = want.get(c.id);
    if (!w || w.accessKeyId !== c.accessKeyId || w.keyStoreId !== c.keyStoreId || w.secretAccessKey !== c.secretAccessKey) {
      throw new Error(`copy verification failed: credential ${c.id} on the target differs from the source`);
    }
  }
  const wantKeys = new Map((await source.sourceKeys.allUnsealed(sealer)).map((k) => [k.id, k.material]));
  for (const k of keys) {
    const w = wantKeys.get(k.id);
    if (w === undefined || (w === null) !== (k.material === null) || (w && k.material && !w.equals(k.material))) {
      throw new Error(`copy verification failed: source key ${k.id} on the target differs from the source`);
    }
  }
  if (creds.length !== want.size || keys.length !== wantKeys.size) throw new Error("copy verification failed: the target holds a different number of credentials or source keys");
  return { credentials: creds.length, localSourceKeys: keys.filter((k) => k.material !== null).length };
}

export async function migrateToPostgres(o: MigrateOptions): Promise<MigrateReport> {
  if (!existsSync(o.dataDir)) throw new DataDirError(`data dir ${o.dataDir} does not exist`);
  checkDataDir(o.dataDir);
  const lock = lockDataDir(o.dataDir);
  try {
    const dbPath = join(o.dataDir, DB_FILE);
    const sealer = createSealer(readMasterKey(o.masterKeyFile));
    const source = await openSource(dbPath, sealer, o.masterKeyFile);
    try {
      const target = await openStoreOn(await openPostgres({ ...o.to, maxConnections: 2 }), POSTGRES_MIGRATIONS);
      try {
        if (target.schemaVersion !== source.schemaVersion) {
          throw new DataDirError(`database ${target.location} is at schema version ${target.schemaVersion} and ${dbPath} at ${source.schemaVersion}: both must be at the same version`);
        }
        const { rows } = await copyStore(source.sql, target.sql);
        const opened = await verifyTarget(source, target, sealer, o.masterKeyFile);
        return { source: dbPath, target: target.location, schemaVersion: target.schemaVersion, rows, ...opened };
      } finally {
        await target.close();
      }
    } finally {
      await source.close();
    }
  } finally {
    lock.release();
  }
}
