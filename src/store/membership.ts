import type { SqlExecutor } from "./sql/executor.js";

/** A daemon as the fleet table records it. */
export interface FleetNode {
  id: string;
  host: string;
  version: string;
  appliedSeq: number;
  startedAt: string;
  /** the database's clock at the node's last heartbeat, ms since the epoch */
  lastSeenMs: number;
  /** seen within the timeout */
  live: boolean;
}

export interface MembershipOptions {
  /** how often this node heartbeats */
  heartbeatMs: number;
  /** a node not seen for this long is dead: it leaves the live count (and the rate-limit shares) */
  timeoutMs: number;
  /** this node's last applied change-log seq, reported with each heartbeat */
  appliedSeq: () => number;
  /** told whenever the number of live nodes changes (at least 1: this node) */
  onLiveCount: (n: number) => void;
  /** after each timed heartbeat: no error, or why it failed (the last known count then stays in force) */
  onBeat: (error?: unknown) => void;
}

interface Row {
  id: string;
  host: string;
  version: string;
  applied_seq: number;
  started_at: string;
  last_seen_ms: number;
  now_ms: number;
}

/** The database's clock, in ms: liveness never compares two nodes' clocks. */
const NOW_MS = { sqlite: "CAST(unixepoch('subsec') * 1000 AS INTEGER)", postgres: "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)" } as const;

/** Rows of nodes dead this long are removed by the next heartbeat of any node. */
const FORGET_AFTER_MS = 24 * 3600 * 1000;

/**
 * Fleet membership: this node's row in fleet_nodes, kept fresh by a heartbeat, and the live count
 * read back from it. Writes are plain autocommit statements (no change-log entry: membership is
 * not key state and must keep working while admin writes queue).
 */
export class FleetMembership {
  #timer: NodeJS.Timeout | undefined;
  #live = 1;
  #beating: Promise<void> | undefined;

  constructor(
    private readonly sql: SqlExecutor,
    readonly self: { id: string; host: string; version: string; startedAt: string },
    private readonly o: MembershipOptions,
  ) {}

  private get now(): string {
    return NOW_MS[this.sql.dialect];
  }

  /** live nodes as of the last heartbeat (at least 1) */
  get liveCount(): number {
    return this.#live;
  }

  /** Registers this node (one heartbeat) and starts the timer. Throws when the database cannot be reached. */
  async start(): Promise<void> {
    await this.beat();
    this.#timer = setInterval(() => {
      // a slow database must not stack heartbeats
      this.#beating ??= this.beat()
        .then(() => this.o.onBeat(), (e: unknown) => this.o.onBeat(e))
        .finally(() => (this.#beating = undefined));
    }, this.o.heartbeatMs);
    this.#timer.unref();
  }

  /** One heartbeat: upsert this node's row, forget long-dead rows, recount the live ones. */
  async beat(): Promise<void> {
    const s = this.self;
    await this.sql.run(
      `INSERT INTO fleet_nodes (id, host, version, applied_seq, started_at, last_seen_ms) VALUES (?, ?, ?, ?, ?, ${this.now})
       ON CONFLICT (id) DO UPDATE SET applied_seq = excluded.applied_seq, last_seen_ms = excluded.last_seen_ms`,
      [s.id, s.host, s.version, this.o.appliedSeq(), s.startedAt],
    );
    await this.sql.run(`DELETE FROM fleet_nodes WHERE last_seen_ms < ${this.now} - ?`, [FORGET_AFTER_MS]);
    const row = await this.sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM fleet_nodes WHERE last_seen_ms >= ${this.now} - ?`, [this.o.timeoutMs]);
    const live = Math.max(1, Number(row?.n ?? 1));
    if (live !== this.#live) {
      this.#live = live;
      this.o.onLiveCount(live);
    }
  }

  /** Every recorded node, live ones first, each once. */
  async list(): Promise<FleetNode[]> {
    const rows = await this.sql.all<Row>(
      `SELECT id, host, version, applied_seq, started_at, last_seen_ms, ${this.now} AS now_ms FROM fleet_nodes ORDER BY last_seen_ms DESC, id`,
    );
    return rows.map((r) => ({
      id: r.id,
      host: r.host,
      version: r.version,
      appliedSeq: Number(r.applied_seq),
      startedAt: r.started_at,
      lastSeenMs: Number(r.last_seen_ms),
      live: Number(r.now_ms) - Number(r.last_seen_ms) <= this.o.timeoutMs,
    }));
  }

  /**
   * Forgets every other node's row: for the embedded store, where the data dir lock makes this
   * daemon the only one and rows left by an earlier run of it (killed) are not live nodes.
   */
  async forgetOthers(): Promise<void> {
    await this.sql.run(`DELETE FROM fleet_nodes WHERE id <> ?`, [this.self.id]);
  }

  /** Stops the heartbeat and removes this node's row, so the others recount at their next beat. */
  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#beating;
    await this.sql.run(`DELETE FROM fleet_nodes WHERE id = ?`, [this.self.id]);
  }
}
