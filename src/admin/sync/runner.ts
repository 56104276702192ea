import type { KMSClient } from "@aws-sdk/client-kms";
import { describeAwsKey, listAwsKeyIds, listAwsStores, type AwsKeyView } from "../../aws/inventory.js";
import { AwsKmsError } from "../../aws/errors.js";
import { randomUUID } from "node:crypto";
import type { KmsConnection, SyncJob, SyncProgress } from "../../store/index.js";
import { withKms } from "../aws-link.js";
import type { AdminDeps } from "../deps.js";
import type { LogInternal } from "../errors.js";
import { reconcileHyokKey, reconcileStore, type AwsKeys, type Reconciled } from "./reconcile.js";

/** One connection in one region: what a job reads from AWS KMS with one client. */
export interface SyncUnit {
  conn: KmsConnection;
  region: string;
}

/** The seed's words for a region that synchronized. */
const REGION_DONE = "region synchronized successfully";

class Stopped extends Error {
  constructor(readonly status: "cancelled" | "failed", message: string) {
    super(message);
  }
}

const unitName = (u: SyncUnit) => `${u.conn.accountId}/${u.region}`;

/**
 * Runs synchronization jobs in the node that accepted them. Each job reads AWS KMS per connection
 * and region, reconciles the linked key stores and HYOK keys there, and writes its progress after
 * every item; before every item it reads the job's abort flag, so `sync-job cancel` on any node
 * stops it there. close() stops the jobs of this node and records them failed.
 */
export class SyncRunner {
  readonly #running = new Map<string, Promise<void>>();
  /** aborted by close(): AWS calls in flight end at once, so a stopping daemon never waits on AWS */
  readonly #closing = new AbortController();

  constructor(
    private readonly deps: AdminDeps,
    private readonly logInternal: LogInternal,
  ) {}

  /** Runs the job in the background; `actor` (who started it) is named in the audit records of its changes. */
  start(job: SyncJob, units: SyncUnit[], actor: string): void {
    const run = this.run(job, units, actor)
      .catch((e: unknown) => {
        this.logInternal("SyncJob.Run", e);
        return this.deps.store.syncJobs.finish(job.id, "failed", `internal error: ${e instanceof Error ? e.message : String(e)}`).then(() => undefined);
      })
      .catch((e: unknown) => this.logInternal("SyncJob.Finish", e))
      .finally(() => this.#running.delete(job.id));
    this.#running.set(job.id, run);
  }

  /** whether this runner is running the job now */
  has(id: string): boolean {
    return this.#running.has(id);
  }

  async close(): Promise<void> {
    this.#closing.abort();
    await Promise.all(this.#running.values());
  }

  /**
   * Audits one thing the job did: a change, with the AWS request whose answer it follows, or a
   * region AWS refused, with AWS's exception name.
   */
  private async audit(actor: string, operation: string, outcome: "success" | "failure", target: { targetId: string; keyStoreId?: string; kmsRequestId: string; errorName?: string }): Promise<void> {
    await this.deps.store.audit.insertMany([
      {
        id: randomUUID(),
        at: new Date().toISOString(),
        kind: "admin",
        operation,
        outcome,
        errorName: target.errorName ?? "",
        keyStoreId: target.keyStoreId ?? "",
        keyId: "",
        kmsRequestId: target.kmsRequestId,
        actor,
        targetId: target.targetId,
        count: 1,
      },
    ]);
  }

  private async run(job: SyncJob, units: SyncUnit[], actor: string): Promise<void> {
    const { store } = this.deps;
    const p: SyncProgress = { detailedStatus: Object.fromEntries(units.map((u) => [unitName(u), "pending"])), itemsTotal: 0, itemsDone: 0, errors: [], changes: [] };
    const save = async () => {
      if (!(await store.syncJobs.progress(job.id, p))) throw new Stopped("failed", "the job was ended elsewhere");
    };
    const next = async () => {
      this.stopping();
      if (await store.syncJobs.abortRequested(job.id)) throw new Stopped("cancelled", "");
    };
    try {
      await save();
      for (const u of units) {
        await next();
        const name = unitName(u);
        p.detailedStatus[name] = "in progress";
        await save();
        const before = p.errors.length;
        try {
          await withKms(this.deps, u.conn, u.region, (client) => this.unit(client, u, p, { save, next, actor }));
          p.detailedStatus[name] = p.errors.length === before ? REGION_DONE : `synchronized with ${p.errors.length - before} error(s)`;
        } catch (e) {
          this.stopping();
          if (!(e instanceof AwsKmsError)) throw e;
          p.errors.push({ item: name, awsException: e.awsName, message: e.message });
          p.detailedStatus[name] = `failed: ${e.awsName}`;
          await this.audit(actor, "SyncJob.Read", "failure", { targetId: job.id, kmsRequestId: e.requestId, errorName: e.awsName });
        }
        await save();
      }
    } catch (e) {
      if (!(e instanceof Stopped)) throw e;
      for (const [k, v] of Object.entries(p.detailedStatus)) if (v === "pending" || v === "in progress") p.detailedStatus[k] = e.status === "cancelled" ? "cancelled" : "stopped";
      await store.syncJobs.progress(job.id, p);
      await store.syncJobs.finish(job.id, e.status, e.message);
      return;
    }
    await store.syncJobs.finish(job.id, p.errors.length ? "failed" : "completed", p.errors.length ? `${p.errors.length} item(s) could not be synchronized; see errors` : "");
  }

  /** Throws when the daemon is stopping: the job ends failed, saying so. */
  private stopping(): void {
    if (this.#closing.signal.aborted) throw new Stopped("failed", "the daemon running the job stopped before it finished");
  }

  /** One connection and region: read AWS, then reconcile each linked store and its HYOK keys. */
  private async unit(client: KMSClient, u: SyncUnit, p: SyncProgress, j: { save: () => Promise<void>; next: () => Promise<void>; actor: string }): Promise<void> {
    const { store } = this.deps;
    const { save, next } = j;
    const listed = await listAwsStores(client, this.#closing.signal);
    const awsStores = new Map(listed.stores.map((s) => [s.customKeyStoreId, s]));
    const { ids: keyIds, requestId: keysRequestId } = await listAwsKeyIds(client, this.#closing.signal);
    const ours = (await store.keyStores.all()).filter((ks) => ks.linkedState && ks.awsCustomKeyStoreId && ks.kmsConnectionId === u.conn.id && ks.region === u.region);
    const ourAwsIds = new Set(ours.map((ks) => ks.awsCustomKeyStoreId));
    const hyok = (await store.hyokKeys.all()).filter((hk) => ours.some((ks) => ks.id === hk.keyStoreId));
    p.itemsTotal += keyIds.length + ours.length + hyok.length;
    await save();

    const aws: AwsKeys = { byId: new Map(), byExternalKey: new Map(), unknown: new Set() };
    for (const id of keyIds) {
      await next();
      try {
        const m: AwsKeyView = await describeAwsKey(client, id, this.#closing.signal);
        if (ourAwsIds.has(m.customKeyStoreId)) {
          aws.byId.set(m.keyId, m);
          if (m.keyState !== "PendingDeletion") aws.byExternalKey.set(`${m.customKeyStoreId}/${m.xksKeyId}`, m);
        }
      } catch (e) {
        this.stopping();
        if (!(e instanceof AwsKmsError)) throw e;
        // a key deleted between ListKeys and DescribeKey is simply gone
        if (e.awsName !== "NotFoundException") {
          aws.unknown.add(id);
          p.errors.push({ item: `AWS KMS key ${id}`, awsException: e.awsName, message: e.message });
        }
      }
      p.itemsDone++;
      await save();
    }
    // each change and its audit record commit together
    const apply = async (targetId: string, keyStoreId: string, fn: () => Promise<Reconciled | undefined>) => {
      const r = await store.transaction(async () => {
        const done = await fn();
        if (done) await this.audit(j.actor, "SyncJob.Reconcile", "success", { targetId, keyStoreId, kmsRequestId: done.kmsRequestId });
        return done;
      });
      if (!r) return;
      p.changes.push(r.change);
      await this.deps.onChange();
    };
    for (const ks of ours) {
      await next();
      await apply(ks.id, ks.id, () => reconcileStore(store, ks, awsStores.get(ks.awsCustomKeyStoreId), listed.requestId));
      p.itemsDone++;
      await save();
    }
    for (const hk of hyok) {
      await next();
      const ks = ours.find((s) => s.id === hk.keyStoreId)!;
      await apply(hk.id, ks.id, () => reconcileHyokKey(store, hk, ks, aws, keysRequestId));
      p.itemsDone++;
      await save();
    }
  }
}
