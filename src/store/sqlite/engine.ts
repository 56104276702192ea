import type Database from "better-sqlite3";
import { AsyncLocalStorage } from "node:async_hooks";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { openDatabase } from "./addon.js";
import type { SqlEngine, SqlRunResult, SqlValue } from "../sql/executor.js";

export interface SqliteEngineOptions {
  /** Inspect an existing file without changing it (backup and restore checks); it must exist. */
  readOnly?: boolean;
}

/** One open transaction: queries from the async context it runs in belong to it. */
interface Tx {
  readonly write: boolean;
  /** resolves when the transaction has committed or rolled back */
  readonly done: Promise<void>;
}

/**
 * The SQLite engine: one better-sqlite3 connection. A connection has one transaction at a time, so
 * transactions (write and read) take turns, and a query from outside the open transaction's async
 * context waits until it ends (running it at once would make it part of that transaction, or let it
 * see uncommitted rows). Statements themselves run synchronously: the event loop never interleaves
 * two of them.
 */
export class SqliteEngine implements SqlEngine {
  readonly dialect = "sqlite" as const;
  private readonly context = new AsyncLocalStorage<Tx>();
  /** the transaction holding the connection, if any */
  private active: Tx | undefined;
  /** settles when the last queued transaction has ended: the next one starts after it */
  private tail: Promise<void> = Promise.resolve();

  private constructor(
    private readonly db: Database.Database,
    readonly location: string,
  ) {}

  static open(path: string, o: SqliteEngineOptions = {}): SqliteEngine {
    if (o.readOnly) {
      const db = openDatabase(path, { readonly: true, fileMustExist: true });
      db.pragma("busy_timeout = 5000");
      return new SqliteEngine(db, path);
    }
    if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
    const db = openDatabase(path);
    try {
      // WAL: readers (snapshot rebuilds) never block the writer; busy_timeout covers a second process.
      db.pragma("journal_mode = WAL");
      db.pragma("foreign_keys = ON");
      db.pragma("busy_timeout = 5000");
      db.pragma("synchronous = NORMAL");
    } catch (e) {
      db.close();
      throw e;
    }
    return new SqliteEngine(db, path);
  }

  /** SQLite's own check of the file ("ok", or what is wrong), for backup and restore. */
  async integrityCheck(): Promise<unknown> {
    await this.turn();
    return this.db.pragma("integrity_check", { simple: true });
  }

  async get<T>(sql: string, params: readonly SqlValue[] = []): Promise<T | undefined> {
    await this.turn();
    return this.db.prepare(sql).get(...params) as T | undefined;
  }

  async all<T>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    await this.turn();
    return this.db.prepare(sql).all(...params) as T[];
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<SqlRunResult> {
    await this.turn();
    return { changes: this.db.prepare(sql).run(...params).changes };
  }

  async exec(sql: string): Promise<void> {
    await this.turn();
    this.db.exec(sql);
  }

  transaction<T>(fn: () => Promise<T>): Promise<T> {
    const mine = this.mine();
    if (mine) {
      // a write inside a read snapshot would need a lock the snapshot did not take: refuse it
      if (!mine.write) return Promise.reject(new Error("a write transaction cannot start inside a read transaction"));
      return fn();
    }
    return this.exclusive(true, fn);
  }

  readTransaction<T>(fn: () => Promise<T>): Promise<T> {
    return this.mine() ? fn() : this.exclusive(false, fn);
  }

  /** Waits for the queued transactions to end, then closes the connection. */
  async close(): Promise<void> {
    if (!this.mine()) await this.tail;
    if (this.db.open) this.db.close();
  }

  /** The open transaction when the caller runs inside it (a finished one's context is outside). */
  private mine(): Tx | undefined {
    const tx = this.context.getStore();
    return tx !== undefined && tx === this.active ? tx : undefined;
  }

  /** Resolves when a query from the caller's context may use the connection. */
  private async turn(): Promise<void> {
    while (this.active && !this.mine()) await this.active.done;
  }

  private async exclusive<T>(write: boolean, fn: () => Promise<T>): Promise<T> {
    let end!: () => void;
    const tx: Tx = { write, done: new Promise<void>((resolve) => (end = resolve)) };
    const before = this.tail;
    this.tail = before.then(() => tx.done);
    await before;
    this.active = tx;
    try {
      // IMMEDIATE: a writer takes the write lock first, so it queues (busy_timeout) instead of failing mid-way
      this.db.exec(write ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED");
      try {
        const result = await this.context.run(tx, fn);
        this.db.exec("COMMIT");
        return result;
      } catch (e) {
        // SQLite may already have rolled back (e.g. on SQLITE_FULL)
        if (this.db.open && this.db.inTransaction) this.db.exec("ROLLBACK");
        throw e;
      }
    } finally {
      this.active = undefined;
      end();
    }
  }
}
