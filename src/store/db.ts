import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { AuditRepo } from "./audit.js";
import { ChangeLogRepo } from "./changeLog.js";
import { CredentialRepo } from "./credentials.js";
import { HyokKeyRepo } from "./hyokKeys.js";
import { KeyStoreRepo } from "./keyStores.js";
import { MetaRepo } from "./meta.js";
import { migrate, MIGRATIONS } from "./migrations.js";
import { SourceKeyRepo } from "./sourceKeys.js";
import { VirtualKeyRepo } from "./virtualKeys.js";

export interface Store {
  readonly path: string;
  readonly db: Database.Database;
  readonly schemaVersion: number;
  readonly keyStores: KeyStoreRepo;
  readonly credentials: CredentialRepo;
  readonly sourceKeys: SourceKeyRepo;
  readonly virtualKeys: VirtualKeyRepo;
  readonly hyokKeys: HyokKeyRepo;
  readonly audit: AuditRepo;
  /** appended by triggers in every write's own transaction (migration 5) */
  readonly changeLog: ChangeLogRepo;
  readonly meta: MetaRepo;
  /** Runs fn in one IMMEDIATE transaction (writers queue instead of failing mid-way). */
  transaction<T>(fn: () => T): T;
  close(): void;
}

export interface OpenStoreOptions {
  /**
   * Inspect an existing database without changing it (backup and restore checks): no migration,
   * and a schema newer than this build is refused as it is on a read-write open.
   */
  readOnly?: boolean;
}

/** The schema version a database records (0: none, i.e. not an xks-proxy database yet). */
export function schemaVersionOf(db: Database.Database): number {
  const table = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'`).get();
  if (!table) return 0;
  return (db.prepare(`SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations`).get() as { v: number }).v;
}

function openReadOnly(path: string): { db: Database.Database; schemaVersion: number } {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    db.pragma("busy_timeout = 5000");
    const schemaVersion = schemaVersionOf(db);
    if (schemaVersion > MIGRATIONS.length) {
      throw new Error(`database schema version ${schemaVersion} is newer than this build knows (${MIGRATIONS.length}); upgrade xks-proxy`);
    }
    return { db, schemaVersion };
  } catch (e) {
    db.close();
    throw e;
  }
}

function openReadWrite(path: string): { db: Database.Database; schemaVersion: number } {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  try {
    // WAL: readers (snapshot rebuilds) never block the writer; busy_timeout covers a second process.
    db.pragma("journal_mode = WAL");
    db.pragma("foreign_keys = ON");
    db.pragma("busy_timeout = 5000");
    db.pragma("synchronous = NORMAL");
    const schemaVersion = migrate(db);
    MetaRepo.ensure(db);
    return { db, schemaVersion };
  } catch (e) {
    db.close();
    throw e;
  }
}

/** Opens (creating if needed) the SQLite database and brings its schema up to date. */
export function openStore(path: string, o: OpenStoreOptions = {}): Store {
  const { db, schemaVersion } = o.readOnly ? openReadOnly(path) : openReadWrite(path);
  const keyStores = new KeyStoreRepo(db);
  const sourceKeys = new SourceKeyRepo(db);
  const virtualKeys = new VirtualKeyRepo(db, sourceKeys);
  return {
    path,
    db,
    schemaVersion,
    keyStores,
    credentials: new CredentialRepo(db, keyStores),
    sourceKeys,
    virtualKeys,
    hyokKeys: new HyokKeyRepo(db, keyStores, virtualKeys),
    audit: new AuditRepo(db),
    changeLog: new ChangeLogRepo(db),
    meta: new MetaRepo(db),
    transaction: <T>(fn: () => T): T => db.transaction(fn).immediate(),
    close: () => {
      if (db.open) db.close();
    },
  };
}
