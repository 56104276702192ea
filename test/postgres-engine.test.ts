/**
 * The PostgreSQL engine (store/sql/postgres.ts) against a real private cluster: SQL translation and
 * types, transactions bound through AsyncLocalStorage, fleet-wide writer serialization, outages as
 * UNAVAILABLE with recovery in place, the store URL's rules, LISTEN across a restart, and the
 * singleton advisory lock's failover.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { StoreError } from "../src/store/errors.js";
import { openPostgres, toPositional, type PostgresEngine, type PostgresEngineOptions } from "../src/store/postgres/engine.js";
import type { SqlExecutor } from "../src/store/sql/executor.js";
import type { ListenState } from "../src/store/postgres/listen.js";
import { eventually } from "./helpers/eventually.js";
import { advisoryWaiters, latch, usePgCluster } from "./helpers/postgres.js";

const cluster = usePgCluster();
const engines: PostgresEngine[] = [];
const open = async (extra: Partial<PostgresEngineOptions> = {}) => {
  const e = await openPostgres({ url: cluster().url, env: { PGPASSWORD: cluster().password }, ...extra });
  engines.push(e);
  return e;
};
afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.close()));
});

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), "xks-pg-engine-"));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A repository-style write: it gets no client, only the executor, as src/store/*.ts do. */
const addItem = (db: SqlExecutor, name: string) => db.run("INSERT INTO items (name) VALUES (?)", [name]);
const countItems = async (db: SqlExecutor, name: string) =>
  (await db.get<{ n: number }>("SELECT COUNT(*) AS n FROM items WHERE name = ?", [name]))!.n;

describe("SQL and types", () => {
  it("translates ? to $n outside single-quoted literals and refuses a parameter count mismatch", async () => {
    expect(toPositional("SELECT ? , '?', 'it''s ?', ?").text).toBe("SELECT $1 , '?', 'it''s ?', $2");
    const db = await open();
    const row = await db.get<{ a: string; q: string; r: string; b: string }>("SELECT CAST(? AS TEXT) AS a, '?' AS q, 'it''s ?' AS r, CAST(? AS TEXT) AS b", [
      "first",
      "second",
    ]);
    expect(row).toEqual({ a: "first", q: "?", r: "it's ?", b: "second" });
    await expect(db.get("SELECT CAST(? AS TEXT) AS a", [])).rejects.toThrow(/1 parameters \(\?\) but 0 values/);
  });

  it("returns BIGINT and COUNT(*) as numbers, refuses a BIGINT beyond 2^53, round-trips BYTEA as Buffer", async () => {
    const db = await open();
    const row = await db.get<{ n: number; big: number; small: number }>(
      "SELECT COUNT(*) AS n, CAST(? AS BIGINT) AS big, CAST(? AS INTEGER) AS small FROM generate_series(1, 5)",
      [2 ** 40, 7],
    );
    expect(row).toEqual({ n: 5, big: 2 ** 40, small: 7 });
    await expect(db.get("SELECT CAST('9007199254740993' AS BIGINT) AS v")).rejects.toThrow(/beyond the exact range/);
    await db.exec("CREATE TABLE blobs (id INTEGER PRIMARY KEY, b BYTEA NOT NULL)");
    const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    expect(await db.run("INSERT INTO blobs (id, b) VALUES (?, ?)", [1, bytes])).toEqual({ changes: 1 });
    const back = await db.get<{ b: Buffer }>("SELECT b FROM blobs WHERE id = ?", [1]);
    expect(Buffer.isBuffer(back!.b)).toBe(true);
    expect(back!.b.equals(bytes)).toBe(true);
  });
});

describe("transactions", () => {
  beforeAll(async () => {
    const db = await openPostgres({ url: cluster().url, env: { PGPASSWORD: cluster().password } });
    await db.exec("CREATE TABLE items (seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name TEXT NOT NULL UNIQUE)");
    await db.close();
  });

  it("commits when fn resolves and rolls back when it throws, nested calls joining the outer one", async () => {
    const db = await open();
    expect(await db.transaction(async () => (await addItem(db, "kept")).changes)).toBe(1);
    await expect(
      db.transaction(async () => {
        await addItem(db, "outer");
        await db.transaction(() => addItem(db, "nested"));
        throw new Error("refused halfway");
      }),
    ).rejects.toThrow("refused halfway");
    expect([await countItems(db, "kept"), await countItems(db, "outer"), await countItems(db, "nested")]).toEqual([1, 0, 0]);
  });

  it("keeps pg's unique-violation code (23505) for the repositories to recognise", async () => {
    const db = await open();
    await addItem(db, "dup");
    await expect(db.transaction(() => addItem(db, "dup"))).rejects.toMatchObject({ code: "23505" });
  });

  it("runs every query of fn's async context in the transaction: visible inside before commit, outside only after", async () => {
    const db = await open();
    const held = latch();
    const written = latch();
    let insideSaw = -1;
    const tx = db.transaction(async () => {
      await addItem(db, "als");
      // a deeper async hop (a timer) still belongs to fn's context
      insideSaw = await new Promise<number>((resolve, reject) => setTimeout(() => countItems(db, "als").then(resolve, reject), 1));
      written.open();
      await held.wait;
    });
    await written.wait;
    expect(insideSaw).toBe(1);
    expect(await countItems(db, "als")).toBe(0);
    held.open();
    await tx;
    expect(await countItems(db, "als")).toBe(1);
  });

  it("refuses a query from a transaction's context after the transaction ended", async () => {
    const db = await open();
    let late: Promise<unknown> | undefined;
    const go = latch();
    await db.transaction(async () => {
      late = go.wait.then(() => countItems(db, "x"));
    });
    go.open();
    await expect(late).rejects.toThrow(/transaction that has already ended/);
  });

  it("serializes writers across connections and engines: the second starts only after the first committed", async () => {
    const a = await open();
    const b = await open();
    const order: string[] = [];
    const held = latch();
    const inFirst = latch();
    const first = a.transaction(async () => {
      order.push("first begins");
      await addItem(a, "serial-1");
      inFirst.open();
      await held.wait;
      order.push("first commits");
    });
    await inFirst.wait;
    const second = b.transaction(async () => {
      order.push("second begins");
      await addItem(b, "serial-2");
    });
    // the second is parked on the writer lock in the database, not merely slow
    await eventually(async () => expect(await advisoryWaiters(cluster())).toBe(1), 10_000);
    expect(order).toEqual(["first begins"]);
    held.open();
    await Promise.all([first, second]);
    expect(order).toEqual(["first begins", "first commits", "second begins"]);
    const seqs = await a.all<{ name: string }>("SELECT name FROM items WHERE name LIKE 'serial-%' ORDER BY seq");
    expect(seqs.map((r) => r.name)).toEqual(["serial-1", "serial-2"]);
  });

  it("survives its connection dying while fn awaits something else: UNAVAILABLE, rolled back, the pool goes on", async () => {
    const db = await open();
    const held = latch();
    const written = latch();
    const tx = db.transaction(async () => {
      await addItem(db, "doomed");
      written.open();
      await held.wait;
      await addItem(db, "doomed-2");
    });
    await written.wait;
    await cluster().admin((c) =>
      c.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1 AND state = 'idle in transaction'", [cluster().user]),
    );
    // the dead session's 'error' event arrives while fn awaits the latch; it must not end the process
    await eventually(async () => expect(await cluster().admin(async (c) => (await c.query("SELECT pid FROM pg_stat_activity WHERE state = 'idle in transaction'")).rowCount)).toBe(0));
    held.open();
    await expect(tx).rejects.toMatchObject({ code: "UNAVAILABLE" });
    expect(await countItems(db, "doomed")).toBe(0);
  });

  it("reads one snapshot in readTransaction and refuses writes there", async () => {
    const db = await open();
    const other = await open();
    await addItem(db, "snap-1");
    const seen = await db.readTransaction(async () => {
      const before = await countItems(db, "snap-2");
      await addItem(other, "snap-2"); // committed by another connection meanwhile
      return [before, await countItems(db, "snap-2")];
    });
    expect(seen).toEqual([0, 0]);
    await expect(db.readTransaction(() => addItem(db, "ro"))).rejects.toMatchObject({ code: "25006" });
    await expect(db.readTransaction(() => db.transaction(() => addItem(db, "ro")))).rejects.toThrow(/inside a read-only/);
  });
});

describe("the store URL and the password", () => {
  it("refuses a password in the URL, naming where it belongs and never echoing it", async () => {
    for (const url of [`postgres://xks:hunter2secret@127.0.0.1:${cluster().port}/xks_test`, `postgres://xks@127.0.0.1:${cluster().port}/xks_test?password=hunter2secret`]) {
      const err = await openPostgres({ url }).then(
        () => undefined,
        (e: Error) => e,
      );
      expect(err?.message).toMatch(/must not contain a password: put the password in PGPASSWORD or in a password file/);
      expect(err?.message).not.toContain("hunter2secret");
    }
  });

  it("refuses sslmodes node-postgres cannot honour, unknown parameters and a URL without a database", async () => {
    const base = `postgres://xks@127.0.0.1:${cluster().port}`;
    await expect(openPostgres({ url: `${base}/xks_test?sslmode=prefer` })).rejects.toThrow(/sslmode=prefer would fall back/);
    await expect(openPostgres({ url: `${base}/xks_test?sslmode=verify-ca` })).rejects.toThrow(/verify-ca needs sslrootcert/);
    await expect(openPostgres({ url: `${base}/xks_test?sslmode=bogus` })).rejects.toThrow(/sslmode=bogus is not one of/);
    await expect(openPostgres({ url: `${base}/xks_test?connect_timeout=3` })).rejects.toThrow(/parameter connect_timeout is not supported/);
    await expect(openPostgres({ url: `${base}/` })).rejects.toThrow(/name one database/);
    await expect(openPostgres({ url: "mysql://xks@127.0.0.1/x" })).rejects.toThrow(/scheme mysql: is not postgres/);
  });

  it("reads the password from a file only when group and others cannot read it", async () => {
    const file = join(scratch, "pg-password");
    writeFileSync(file, `${cluster().password}\n`, { mode: 0o644 });
    chmodSync(file, 0o644);
    await expect(openPostgres({ url: cluster().url, passwordFile: file, env: {} })).rejects.toThrow(/has mode 644; it must be 0600/);
    chmodSync(file, 0o600);
    const db = await open({ passwordFile: file, env: {} });
    expect((await db.get<{ u: string }>("SELECT current_user AS u"))!.u).toBe(cluster().user);
  });

  it("reaches a unix socket directory named by host=, libpq's way", async () => {
    const url = `postgres://${cluster().user}@:${cluster().port}/xks_test?host=${cluster().socketDir}`;
    const db = await open({ url, env: {} });
    expect(db.location).toBe(url);
    expect(await db.get("SELECT inet_server_addr() AS addr")).toEqual({ addr: null }); // no TCP
    await expect(openPostgres({ url: `postgres://${cluster().user}@/xks_test?host=${cluster().socketDir}&sslmode=require` })).rejects.toThrow(/no meaning over a unix socket/);
    await expect(openPostgres({ url: `postgres://${cluster().user}@127.0.0.1/xks_test?host=${cluster().socketDir}` })).rejects.toThrow(/either a host name or host=/);
  });

  it("says where a missing password belongs when the server asks for one", async () => {
    await expect(openPostgres({ url: cluster().url, env: {} })).rejects.toThrow(/asks for a password: set PGPASSWORD or a password file/);
  });
});

describe("advisory locks for singletons", () => {
  const holder = (name: string) =>
    cluster().admin(async (c) => (await c.query("SELECT pid FROM pg_stat_activity WHERE application_name = $1", [`xks-proxy lock ${name}`])).rows as { pid: number }[]);

  it("lets one session hold a job's lock; another takes it once the holder's session is killed", async () => {
    const a = await open();
    const b = await open();
    const lockA = await a.tryAdvisoryLock("audit-retention");
    expect(lockA).toBeDefined();
    expect(await b.tryAdvisoryLock("audit-retention")).toBeUndefined();
    const other = await b.tryAdvisoryLock("credential-rotation");
    expect(other).toBeDefined(); // another job's lock is independent
    await other!.release();

    const lost = new Promise<unknown>((resolve) => lockA!.signal.addEventListener("abort", () => resolve(lockA!.signal.reason)));
    const [{ pid }] = await holder("audit-retention");
    await cluster().admin((c) => c.query("SELECT pg_terminate_backend($1)", [pid]));
    expect(String(await lost)).toMatch(/advisory lock audit-retention lost/);
    const lockB = await eventually(async () => {
      const l = await b.tryAdvisoryLock("audit-retention");
      expect(l).toBeDefined();
      return l!;
    }, 10_000);
    expect(lockB.signal.aborted).toBe(false);
    await lockB.release();
    expect(String(lockB.signal.reason)).toMatch(/released/);
    const lockA2 = await a.tryAdvisoryLock("audit-retention");
    expect(lockA2).toBeDefined();
    await lockA2!.release();
  });
});

describe("an outage (these tests stop and restart the cluster)", () => {
  it("answers UNAVAILABLE naming the database while it is down, and recovers without reopening", async () => {
    const idleErrors: string[] = [];
    const db = await open({ onIdleError: (m) => idleErrors.push(m) });
    await db.get("SELECT 1 AS one");
    await cluster().stop();
    try {
      for (const attempt of [() => db.get("SELECT 1 AS one"), () => db.transaction(() => db.run("SELECT 1")), () => db.readTransaction(() => db.get("SELECT 1"))]) {
        const err = await attempt().then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(err).toBeInstanceOf(StoreError);
        expect((err as StoreError).code).toBe("UNAVAILABLE");
        expect((err as StoreError).message).toMatch(new RegExp(`^database postgres://xks@127\\.0\\.0\\.1:${cluster().port}/xks_test is unavailable: `));
        expect((err as StoreError).message).not.toContain(cluster().password);
      }
      await expect(openPostgres({ url: cluster().url, env: { PGPASSWORD: cluster().password } })).rejects.toMatchObject({ code: "UNAVAILABLE" });
      // the pooled idle connection the shutdown closed was reported, not thrown at the process
      expect(idleErrors.join("\n")).toMatch(/is unavailable/);
    } finally {
      await cluster().start();
    }
    expect(await db.get("SELECT 1 AS one")).toEqual({ one: 1 });
    expect(await db.transaction(() => db.get("SELECT 2 AS two"))).toEqual({ two: 2 });
  });

  it("LISTEN reports the outage, reconnects by itself and hears notifications again", async () => {
    const db = await open();
    const heard: string[] = [];
    const states: ListenState[] = [];
    const l = db.listen("test_doorbell", (p) => heard.push(p), (s) => states.push(s), { minBackoffMs: 20, maxBackoffMs: 200, pingMs: 1000 });
    try {
      await eventually(() => expect(states.at(-1)?.connected).toBe(true), 10_000);
      await db.run("SELECT pg_notify('test_doorbell', ?)", ["before"]);
      await eventually(() => expect(heard).toEqual(["before"]), 10_000);
      await cluster().stop();
      try {
        await eventually(() => expect(states.at(-1)?.connected).toBe(false), 10_000);
      } finally {
        await cluster().start();
      }
      await eventually(() => expect(states.at(-1)?.connected).toBe(true), 15_000);
      // one report per change of state, not one per failed attempt while the server was down
      expect(states.map((s) => s.connected)).toEqual([true, false, true]);
      await db.run("SELECT pg_notify('test_doorbell', ?)", ["after"]);
      await eventually(() => expect(heard).toEqual(["before", "after"]), 10_000);
    } finally {
      await l.close();
    }
  });
});
