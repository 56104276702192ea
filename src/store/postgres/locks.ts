/**
 * PostgreSQL advisory locks for work that must run once per fleet: a session-level lock per job,
 * held on a connection of its own for as long as the node does the job.
 */
import { createHash } from "node:crypto";
import type { ClientConfig } from "pg";
import { openSession } from "./session.js";

/** A singleton job's lock key: 64 bits of SHA-256("xks-proxy:" + name), as a signed BIGINT. */
export function lockKey(name: string): string {
  return createHash("sha256").update(`xks-proxy:${name}`).digest().readBigInt64BE(0).toString();
}

export interface AdvisoryLock {
  readonly name: string;
  /**
   * Aborted when the lock is no longer held: its session died (connection lost, backend
   * terminated, ping unanswered) or release() was called. The reason says which. Work guarded by
   * the lock stops when this fires; another node may take the lock right after.
   */
  readonly signal: AbortSignal;
  release(): Promise<void>;
}

export interface AdvisoryLockOptions {
  /** how often the holding session is checked (default 5000 ms) */
  pingMs?: number;
  connectTimeoutMs?: number;
}

/**
 * Takes the session-level lock `name` on a connection of its own if nobody holds it; undefined when
 * another session does. Connection failures reject (the caller translates them).
 */
export async function tryAdvisoryLock(config: ClientConfig, name: string, opts: AdvisoryLockOptions = {}): Promise<AdvisoryLock | undefined> {
  const key = lockKey(name);
  const session = await openSession({ ...config, application_name: `xks-proxy lock ${name}` }, opts.pingMs ?? 5000, opts.connectTimeoutMs ?? 5000);
  let got: boolean;
  try {
    const r = await session.client.query<{ got: boolean }>("SELECT pg_try_advisory_lock($1::bigint) AS got", [key]);
    got = r.rows[0]?.got === true;
  } catch (e) {
    await session.end();
    throw e;
  }
  if (!got) {
    await session.end();
    return undefined;
  }
  const ac = new AbortController();
  void session.gone.then((reason) => ac.abort(new Error(`advisory lock ${name} lost: ${reason}`)));
  return {
    name,
    signal: ac.signal,
    async release() {
      if (ac.signal.aborted) return;
      ac.abort(new Error(`advisory lock ${name} released`));
      // ending the session releases the lock too; the explicit unlock makes it immediate
      await session.client.query("SELECT pg_advisory_unlock($1::bigint)", [key]).catch(() => undefined);
      await session.end();
    },
  };
}
