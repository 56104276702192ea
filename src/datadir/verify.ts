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

export async function verifyDatabaseFile(dbPath: string, sealer: Sealer, keyPath: string): Promise<DatabaseContents> {
  const store = await openDatabase(dbPath, true);
  try {
    if (store.schemaVersion === 0) throw new DataDirError(`database ${dbPath} is not an xks-proxy database (it has no schema version)`);
    const integrity = await store.sql.integrityCheck();
    if (integrity !== "ok") throw new DataDirError(`database ${dbPath} fails SQLite's integrity check: ${String(integrity)}`);
    const why = await pairingProblem(store, sealer);
    if (why) throw mismatch(keyPath, dbPath, why);
    let credentials: number;
    let localSourceKeys: number;
    try {
      credentials = (await store.credentials.allUnsealed(sealer)).length;
      localSourceKeys = (await store.sourceKeys.allUnsealed(sealer)).filter((k) => k.material !== null).length;
    } catch (e) {
      throw mismatch(keyPath, dbPath, (e as Error).message);
    }
    return { schemaVersion: store.schemaVersion, keyStores: (await store.keyStores.all()).length, credentials, localSourceKeys };
  } finally {
    await store.close();
  }
}
