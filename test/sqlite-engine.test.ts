/**
 * The SQLite engine's transaction semantics on its one connection: a transaction commits or rolls
 * back as a whole; a query from another async context waits until the open transaction ends (it is
 * neither part of it nor sees its uncommitted rows); a nested transaction joins the open one; and
 * transactions take turns. Orderings are proved by a recorded sequence of events, not by timing.
 */
import { AsyncResource } from "node:async_hooks";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setImmediate as loopTurn } from "node:timers/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SqliteEngine } from "../src/store/sqlite/engine.js";

let dir: string;
let engine: SqliteEngine;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "xks-sqlite-engine-"));
  engine = SqliteEngine.open(join(dir, "e.db"));
  await engine.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)");
});
afterEach(async () => {
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

const count = async (): Promise<number> => (await engine.get<{ n: number }>("SELECT COUNT(*) AS n FROM t"))!.n;
const values = async (): Promise<string[]> => (await engine.all<{ v: string }>("SELECT v FROM t ORDER BY id")).map((r) => r.v);

describe("SQLite engine transactions", () => {
  it("commits when fn resolves and rolls everything back when it throws", async () => {
    expect(await engine.transaction(async () => (await engine.run("INSERT INTO t (v) VALUES (?)", ["kept"])).changes)).toBe(1);
    await expect(
      engine.transaction(async () => {
        await engine.run("INSERT INTO t (v) VALUES (?)", ["lost-1"]);
        await engine.run("INSERT INTO t (v) VALUES (?)", ["lost-2"]);
        throw new Error("refused half-way");
      }),
    ).rejects.toThrow("refused half-way");
    expect(await values()).toEqual(["kept"]);
    // the connection is usable afterwards, outside and in a new transaction
    await engine.transaction(() => engine.run("INSERT INTO t (v) VALUES (?)", ["after"]));
    expect(await values()).toEqual(["kept", "after"]);
  });

  it("a query from another async context waits until the open transaction ends, and sees only committed rows", async () => {
    const order: string[] = [];
    const started = deferred();
    const gate = deferred();
    const tx = engine.transaction(async () => {
      await engine.run("INSERT INTO t (v) VALUES (?)", ["in-tx"]);
      order.push(`tx sees ${await count()}`);
      started.resolve();
      await gate.promise;
      order.push("tx ends");
    });
    await started.promise;
    const outside = count().then((n) => order.push(`outside sees ${n}`));
    await loopTurn(); // a whole event-loop turn: an outside query that did not wait would have run by now
    const whileOpen = [...order];
    gate.resolve();
    await Promise.all([tx, outside]);
    expect(whileOpen).toEqual(["tx sees 1"]);
    expect(order).toEqual(["tx sees 1", "tx ends", "outside sees 1"]);
  });

  it("a write from another async context is not part of the open transaction: it survives that transaction's rollback", async () => {
    const started = deferred();
    const gate = deferred();
    const tx = engine.transaction(async () => {
      await engine.run("INSERT INTO t (v) VALUES (?)", ["rolled-back"]);
      started.resolve();
      await gate.promise;
      throw new Error("roll back");
    });
    await started.promise;
    const outside = engine.run("INSERT INTO t (v) VALUES (?)", ["outside"]);
    gate.resolve();
    await expect(tx).rejects.toThrow("roll back");
    await outside;
    expect(await values()).toEqual(["outside"]);
  });

  it("a nested transaction joins the open one: it commits and rolls back with it", async () => {
    await expect(
      engine.transaction(async () => {
        await engine.run("INSERT INTO t (v) VALUES (?)", ["outer"]);
        await engine.transaction(() => engine.run("INSERT INTO t (v) VALUES (?)", ["inner"]));
        expect(await count()).toBe(2);
        throw new Error("outer fails after the inner one finished");
      }),
    ).rejects.toThrow("outer fails");
    expect(await count()).toBe(0);
    await engine.transaction(async () => {
      await engine.transaction(() => engine.run("INSERT INTO t (v) VALUES (?)", ["inner"]));
      await engine.readTransaction(() => engine.run("INSERT INTO t (v) VALUES (?)", ["joined read"]));
    });
    expect(await values()).toEqual(["inner", "joined read"]);
  });

  it("transactions from different contexts take turns: a read-check-write is never interleaved", async () => {
    const order: string[] = [];
    await engine.run("INSERT INTO t (v) VALUES ('0')");
    const bump = (name: string) =>
      engine.transaction(async () => {
        order.push(`${name} begins`);
        const cur = Number((await engine.get<{ v: string }>("SELECT v FROM t"))!.v);
        await loopTurn(); // the other transaction gets every chance to run in between
        await engine.run("UPDATE t SET v = ?", [String(cur + 1)]);
        order.push(`${name} ends`);
      });
    await Promise.all([bump("a"), bump("b"), bump("c")]);
    expect(order).toEqual(["a begins", "a ends", "b begins", "b ends", "c begins", "c ends"]);
    expect(await values()).toEqual(["3"]);
  });

  it("a read transaction is one snapshot; a write from elsewhere waits for it, and a write inside it is refused", async () => {
    await engine.run("INSERT INTO t (v) VALUES ('a')");
    const order: string[] = [];
    const started = deferred();
    const gate = deferred();
    const read = engine.readTransaction(async () => {
      const first = await count();
      started.resolve();
      await gate.promise;
      order.push(`read sees ${first} then ${await count()}`);
      await expect(engine.transaction(() => engine.run("INSERT INTO t (v) VALUES ('x')"))).rejects.toThrow(/inside a read transaction/);
    });
    await started.promise;
    const write = engine.transaction(() => engine.run("INSERT INTO t (v) VALUES ('b')")).then(() => order.push("write committed"));
    gate.resolve();
    await Promise.all([read, write]);
    expect(order).toEqual(["read sees 1 then 1", "write committed"]);
    expect(await values()).toEqual(["a", "b"]);
  });

  it("the context of a finished transaction is outside: a callback it left behind waits for the next transaction", async () => {
    let leftBehind!: () => Promise<number>;
    await engine.transaction(async () => {
      await engine.run("INSERT INTO t (v) VALUES ('first')");
      leftBehind = AsyncResource.bind(() => count()); // keeps the first transaction's async context
    });
    const order: string[] = [];
    const started = deferred();
    const gate = deferred();
    const second = engine.transaction(async () => {
      await engine.run("INSERT INTO t (v) VALUES ('second')");
      started.resolve();
      await gate.promise;
      order.push("second ends");
    });
    await started.promise;
    const late = leftBehind().then((n) => order.push(`left-behind query sees ${n}`));
    await loopTurn();
    const whileOpen = [...order];
    gate.resolve();
    await Promise.all([second, late]);
    expect(whileOpen).toEqual([]);
    expect(order).toEqual(["second ends", "left-behind query sees 2"]);
  });

  it("close waits for the queued transactions to finish", async () => {
    const gate = deferred();
    const started = deferred();
    const tx = engine.transaction(async () => {
      started.resolve();
      await gate.promise;
      await engine.run("INSERT INTO t (v) VALUES ('committed before close')");
    });
    await started.promise;
    const closed = engine.close();
    gate.resolve();
    await Promise.all([tx, closed]);
    const again = SqliteEngine.open(join(dir, "e.db"), { readOnly: true });
    try {
      expect(await again.all("SELECT v FROM t")).toEqual([{ v: "committed before close" }]);
    } finally {
      await again.close();
    }
    engine = SqliteEngine.open(join(dir, "e.db")); // for afterEach
  });
});
