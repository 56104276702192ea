/**
 * The PostgreSQL engine (the fleet's shared store) over a node-postgres pool: the repositories' `?`
 * SQL translated to `$n`, one write transaction per `transaction()` on a dedicated connection
 * serialized fleet-wide by the writer advisory lock, and connection failures reported as
 * StoreError UNAVAILABLE naming the database. LISTEN and singleton locks get connections of their
 * own (pgListen.ts, pgLocks.ts).
 */
import { AsyncLocalStorage } from "node:async_hooks";
import pg from "pg";
import type { ClientConfig, PoolClient, QueryResult } from "pg";
import { StoreError } from "../errors.js";
import type { SqlEngine, SqlRunResult, SqlValue } from "../sql/executor.js";
import { isConnectionError, resolvePostgresTarget, translateError, unavailable, type PostgresConnectionOptions } from "./connection.js";
import { listen, type ListenOptions, type Listener, type ListenState } from "./listen.js";
import { tryAdvisoryLock, type AdvisoryLock, type AdvisoryLockOptions } from "./locks.js";
import { WRITER_LOCK_KEY } from "../migrations/postgres.js";

export { CHANGES_CHANNEL } from "../migrations/postgres.js";

/** PostgreSQL 11: EXECUTE FUNCTION in triggers; identity columns and transition tables are older. */
const MIN_SERVER_VERSION = 110000;

export interface PostgresEngineOptions extends PostgresConnectionOptions {
  /** pool size (default 10) */
  maxConnections?: number;
  /** how long a connect may take before the database counts as unavailable (default 5000 ms) */
  connectTimeoutMs?: number;
  /** server-side limit per statement, waiting for the writer lock included (default 30000 ms) */
  statementTimeoutMs?: number;
  /**
   * The server ends a session idle inside a transaction this long (default 60000 ms): a node that
   * hangs mid-transaction must not hold the fleet's writer lock forever.
   */
  idleInTransactionTimeoutMs?: number;
  /** an idle pooled connection is closed after this long (default 30000 ms) */
  idleTimeoutMs?: number;
  /** told when an idle pooled connection fails (the pool drops it; the next query reconnects) */
  onIdleError?: (reason: string) => void;
}

/** BIGINT (and COUNT(*)) as a JS number, exact or refused: seqs and counts stay far below 2^53. */
function parseInt8(s: string): number {
  const n = Number(s);
  if (!Number.isSafeInteger(n)) throw new RangeError(`BIGINT ${s} is beyond the exact range of a JS number`);
  return n;
}

interface Positional {
  text: string;
  count: number;
}
const translated = new Map<string, Positional>();
const MAX_CACHED = 2000;

/**
 * `?` → `$1..$n`, except inside single-quoted literals ('' inside one is two toggles, so it needs
 * no case of its own). The repositories' SQL uses no other quoting.
 */
export function toPositional(sql: string): Positional {
  const hit = translated.get(sql);
  if (hit) return hit;
  let text = "";
  let count = 0;
  let quoted = false;
  for (const ch of sql) {
    if (ch === "'") quoted = !quoted;
    text += ch === "?" && !quoted ? `$${++count}` : ch;
  }
  const p = { text, count };
  if (translated.size >= MAX_CACHED) translated.clear();
  translated.set(sql, p);
  return p;
}

interface Tx {
  client: PoolClient;
  readOnly: boolean;
  open: boolean;
}

export class PostgresEngine implements SqlEngine {
  readonly dialect = "postgres" as const;
  readonly location: string;
  private readonly config: ClientConfig;
  private readonly pool: pg.Pool;
  private readonly als = new AsyncLocalStorage<Tx>();
  private readonly sessionTimeouts: { connectTimeoutMs: number };
  private readonly listeners = new Set<Listener>();
  private readonly locks = new Set<AdvisoryLock>();

  constructor(opts: PostgresEngineOptions) {
    const target = resolvePostgresTarget(opts);
    this.location = target.location;
    this.config = target.config;
    this.sessionTimeouts = { connectTimeoutMs: opts.connectTimeoutMs ?? 5000 };
    const types = new pg.TypeOverrides();
    types.setTypeParser(pg.types.builtins.INT8, parseInt8);
    this.pool = new pg.Pool({
      ...target.config,
      types,
      max: opts.maxConnections ?? 10,
      connectionTimeoutMillis: opts.connectTimeoutMs ?? 5000,
      idleTimeoutMillis: opts.idleTimeoutMs ?? 30_000,
      statement_timeout: opts.statementTimeoutMs ?? 30_000,
      idle_in_transaction_session_timeout: opts.idleInTransactionTimeoutMs ?? 60_000,
      keepAlive: true,
    });
    // an idle client's socket error is emitted here; unhandled, it would end the process
    this.pool.on("error", (e) => opts.onIdleError?.(unavailable(this.location, e).message));
  }

  async get<T>(sql: string, params: readonly SqlValue[] = []): Promise<T | undefined> {
    return (await this.query(sql, params)).rows[0] as T | undefined;
  }

  async all<T>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    return (await this.query(sql, params)).rows as T[];
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<SqlRunResult> {
    return { changes: (await this.query(sql, params)).rowCount ?? 0 };
  }

  async exec(sql: string): Promise<void> {
    // no values: pg sends the simple query protocol, which takes several statements
    await this.send(sql, undefined);
  }

  private query(sql: string, params: readonly SqlValue[]): Promise<QueryResult> {
    const { text, count } = toPositional(sql);
    if (count !== params.length) throw new Error(`SQL has ${count} parameters (?) but ${params.length} values: ${sql.trim().slice(0, 120)}`);
    return this.send(text, [...params]);
  }

  private async send(text: string, values: unknown[] | undefined): Promise<QueryResult> {
    const tx = this.als.getStore();
    if (tx && !tx.open) throw new Error("a query was issued from a transaction that has already ended (an un-awaited promise in its fn?)");
    try {
      return await (tx ? tx.client : this.pool).query({ text, values });
    } catch (e) {
      throw translateError(this.location, e);
    }
  }

  transaction<T>(fn: () => Promise<T>): Promise<T> {
    const cur = this.als.getStore();
    if (cur?.open) {
      if (cur.readOnly) return Promise.reject(new Error("a write transaction cannot start inside a read-only transaction"));
      return fn();
    }
    return this.inTransaction(false, fn);
  }

  readTransaction<T>(fn: () => Promise<T>): Promise<T> {
    const cur = this.als.getStore();
    return cur?.open ? fn() : this.inTransaction(true, fn);
  }

  private async inTransaction<T>(readOnly: boolean, fn: () => Promise<T>): Promise<T> {
    let client: PoolClient;
    try {
      client = await this.pool.connect();
    } catch (e) {
      throw translateError(this.location, e);
    }
    const tx: Tx = { client, readOnly, open: true };
    let broken: Error | undefined;
    let committing = false;
    // the pool listens for errors only on idle clients: one that dies while fn awaits something
    // else would otherwise be an unhandled 'error' event and end the process
    const onError = (e: Error) => (broken = e);
    client.on("error", onError);
    try {
      if (readOnly) {
        await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
      } else {
        await client.query("BEGIN");
        // before any write: writers queue here, fleet-wide, and commit in the order they got it
        await client.query("SELECT pg_advisory_xact_lock($1::bigint)", [WRITER_LOCK_KEY]);
      }
      const result = await this.als.run(tx, fn);
      committing = true;
      await client.query("COMMIT");
      return result;
    } catch (e) {
      if (isConnectionError(e)) broken = e as Error;
      else if (!committing) await client.query("ROLLBACK").catch((r: unknown) => (broken = r instanceof Error ? r : new Error(String(r))));
      if (committing && broken) {
        throw new StoreError("UNAVAILABLE", `database ${this.location} is unavailable: the connection failed during COMMIT, so the write may or may not have been applied`);
      }
      throw translateError(this.location, e);
    } finally {
      tx.open = false;
      client.off("error", onError);
      // a connection that failed is destroyed, never handed to the next caller
      client.release(broken);
    }
  }

  /** LISTEN on `channel` (CHANGES_CHANNEL for the change log); see pgListen.ts for the catch-up rule. */
  listen(channel: string, onNotify: (payload: string) => void, onState: (s: ListenState) => void, opts: ListenOptions = {}): Listener {
    const l = listen(this.config, channel, onNotify, onState, { ...this.sessionTimeouts, ...opts });
    this.listeners.add(l);
    return {
      close: async () => {
        this.listeners.delete(l);
        await l.close();
      },
    };
  }

  /** The fleet-wide lock `name` if free (undefined when another session holds it); see pgLocks.ts. */
  async tryAdvisoryLock(name: string, opts: AdvisoryLockOptions = {}): Promise<AdvisoryLock | undefined> {
    let lock: AdvisoryLock | undefined;
    try {
      lock = await tryAdvisoryLock(this.config, name, { ...this.sessionTimeouts, ...opts });
    } catch (e) {
      throw translateError(this.location, e);
    }
    if (!lock) return undefined;
    const held = lock;
    this.locks.add(held);
    held.signal.addEventListener("abort", () => this.locks.delete(held), { once: true });
    return held;
  }

  async close(): Promise<void> {
    await Promise.all([...this.listeners].map((l) => l.close()));
    await Promise.all([...this.locks].map((l) => l.release()));
    await this.pool.end();
  }
}

/**
 * Opens the pool and checks the server once: an unreachable database rejects with StoreError
 * UNAVAILABLE (the caller retries with backoff), a server older than PostgreSQL 11 is refused.
 */
export async function openPostgres(opts: PostgresEngineOptions): Promise<PostgresEngine> {
  const engine = new PostgresEngine(opts);
  try {
    const row = await engine.get<{ v: string }>("SELECT current_setting('server_version_num') AS v");
    const v = Number(row?.v);
    if (!(v >= MIN_SERVER_VERSION)) throw new Error(`database ${engine.location} runs PostgreSQL server_version_num ${row?.v}; xks-proxy needs 11 or newer`);
    return engine;
  } catch (e) {
    await engine.close();
    throw e;
  }
}
