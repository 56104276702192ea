import { notFound } from "./errors.js";
import { listPage, type ListParams, type Page } from "./list.js";
import { bool, int, newId, nowIso } from "./rows.js";
import type { SqlEngine } from "./sql/executor.js";

/** The seed's overall_status values, and "cancelled" for a job stopped by `sync-job cancel`. */
export type SyncJobStatus = "in_progress" | "completed" | "failed" | "cancelled";

/** One thing a job could not synchronize: AWS's exception name and message, and what it was. */
export interface SyncItemError {
  item: string;
  awsException: string;
  message: string;
}

export interface SyncJob {
  id: string;
  /** kms connection ids */
  kms: string[];
  /** [] = every region of each connection */
  regions: string[];
  synchronizeAll: boolean;
  status: SyncJobStatus;
  /** cancel was requested; the job stops at its next item */
  abort: boolean;
  /** "<account>/<region>" → how far that region got */
  detailedStatus: Record<string, string>;
  itemsTotal: number;
  itemsDone: number;
  errors: SyncItemError[];
  /** what the job changed here, one line each */
  changes: string[];
  /** why the job as a whole failed; "" otherwise */
  error: string;
  /** the fleet node running it */
  ownerNode: string;
  createdAt: string;
  updatedAt: string;
}

interface Row {
  id: string;
  kms: string;
  regions: string;
  synchronize_all: number;
  overall_status: SyncJobStatus;
  abort_requested: number;
  detailed_status: string;
  items_total: number;
  items_done: number;
  errors: string;
  changes: string;
  error: string;
  owner_node: string;
  created_at: string;
  updated_at: string;
}

const COLUMNS =
  "id, kms, regions, synchronize_all, overall_status, abort_requested, detailed_status, items_total, items_done, errors, changes, error, owner_node, created_at, updated_at";

const toJob = (r: Row): SyncJob => ({
  id: r.id,
  kms: JSON.parse(r.kms) as string[],
  regions: JSON.parse(r.regions) as string[],
  synchronizeAll: bool(r.synchronize_all),
  status: r.overall_status,
  abort: bool(r.abort_requested),
  detailedStatus: JSON.parse(r.detailed_status) as Record<string, string>,
  itemsTotal: Number(r.items_total),
  itemsDone: Number(r.items_done),
  errors: JSON.parse(r.errors) as SyncItemError[],
  changes: JSON.parse(r.changes) as string[],
  error: r.error,
  ownerNode: r.owner_node,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** What a running job writes after each item: its whole progress, in one statement. */
export interface SyncProgress {
  detailedStatus: Record<string, string>;
  itemsTotal: number;
  itemsDone: number;
  errors: SyncItemError[];
  changes: string[];
}

/**
 * Synchronization jobs. Plain autocommit writes (no change-log entry): a job is admin-plane
 * bookkeeping, and its progress must be readable by every node while it runs.
 */
export class SyncJobRepo {
  constructor(private readonly sql: SqlEngine) {}

  async create(j: { kms: string[]; regions: string[]; synchronizeAll: boolean; ownerNode: string }): Promise<SyncJob> {
    const id = newId();
    const now = nowIso();
    await this.sql.run(`INSERT INTO sync_jobs (id, kms, regions, synchronize_all, overall_status, owner_node, created_at, updated_at) VALUES (?, ?, ?, ?, 'in_progress', ?, ?, ?)`, [
      id,
      JSON.stringify(j.kms),
      JSON.stringify(j.regions),
      int(j.synchronizeAll),
      j.ownerNode,
      now,
      now,
    ]);
    return this.get(id);
  }

  async get(id: string): Promise<SyncJob> {
    const r = await this.sql.get<Row>(`SELECT ${COLUMNS} FROM sync_jobs WHERE id = ?`, [id]);
    if (!r) throw notFound("sync job", id);
    return toJob(r);
  }

  async inProgress(): Promise<SyncJob[]> {
    return (await this.sql.all<Row>(`SELECT ${COLUMNS} FROM sync_jobs WHERE overall_status = 'in_progress' ORDER BY created_at, id`)).map(toJob);
  }

  /** Progress of a job still in progress; false when it is not (cancelled meanwhile, or failed by another node). */
  async progress(id: string, p: SyncProgress): Promise<boolean> {
    const n = await this.sql.run(
      `UPDATE sync_jobs SET detailed_status = ?, items_total = ?, items_done = ?, errors = ?, changes = ?, updated_at = ? WHERE id = ? AND overall_status = 'in_progress'`,
      [JSON.stringify(p.detailedStatus), p.itemsTotal, p.itemsDone, JSON.stringify(p.errors), JSON.stringify(p.changes), nowIso(), id],
    );
    return n.changes > 0;
  }

  /** Ends a job still in progress with its final status (a job already ended keeps its own). */
  async finish(id: string, status: Exclude<SyncJobStatus, "in_progress">, error: string): Promise<SyncJob> {
    await this.sql.run(`UPDATE sync_jobs SET overall_status = ?, error = ?, updated_at = ? WHERE id = ? AND overall_status = 'in_progress'`, [status, error, nowIso(), id]);
    return this.get(id);
  }

  /** Asks a job in progress to stop at its next item; a finished job is answered as it is. */
  async requestAbort(id: string): Promise<SyncJob> {
    await this.get(id);
    await this.sql.run(`UPDATE sync_jobs SET abort_requested = 1, updated_at = ? WHERE id = ? AND overall_status = 'in_progress'`, [nowIso(), id]);
    return this.get(id);
  }

  async abortRequested(id: string): Promise<boolean> {
    const r = await this.sql.get<{ a: number }>(`SELECT abort_requested AS a FROM sync_jobs WHERE id = ?`, [id]);
    return r ? bool(r.a) : true;
  }

  list(f: { status?: string; id?: string }, p: ListParams): Promise<Page<SyncJob>> {
    return listPage<Row, SyncJob>(
      this.sql,
      {
        from: "sync_jobs",
        select: COLUMNS,
        sortable: { id: "id", overall_status: "overall_status", createdAt: "created_at", updatedAt: "updated_at" },
        filters: [
          ["id = ?", f.id],
          ["overall_status = ?", f.status],
        ],
        tieBreaker: "id",
        defaultSort: "-createdAt",
      },
      p,
      toJob,
    );
  }
}
