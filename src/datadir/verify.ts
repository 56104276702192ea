/**
 * What a backup or a restore checks in a database file before trusting it, without changing it:
 * SQLite's integrity check, a schema this build knows, the master key's check value, and that
 * every sealed secret (credential secrets, local source key material) opens under the master key.
 */
import type { Sealer } from "../crypto/local/sealer.js";
import { mismatch, openDatabase, pairingProblem } from "./open.js";
import { DataDirError } from "./secure-file.js";

export interface DatabaseContents {
  schemaVersion: number;
  keyStores: number;
  credentials: number;
  localSourceKeys: number;
}

export function verifyDatabaseFile(dbPath: string, sealer: Sealer, keyPath: string): DatabaseContents {
  const store = openDatabase(dbPath, true);
  try {
    if (store.schemaVersion === 0) throw new DataDirError(`database ${dbPath} is not an xks-proxy database (it has no schema version)`);
    const integrity = store.db.pragma("integrity_check", { simple: true });
    if (integrity !== "ok") throw new DataDirError(`database ${dbPath} fails SQLite's integrity check: ${String(integrity)}`);
    const why = pairingProblem(store, sealer);
    if (why) throw mismatch(keyPath, dbPath, why);
    let credentials: number;
    let localSourceKeys: number;
    try {
      credentials = store.credentials.allUnsealed(sealer).length;
      localSourceKeys = store.sourceKeys.allUnsealed(sealer).filter((k) => k.material !== null).length;
    } catch (e) {
      throw mismatch(keyPath, dbPath, (e as Error).message);
    }
    return { schemaVersion: store.schemaVersion, keyStores: store.keyStores.all().length, credentials, localSourceKeys };
  } finally {
    store.close();
  }
}
