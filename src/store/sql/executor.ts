/**
 * The seam between the repositories and a database engine. Repositories write plain SQL that both
 * engines accept (`?` placeholders, integers for booleans, TEXT for JSON and ISO-8601 times, BLOB/
 * BYTEA for sealed bytes) and run it through an executor; an engine (sql/sqlite.ts, sql/postgres.ts)
 * supplies the connection, the transaction and the translation of its own error codes.
 *
 * Why hand-written and not a query builder: the repositories' SQL is already portable, and the two
 * places the dialects differ (DDL, triggers) are migrations, which no builder makes portable anyway.
 */
export type Dialect = "sqlite" | "postgres";

/** A parameter value. Booleans are written as 0/1 by the repositories (store/rows.ts). */
export type SqlValue = string | number | Buffer | null;

export interface SqlRunResult {
  /** rows inserted, updated or deleted */
  changes: number;
}

export interface SqlExecutor {
  readonly dialect: Dialect;
  /** The first row, or undefined. BIGINT columns and COUNT(*) come back as JS numbers on both engines. */
  get<T>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined>;
  all<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  run(sql: string, params?: readonly SqlValue[]): Promise<SqlRunResult>;
  /** Several statements without parameters (migrations, DDL). */
  exec(sql: string): Promise<void>;
}

export interface SqlEngine extends SqlExecutor {
  /**
   * Runs fn in one write transaction and commits it when fn resolves (rolls back when it throws).
   * Writers are serialized across the whole database — SQLite: BEGIN IMMEDIATE; PostgreSQL: a
   * transaction-level advisory lock taken first — so the change log's seq order is commit order
   * and a read-check-write inside fn is never interleaved with another writer. Every query issued
   * from fn's async context (any repository, any depth) runs inside the transaction; queries from
   * other contexts wait for it (SQLite) or use another connection (PostgreSQL).
   */
  transaction<T>(fn: () => Promise<T>): Promise<T>;
  /** Runs fn in one read-only snapshot (several queries that must agree, e.g. a state load). */
  readTransaction<T>(fn: () => Promise<T>): Promise<T>;
  /** Where the data lives, for messages: a file path or a URL without its password. */
  readonly location: string;
  close(): Promise<void>;
}
