import { AuditRepo } from "./audit.js";
import { ChangeLogRepo } from "./changeLog.js";
import { CredentialRepo } from "./credentials.js";
import { HyokKeyRepo } from "./hyokKeys.js";
import { KeyStoreRepo } from "./keyStores.js";
import { KmsConnectionRepo } from "./kmsConnections.js";
import { SyncJobRepo } from "./syncJobs.js";
import { PolicyTemplateRepo } from "./policyTemplates.js";
import { MetaRepo } from "./meta.js";
import { RotationJobRepo } from "./rotationJobs.js";
import { assertKnownVersion, migrate, schemaVersionOf } from "./migrations.js";
import { SQLITE_MIGRATIONS } from "./migrations/sqlite.js";
import { SourceKeyRepo } from "./sourceKeys.js";
import type { SqlEngine } from "./sql/executor.js";
import { SqliteEngine } from "./sqlite/engine.js";
import { VirtualKeyRepo } from "./virtualKeys.js";

/**
 * The repositories on one engine. A repository write that checks, then writes (or writes several
 * rows) runs in a transaction of its own, joined when the caller already has one: the admin plane
 * wraps a whole call, and its audit record, in one.
 */
export interface Store<E extends SqlEngine = SqlEngine> {
  /** where the data lives, for messages: a file path or a URL without its password */
  readonly location: string;
  readonly sql: E;
  readonly schemaVersion: number;
  readonly keyStores: KeyStoreRepo;
  readonly credentials: CredentialRepo;
  readonly sourceKeys: SourceKeyRepo;
  readonly virtualKeys: VirtualKeyRepo;
  readonly hyokKeys: HyokKeyRepo;
  /** AWS connections (issue 12) */
  readonly kmsConnections: KmsConnectionRepo;
  /** scheduled credential rotations of linked key stores (migration 9) */
  readonly rotationJobs: RotationJobRepo;
  readonly syncJobs: SyncJobRepo;
  /** key policy templates (issue 12 item 4) */
  readonly policyTemplates: PolicyTemplateRepo;
  readonly audit: AuditRepo;
  /** appended by triggers in every write's own transaction (migration 5) */
  readonly changeLog: ChangeLogRepo;
  readonly meta: MetaRepo;
  /** false once close() has begun: writers that outlive the store (the audit sink) stop there */
  readonly open: boolean;
  /** Runs fn in one write transaction (writers queue instead of failing mid-way; see SqlEngine). */
  transaction<T>(fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  /**
   * Inspect an existing database without changing it (backup and restore checks): no migration,
   * and a schema newer than this build is refused as it is on a read-write open.
   */
  readOnly?: boolean;
}

/**
 * Puts the repositories on an open engine: brings the schema up to date with the engine's own
 * migrations (read-only: only checks the version). Closes the engine when that fails.
 */
export async function openStoreOn<E extends SqlEngine>(sql: E, migrations: readonly string[], o: OpenStoreOptions = {}): Promise<Store<E>> {
  let schemaVersion: number;
  try {
    if (o.readOnly) {
      schemaVersion = await schemaVersionOf(sql);
      assertKnownVersion(schemaVersion, migrations);
    } else {
      schemaVersion = await migrate(sql, migrations);
      await sql.transaction(() => MetaRepo.ensure(sql));
    }
  } catch (e) {
    await sql.close();
    throw e;
  }
  const keyStores = new KeyStoreRepo(sql);
  const sourceKeys = new SourceKeyRepo(sql);
  const virtualKeys = new VirtualKeyRepo(sql, sourceKeys);
  let open = true;
  return {
    location: sql.location,
    sql,
    schemaVersion,
    keyStores,
    credentials: new CredentialRepo(sql, keyStores),
    sourceKeys,
    virtualKeys,
    hyokKeys: new HyokKeyRepo(sql, keyStores, virtualKeys),
    kmsConnections: new KmsConnectionRepo(sql),
    rotationJobs: new RotationJobRepo(sql),
    syncJobs: new SyncJobRepo(sql),
    policyTemplates: new PolicyTemplateRepo(sql),
    audit: new AuditRepo(sql),
    changeLog: new ChangeLogRepo(sql),
    meta: new MetaRepo(sql),
    get open() {
      return open;
    },
    transaction: <T>(fn: () => Promise<T>): Promise<T> => sql.transaction(fn),
    close: async () => {
      open = false;
      await sql.close();
    },
  };
}

/** Opens (creating if needed) the SQLite database and brings its schema up to date. */
export function openStore(path: string, o: OpenStoreOptions = {}): Promise<Store<SqliteEngine>> {
  return openStoreOn(SqliteEngine.open(path, o), SQLITE_MIGRATIONS, o);
}
