import { notFound } from "./errors.js";
import { nowIso } from "./rows.js";
import type { SqlEngine } from "./sql/executor.js";

/**
 * A key store's scheduled credential rotation (migration 9) and where its current run stands:
 * "idle" waits for next_run_ms; "pushed" means AWS took a new credential at pushedMs and the old
 * ones are pruned once AWS has settled and the grace period is over.
 */
export interface RotationJob {
  keyStoreId: string;
  /** the seed's labels.job_config_id */
  jobConfigId: string;
  intervalSeconds: number;
  /** credentials the store keeps after a run (the one AWS holds among them) */
  keep: number;
  nextRunMs: number;
  step: "idle" | "pushed";
  pushedMs: number;
  runs: number;
  lastRunAt: string;
  lastError: string;
  createdAt: string;
  updatedAt: string;
}

export type RotationProgress = Partial<Pick<RotationJob, "nextRunMs" | "step" | "pushedMs" | "runs" | "lastRunAt" | "lastError">>;

interface Row {
  key_store_id: string;
  job_config_id: string;
  interval_seconds: number;
  keep_credentials: number;
  next_run_ms: number | string;
  step: "idle" | "pushed";
  pushed_ms: number | string;
  runs: number;
  last_run_at: string;
  last_error: string;
  created_at: string;
  updated_at: string;
}

const toJob = (r: Row): RotationJob => ({
  keyStoreId: r.key_store_id,
  jobConfigId: r.job_config_id,
  intervalSeconds: Number(r.interval_seconds),
  keep: Number(r.keep_credentials),
  // BIGINT arrives as a string from PostgreSQL
  nextRunMs: Number(r.next_run_ms),
  step: r.step,
  pushedMs: Number(r.pushed_ms),
  runs: Number(r.runs),
  lastRunAt: r.last_run_at,
  lastError: r.last_error,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export class RotationJobRepo {
  constructor(private readonly sql: SqlEngine) {}

  async find(keyStoreId: string): Promise<RotationJob | undefined> {
    const r = await this.sql.get<Row>(`SELECT * FROM credential_rotation_jobs WHERE key_store_id = ?`, [keyStoreId]);
    return r && toJob(r);
  }

  /** Enables (or re-configures) a store's job; a job in the middle of a run keeps its step. */
  enable(keyStoreId: string, j: { jobConfigId: string; intervalSeconds: number; keep: number; nextRunMs: number }): Promise<RotationJob> {
    return this.sql.transaction(async () => {
      const now = nowIso();
      const cur = await this.find(keyStoreId);
      if (cur) {
        await this.sql.run(`UPDATE credential_rotation_jobs SET interval_seconds = ?, keep_credentials = ?, next_run_ms = ?, last_error = '', updated_at = ? WHERE key_store_id = ?`, [
          j.intervalSeconds,
          j.keep,
          j.nextRunMs,
          now,
          keyStoreId,
        ]);
      } else {
        await this.sql.run(
          `INSERT INTO credential_rotation_jobs (key_store_id, job_config_id, interval_seconds, keep_credentials, next_run_ms, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
          [keyStoreId, j.jobConfigId, j.intervalSeconds, j.keep, j.nextRunMs, now, now],
        );
      }
      return (await this.find(keyStoreId))!;
    });
  }

  async disable(keyStoreId: string): Promise<void> {
    const n = await this.sql.run(`DELETE FROM credential_rotation_jobs WHERE key_store_id = ?`, [keyStoreId]);
    if (n.changes === 0) throw notFound("credential rotation job of key store", keyStoreId);
  }

  /** Jobs with work to do at nowMs: a run that is due, or one whose push waits for its prune. */
  async due(nowMs: number): Promise<RotationJob[]> {
    return (await this.sql.all<Row>(`SELECT * FROM credential_rotation_jobs WHERE step = 'pushed' OR next_run_ms <= ? ORDER BY next_run_ms, key_store_id`, [nowMs])).map(toJob);
  }

  async progress(keyStoreId: string, p: RotationProgress): Promise<void> {
    const cur = await this.find(keyStoreId);
    if (!cur) return; // disabled meanwhile: nothing to record
    const n = { ...cur, ...p };
    await this.sql.run(
      `UPDATE credential_rotation_jobs SET next_run_ms = ?, step = ?, pushed_ms = ?, runs = ?, last_run_at = ?, last_error = ?, updated_at = ? WHERE key_store_id = ?`,
      [n.nextRunMs, n.step, n.pushedMs, n.runs, n.lastRunAt, n.lastError.slice(0, 1000), nowIso(), keyStoreId],
    );
  }
}
