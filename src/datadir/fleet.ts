/**
 * A daemon on a shared PostgreSQL store (a fleet node): its data dir keeps only what is the node's
 * own (the lock, a generated admin token) and, by default, the master key; the database holds the
 * state and a key check sealed under the fleet's master key. Every node must hold the same master
 * key: a node with another one refuses to start, naming its key file.
 */
import { createMasterKey, createSealer, keyCheckMatches, makeKeyCheck, readMasterKey, type Sealer } from "../crypto/local/sealer.js";
import { openStoreOn, type Store } from "../store/index.js";
import { KEY_CHECK } from "../store/meta.js";
import { POSTGRES_MIGRATIONS } from "../store/migrations/postgres.js";
import { openPostgres, type PostgresEngine, type PostgresEngineOptions } from "../store/postgres/engine.js";
import { lockDataDir, type DataDirLock } from "./lock.js";
import { checkDataDir, DataDirError, discardTemp, inspectSecretFile } from "./secure-file.js";

export interface FleetStoreOptions extends PostgresEngineOptions {
  masterKeyFile: string;
}

/** Checks and locks the node's own data dir (one daemon per data dir, fleet or not). */
export function lockNodeDataDir(dir: string): DataDirLock {
  checkDataDir(dir);
  return lockDataDir(dir);
}

/** Does the database hold any key material or credential? (A store with state but no key check is refused.) */
async function holdsState(store: Store): Promise<boolean> {
  const n = await store.sql.get<{ n: number }>(
    `SELECT (SELECT COUNT(*) FROM key_stores) + (SELECT COUNT(*) FROM credentials) + (SELECT COUNT(*) FROM source_keys) AS n`,
  );
  return Number(n?.n ?? 0) > 0;
}

/**
 * The fleet's master key for this node: read from `keyPath` and checked against the database's
 * key check; or, for the very first node of an empty fleet database, created there and its key
 * check recorded (under the writer lock, so two first nodes cannot both win).
 */
async function pairMasterKey(store: Store, keyPath: string): Promise<Sealer> {
  const present = inspectSecretFile(keyPath, "master key file") !== undefined;
  if (present) {
    const sealer = createSealer(readMasterKey(keyPath));
    const ok = await store.transaction(async () => {
      const check = await store.meta.get(KEY_CHECK);
      if (check) return keyCheckMatches(sealer, check);
      if (await holdsState(store)) return false; // sealed by some key, and no check says which
      await store.meta.set(KEY_CHECK, makeKeyCheck(sealer));
      return true;
    });
    if (!ok) {
      throw new DataDirError(`master key ${keyPath} is not the master key of database ${store.location} (its key check does not open): give this node the fleet's master key (the same file on every node, mode 0600)`);
    }
    return sealer;
  }
  if (await store.meta.get(KEY_CHECK)) {
    throw new DataDirError(`master key file ${keyPath} does not exist, and database ${store.location} already belongs to a fleet: copy the fleet's master key from another node to ${keyPath} (mode 0600, owned by the daemon's user), or set masterKeyFile / XKS_MASTER_KEY_FILE to where it is`);
  }
  if (await holdsState(store)) {
    throw new DataDirError(`database ${store.location} holds key stores or keys but no master key check: it was not made by xks-proxy store migrate or a fleet node; refusing to guess its master key`);
  }
  const sealer = createSealer(createMasterKey(keyPath));
  const won = await store.transaction(async () => {
    if (await store.meta.get(KEY_CHECK)) return false;
    await store.meta.set(KEY_CHECK, makeKeyCheck(sealer));
    return true;
  });
  if (!won) {
    discardTemp(keyPath);
    throw new DataDirError(`another node created the fleet's master key at the same time: copy it from that node to ${keyPath} (mode 0600) and start this one again`);
  }
  return sealer;
}

/**
 * Connects to the fleet database, brings its schema up to date, and pairs the master key. An
 * unreachable database rejects with StoreError UNAVAILABLE (the caller retries with backoff);
 * every other refusal is final.
 */
export async function openFleetStore(o: FleetStoreOptions): Promise<{ store: Store<PostgresEngine>; sealer: Sealer }> {
  const engine = await openPostgres(o);
  const store = await openStoreOn(engine, POSTGRES_MIGRATIONS); // closes the engine when it fails
  try {
    return { store, sealer: await pairMasterKey(store, o.masterKeyFile) };
  } catch (e) {
    await store.close();
    throw e;
  }
}
