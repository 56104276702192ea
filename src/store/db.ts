import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { AuditRepo } from "./audit.js";
import { CredentialRepo } from "./credentials.js";
import { HyokKeyRepo } from "./hyokKeys.js";
import { KeyStoreRepo } from "./keyStores.js";
import { migrate } from "./migrations.js";
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
  /** Runs fn in one IMMEDIATE transaction (writers queue instead of failing mid-way). */
  transaction<T>(fn: () => T): T;
  close(): void;
}

/** Opens (creating if needed) the SQLite database and brings its schema up to date. */
export function openStore(path: string): Store {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  // WAL: readers (snapshot rebuilds) never block the writer; busy_timeout covers a second process.
  db.pragma("journal_mode = WAL");
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  db.pragma("synchronous = NORMAL");
  const schemaVersion = migrate(db);
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
    transaction: <T>(fn: () => T): T => db.transaction(fn).immediate(),
    close: () => {
      if (db.open) db.close();
    },
  };
}
