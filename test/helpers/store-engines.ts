/**
 * The two storage engines the store, admin and data-plane suites run on, behind one factory: a
 * SQLite file in a temp dir, or a fresh database on the test file's PostgreSQL cluster. The
 * cluster is started on first use (a file whose suites run only on SQLite starts none) and
 * destroyed after the file; every store or daemon gets its own database, so suites stay
 * independent as they are on SQLite files.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";
import { openStore, openStoreOn, type Store } from "../../src/store/index.js";
import { POSTGRES_MIGRATIONS } from "../../src/store/migrations/postgres.js";
import { openPostgres } from "../../src/store/postgres/engine.js";
import { startPgCluster, type PgCluster } from "./postgres.js";

export const STORE_ENGINES = ["sqlite", "postgres"] as const;
export type StoreEngine = (typeof STORE_ENGINES)[number];

/** A PostgreSQL database a daemon (or a store) connects to as the test role. */
export interface PgDatabase {
  url: string;
  password: string;
}

/** Where one store lives: opened (and reopened) on demand, removed by dispose(). */
export interface StoreTarget {
  readonly engine: StoreEngine;
  open(): Promise<Store>;
  dispose(): Promise<void>;
}

let cluster: Promise<PgCluster> | undefined;
let registered = false;
let databases = 0;

/**
 * Call once at the top of a test file that runs suites on PostgreSQL: the file's cluster (if one
 * was started) is destroyed after its tests.
 */
export function useStoreEngines(): void {
  registered = true;
  afterAll(async () => {
    const c = cluster;
    cluster = undefined;
    if (c) await (await c).destroy();
  }, 60_000);
}

/** The file's cluster, started on first use. */
export function pgCluster(): Promise<PgCluster> {
  if (!registered) throw new Error("call useStoreEngines() at the top of the test file before using PostgreSQL");
  cluster ??= startPgCluster();
  return cluster;
}

/** A fresh empty database on the file's cluster. */
export async function freshPgDatabase(): Promise<PgDatabase> {
  const c = await pgCluster();
  const url = await c.createDatabase(`xks_s${++databases}_${randomBytes(3).toString("hex")}`);
  return { url, password: c.password };
}

/** Opens a Store on a PostgreSQL database as a daemon would (the test role, its password). */
export async function openPgStore(db: PgDatabase): Promise<Store> {
  return openStoreOn(await openPostgres({ url: db.url, env: { PGPASSWORD: db.password } }), POSTGRES_MIGRATIONS);
}

/** A new empty store location on `engine` (not opened yet). */
export async function storeTarget(engine: StoreEngine): Promise<StoreTarget> {
  if (engine === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), "xks-store-"));
    const path = join(dir, "db", "xks.db");
    return {
      engine,
      open: () => openStore(path),
      dispose: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const db = await freshPgDatabase();
  const name = new URL(db.url).pathname.slice(1);
  return {
    engine,
    open: () => openPgStore(db),
    dispose: async () => (await pgCluster()).dropDatabase(name),
  };
}

/** A store on a new empty location; close() also disposes of the location. */
export async function freshStore(engine: StoreEngine): Promise<{ store: Store; target: StoreTarget; close(): Promise<void> }> {
  const target = await storeTarget(engine);
  const store = await target.open();
  return {
    store,
    target,
    async close() {
      if (store.open) await store.close();
      await target.dispose();
    },
  };
}
