/**
 * The PostgreSQL migrations (store/migrations/postgres.ts) on a real private cluster, checked
 * against the SQLite migrations they mirror: after every version both engines have the same tables,
 * columns and indexes; the same writes leave the same change-log entries; the triggers notify at
 * commit; and change-log seqs are committed in seq order even for writes made outside the engine's
 * transactions.
 */
import Database from "better-sqlite3";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { POSTGRES_MIGRATIONS } from "../src/store/migrations/postgres.js";
import { SQLITE_MIGRATIONS } from "../src/store/migrations/sqlite.js";
import type { SqlValue } from "../src/store/sql/executor.js";
import { CHANGES_CHANNEL, openPostgres, type PostgresEngine } from "../src/store/postgres/engine.js";
import { eventually } from "./helpers/eventually.js";
import { advisoryWaiters, latch, usePgCluster } from "./helpers/postgres.js";

const cluster = usePgCluster();
let dbCount = 0;
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** An engine on a fresh empty database of its own. */
async function freshEngine(): Promise<PostgresEngine> {
  const url = await cluster().createDatabase(`schema_${++dbCount}`);
  const db = await openPostgres({ url, env: { PGPASSWORD: cluster().password } });
  cleanups.push(() => db.close());
  return db;
}

/** The test's own runner: versions from..to, each in one transaction (PostgreSQL DDL is transactional). */
async function migratePg(db: PostgresEngine, from: number, to: number): Promise<void> {
  for (let v = from; v <= to; v++) await db.transaction(() => db.exec(POSTGRES_MIGRATIONS[v - 1]!));
}
function migrateSqlite(db: Database.Database, from: number, to: number): void {
  for (let v = from; v <= to; v++) db.exec(SQLITE_MIGRATIONS[v - 1]!);
}
function freshSqlite(): Database.Database {
  const db = new Database(":memory:");
  db.pragma("foreign_keys = ON");
  cleanups.push(() => void db.close());
  return db;
}

type Schema = Record<string, { columns: string[]; indexes: string[] }>;
const TYPE: Record<string, string> = { integer: "INTEGER", bigint: "INTEGER", text: "TEXT", bytea: "BLOB" };

function sqliteSchema(db: Database.Database): Schema {
  const out: Schema = {};
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[];
  for (const { name } of tables) {
    const cols = db.prepare(`PRAGMA table_info(${name})`).all() as { name: string; type: string; notnull: number; pk: number }[];
    const idx = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL ORDER BY name").all(name) as { name: string }[];
    out[name] = {
      columns: cols.map((c) => `${c.name} ${c.type}${c.notnull || c.pk ? " NOT NULL" : ""}${c.pk ? " PK" : ""}`),
      indexes: idx.map((i) => i.name),
    };
  }
  return out;
}

async function pgSchema(db: PostgresEngine): Promise<Schema> {
  const out: Schema = {};
  const tables = await db.all<{ name: string }>("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name");
  for (const { name } of tables) {
    const cols = await db.all<{ name: string; type: string; nullable: string; pk: number }>(
      `SELECT c.column_name AS name, c.data_type AS type, c.is_nullable AS nullable,
              (SELECT COUNT(*) FROM information_schema.key_column_usage k JOIN information_schema.table_constraints t
                 ON t.constraint_name = k.constraint_name AND t.table_name = k.table_name
               WHERE t.constraint_type = 'PRIMARY KEY' AND k.table_name = c.table_name AND k.column_name = c.column_name) AS pk
       FROM information_schema.columns c WHERE c.table_schema = 'public' AND c.table_name = ? ORDER BY c.ordinal_position`,
      [name],
    );
    // indexes created by CREATE INDEX, not the ones behind PRIMARY KEY / UNIQUE constraints
    const idx = await db.all<{ name: string }>(
      `SELECT i.relname AS name FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
       WHERE t.relname = ? AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid) ORDER BY i.relname`,
      [name],
    );
    out[name] = {
      columns: cols.map((c) => `${c.name} ${TYPE[c.type] ?? c.type}${c.nullable === "NO" ? " NOT NULL" : ""}${c.pk ? " PK" : ""}`),
      indexes: idx.map((i) => i.name),
    };
  }
  return out;
}

const T = "2026-01-01T00:00:00.000Z";
/** Writes to the key model in SQL both engines accept, one statement per step. */
const STEPS: [string, SqlValue[]][] = [
  [
    "INSERT INTO source_keys (id, name, tier, key_spec, encrypt, decrypt, origin, material, created_at, updated_at) VALUES (?, ?, 'local', 'AES_256', 1, 1, 'generated', ?, ?, ?)",
    ["sk1", "local one", Buffer.alloc(32, 7), T, T],
  ],
  [
    "INSERT INTO source_keys (id, name, tier, partition, label, key_spec, encrypt, decrypt, origin, created_at, updated_at) VALUES (?, ?, 'luna-hsm', ?, ?, 'AES_256', 1, 1, 'registered', ?, ?)",
    ["sk2", "hsm one", "p1", "l1", T, T],
  ],
  [
    "INSERT INTO key_stores (id, name, kms, region, source_key_tier, rate_limit_rps, rate_limit_burst, xks_proxy_uri_path, created_at, updated_at) VALUES (?, ?, ?, ?, 'local', ?, ?, ?, ?, ?)",
    ["ks1", "store one", "111122223333", "eu-west-1", 100, 200, "/ks1", T, T],
  ],
  ["INSERT INTO credentials (id, key_store_id, version, access_key_id, secret, created_at, updated_at) VALUES (?, ?, 1, ?, ?, ?, ?)", ["c1", "ks1", "AKIDAAAAAAAAAAAAAAAA", Buffer.alloc(48, 1), T, T]],
  ["INSERT INTO virtual_keys (id, created_at, updated_at) VALUES (?, ?, ?)", ["vk1", T, T]],
  ["INSERT INTO virtual_key_versions (id, virtual_key_id, version, source_key_id, created_at, updated_at) VALUES (?, ?, 1, ?, ?, ?)", ["v1", "vk1", "sk1", T, T]],
  ["INSERT INTO virtual_key_versions (id, virtual_key_id, version, source_key_id, created_at, updated_at) VALUES (?, ?, 2, ?, ?, ?)", ["v2", "vk1", "sk1", T, T]],
  ["INSERT INTO hyok_keys (id, key_store_id, virtual_key_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?)", ["h1", "ks1", "vk1", T, T]],
  ["UPDATE hyok_keys SET blocked = 1 WHERE id = ?", ["h1"]],
  ["UPDATE hyok_keys SET policy = ? WHERE id = ?", ['{"key_users":[]}', "h1"]],
  ["UPDATE key_stores SET blocked = 1 WHERE id = ?", ["ks1"]],
  ["UPDATE key_stores SET authorization_rules = ? WHERE id = ?", ['[{"principal":"arn:aws:iam::111122223333:role/app"}]', "ks1"]],
  ["UPDATE source_keys SET enabled = 0 WHERE id = ?", ["sk2"]],
  ["UPDATE credentials SET updated_at = ? WHERE id = ?", ["2026-01-02T00:00:00.000Z", "c1"]],
  ["UPDATE virtual_key_versions SET updated_at = ? WHERE id = ?", ["2026-01-02T00:00:00.000Z", "v2"]],
  ["DELETE FROM hyok_keys WHERE id = ?", ["h1"]],
  ["DELETE FROM virtual_keys WHERE id = ?", ["vk1"]], // cascades to its versions
  ["DELETE FROM key_stores WHERE id = ?", ["ks1"]], // cascades to its credentials
];

type Entry = { entity: string; entity_id: string; op: string };
const entryKey = (e: Entry) => `${e.entity} ${e.entity_id} ${e.op}`;

describe("PostgreSQL migrations", () => {
  it("leave the same tables, columns and indexes as the SQLite migrations after every version, and keep data across them", async () => {
    expect(POSTGRES_MIGRATIONS.length).toBe(SQLITE_MIGRATIONS.length);
    const db = await freshEngine();
    const lite = freshSqlite();
    for (let v = 1; v <= POSTGRES_MIGRATIONS.length; v++) {
      await migratePg(db, v, v);
      migrateSqlite(lite, v, v);
      expect({ version: v, schema: await pgSchema(db) }).toEqual({ version: v, schema: sqliteSchema(lite) });
      if (v === 2) {
        // rows written before migrations 3 and 4, which they must carry over
        await db.run(
          "INSERT INTO key_stores (id, name, kms, region, source_key_tier, rate_limit_rps, rate_limit_burst, xks_proxy_uri_path, created_at, updated_at) VALUES ('old', 'old', 'not-an-account', 'eu-west-1', 'local', 1, 1, '/old', ?, ?)",
          [T, T],
        );
        for (const id of ["a1", "a2"]) {
          await db.run("INSERT INTO audit_records (id, at, kind, operation, outcome) VALUES (?, ?, 'xks', 'Encrypt', 'success')", [id, T]);
        }
      }
    }
    // migration 3 blocked the store with an invalid account, and updates of other columns still work
    expect(await db.get("SELECT blocked FROM key_stores WHERE id = 'old'")).toEqual({ blocked: 1 });
    expect(await db.run("UPDATE key_stores SET region = 'us-east-1' WHERE id = 'old'")).toEqual({ changes: 1 });
    // migration 4 gave the old audit records seqs in order and counted them
    expect(await db.all("SELECT seq, id FROM audit_records ORDER BY seq")).toEqual([
      { seq: 1, id: "a1" },
      { seq: 2, id: "a2" },
    ]);
    expect(await db.get("SELECT records FROM audit_stats")).toEqual({ records: 2 });
  });

  it("write the same change-log entries as SQLite for the same writes (cascades included)", async () => {
    const db = await freshEngine();
    await migratePg(db, 1, POSTGRES_MIGRATIONS.length);
    const lite = freshSqlite();
    migrateSqlite(lite, 1, SQLITE_MIGRATIONS.length);
    let pgLast = 0;
    let liteLast = 0;
    for (const [sql, params] of STEPS) {
      await db.run(sql, params);
      lite.prepare(sql).run(...params);
      const pgEntries = await db.all<Entry & { seq: number }>("SELECT seq, entity, entity_id, op FROM change_log WHERE seq > ? ORDER BY seq", [pgLast]);
      const liteEntries = lite.prepare("SELECT seq, entity, entity_id, op FROM change_log WHERE seq > ? ORDER BY seq").all(liteLast) as (Entry & { seq: number })[];
      expect(pgEntries.length).toBeGreaterThan(0);
      // within one statement, cascades may fire in another order; across statements, order is seq order
      expect({ sql, entries: pgEntries.map(entryKey).sort() }).toEqual({ sql, entries: liteEntries.map(entryKey).sort() });
      pgLast = pgEntries.at(-1)!.seq;
      liteLast = liteEntries.at(-1)!.seq;
    }
    const ops = (await db.all<{ op: string }>("SELECT DISTINCT op FROM change_log ORDER BY op")).map((r) => r.op);
    expect(ops).toEqual(["block", "create", "delete", "rotate", "update"]);
  });

  it("refuse a kms that is not a 12-digit account and authorization rules that are not a JSON array", async () => {
    const db = await freshEngine();
    await migratePg(db, 1, POSTGRES_MIGRATIONS.length);
    const insert = (id: string, kms: string) =>
      db.run(
        "INSERT INTO key_stores (id, name, kms, region, source_key_tier, rate_limit_rps, rate_limit_burst, xks_proxy_uri_path, created_at, updated_at) VALUES (?, ?, ?, 'eu-west-1', 'local', 1, 1, ?, ?, ?)",
        [id, id, kms, `/${id}`, T, T],
      );
    await expect(insert("bad", "123")).rejects.toMatchObject({ code: "23514", message: "key_stores.kms must be a 12-digit AWS account id" });
    await insert("good", "111122223333");
    await expect(db.run("UPDATE key_stores SET kms = ? WHERE id = ?", ["11112222333x", "good"])).rejects.toThrow("key_stores.kms must be a 12-digit AWS account id");
    for (const rules of ["{}", "not json", '"[]"']) {
      await expect(db.run("UPDATE key_stores SET authorization_rules = ? WHERE id = ?", [rules, "good"])).rejects.toMatchObject({ code: "23514" });
    }
    expect(await db.run("UPDATE key_stores SET authorization_rules = ? WHERE id = ?", ['[{"operations":["Encrypt"]}]', "good"])).toEqual({ changes: 1 });
  });

  it("count audit records once per statement, by the number of rows", async () => {
    const db = await freshEngine();
    await migratePg(db, 1, POSTGRES_MIGRATIONS.length);
    await db.run(
      "INSERT INTO audit_records (id, at, kind, operation, outcome) VALUES (?, ?, 'xks', 'Encrypt', 'success'), (?, ?, 'xks', 'Decrypt', 'success'), (?, ?, 'admin', 'CreateKeyStore', 'failure')",
      ["r1", T, "r2", T, "r3", T],
    );
    expect(await db.get("SELECT records FROM audit_stats")).toEqual({ records: 3 });
    expect(await db.run("DELETE FROM audit_records WHERE seq IN (SELECT seq FROM audit_records ORDER BY seq LIMIT ?)", [2])).toEqual({ changes: 2 });
    expect(await db.get("SELECT records FROM audit_stats")).toEqual({ records: 1 });
  });
});

describe("the change log on PostgreSQL", () => {
  it("rings the doorbell at commit with each new seq, and not for a rolled-back write", async () => {
    const db = await freshEngine();
    await migratePg(db, 1, POSTGRES_MIGRATIONS.length);
    const heard: string[] = [];
    let connected = false;
    const l = db.listen(CHANGES_CHANNEL, (p) => heard.push(p), (s) => (connected = s.connected));
    cleanups.push(() => l.close());
    await eventually(() => expect(connected).toBe(true), 10_000);

    await expect(
      db.transaction(async () => {
        await db.run(STEPS[0]![0], STEPS[0]![1]);
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    await db.transaction(async () => {
      for (const [sql, params] of STEPS.slice(0, 3)) await db.run(sql, params);
    });
    const seqs = (await db.all<{ seq: number }>("SELECT seq FROM change_log ORDER BY seq")).map((r) => String(r.seq));
    expect(seqs).toHaveLength(3);
    await eventually(() => expect(heard).toEqual(seqs), 10_000);
  });

  it("commits seqs in seq order even for a write made outside the engine's transactions", async () => {
    const db = await freshEngine();
    await migratePg(db, 1, POSTGRES_MIGRATIONS.length);
    for (const [sql, params] of STEPS.slice(0, 3)) await db.run(sql, params);
    await db.run(
      "INSERT INTO key_stores (id, name, kms, region, source_key_tier, rate_limit_rps, rate_limit_burst, xks_proxy_uri_path, created_at, updated_at) VALUES ('ks2', 'two', '111122223333', 'eu-west-1', 'local', 1, 1, '/ks2', ?, ?)",
      [T, T],
    );
    const before = (await db.get<{ m: number }>("SELECT MAX(seq) AS m FROM change_log"))!.m;

    // writer A: a plain session (no engine), its transaction left open after drawing a seq
    const a = new pg.Client({ host: "127.0.0.1", port: cluster().port, user: cluster().user, password: cluster().password, database: `schema_${dbCount}` });
    await a.connect();
    cleanups.push(() => a.end());
    await a.query("BEGIN");
    await a.query("UPDATE key_stores SET region = 'us-east-1' WHERE id = 'ks1'");
    // writer B: an autocommit statement through the engine, outside transaction()
    let bDone = false;
    const b = db.run("UPDATE key_stores SET region = 'us-west-2' WHERE id = 'ks2'").then(() => (bDone = true));
    // B waits for the writer lock in a trigger instead of drawing a seq and committing before A
    await eventually(
      async () => expect(await advisoryWaiters(cluster())).toBe(1),
      10_000,
    );
    expect(bDone).toBe(false);
    // a follower reading now sees neither: nothing committed past `before`
    expect(await db.all("SELECT seq FROM change_log WHERE seq > ?", [before])).toEqual([]);
    await a.query("COMMIT");
    await b;
    const after = await db.all<{ seq: number; entity_id: string }>("SELECT seq, entity_id FROM change_log WHERE seq > ? ORDER BY seq", [before]);
    expect(after.map((r) => r.entity_id)).toEqual(["ks1", "ks2"]);
  });

  it("takes the writer lock before a row lock, so a write outside transaction() cannot deadlock with one inside", async () => {
    const db = await freshEngine();
    await migratePg(db, 1, POSTGRES_MIGRATIONS.length);
    for (const [sql, params] of STEPS.slice(0, 3)) await db.run(sql, params);
    const holding = latch();
    const goOn = latch();
    // the transaction holds the writer lock from BEGIN, then writes the row the other statement wants
    const tx = db.transaction(async () => {
      holding.open();
      await goOn.wait;
      await db.run("UPDATE key_stores SET region = 'us-east-1' WHERE id = 'ks1'");
    });
    await holding.wait;
    const outside = db.run("UPDATE key_stores SET region = 'us-west-2' WHERE id = 'ks1'");
    await eventually(
      async () => expect(await advisoryWaiters(cluster())).toBe(1),
      10_000,
    );
    goOn.open();
    await Promise.all([tx, outside]);
    // the outside statement waited for the whole transaction: its update is the later one
    expect(await db.get("SELECT region FROM key_stores WHERE id = 'ks1'")).toEqual({ region: "us-west-2" });
  });
});
