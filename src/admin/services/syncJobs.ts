import type * as grpc from "@grpc/grpc-js";
import type { KmsConnection, SyncJob } from "../../store/index.js";
import type { AdminDeps } from "../deps.js";
import { exists, invalid, precondition } from "../errors.js";
import { syncJobMsg } from "../mappers.js";
import type { IdRequest, ListResponse, ListSyncJobsRequest, SyncJobMsg, SyncKeyStoresRequest } from "../messages.js";
import type { Reservations } from "../reservations.js";
import type { CallContext } from "../rpc.js";
import type { SyncRunner, SyncUnit } from "../sync/runner.js";
import * as v from "../validate.js";
import type { ServiceContext } from "./context.js";

const STATUSES = ["in_progress", "completed", "failed", "cancelled"] as const;

/** The jobs this server runs and the node it is, for telling a crashed node's jobs from live ones. */
export interface SyncJobs {
  runner: SyncRunner;
  selfId: string;
}

/** The connections and regions a request names; every refusal names the bad input. */
async function units(deps: AdminDeps, req: SyncKeyStoresRequest): Promise<{ conns: KmsConnection[]; units: SyncUnit[] }> {
  if (req.synchronize_all) {
    if (req.kms.length || req.regions.length) throw invalid("synchronize_all", "is mutually exclusive with kms and regions: give --synchronize-all alone, or --kms (and --regions)");
    const conns: KmsConnection[] = [];
    for (let skip = 0; ; skip += 1000) {
      const page = await deps.store.kmsConnections.list({}, { skip, limit: 1000 });
      conns.push(...page.resources);
      if (conns.length >= page.total || !page.resources.length) break;
    }
    if (!conns.length) throw precondition("there are no AWS connections to synchronize; create one with `kms create` first");
    return { conns, units: conns.flatMap((conn) => conn.regions.map((region) => ({ conn, region }))) };
  }
  if (!req.kms.length) throw invalid("kms", "is required: name the AWS connection(s) to synchronize (by name or id), or give --synchronize-all");
  if (req.kms.length > 64) throw invalid("kms", `at most 64 connections (got ${req.kms.length})`);
  const conns: KmsConnection[] = [];
  for (const ref of req.kms) {
    const conn = await deps.store.kmsConnections.resolve(v.required(ref.trim(), "kms"));
    if (!conns.some((c) => c.id === conn.id)) conns.push(conn);
  }
  const regions = [...new Set(req.regions.map((r) => v.region(r.trim(), "regions")))];
  for (const conn of conns) {
    for (const r of regions) if (!conn.regions.includes(r)) throw invalid("regions", `${r} is not a region of AWS connection ${conn.name} (${conn.regions.join(", ")})`);
  }
  return { conns, units: conns.flatMap((conn) => (regions.length ? regions : conn.regions).map((region) => ({ conn, region }))) };
}

/**
 * A job still in progress whose node is gone (crashed, killed, restarted: node ids are per start)
 * can never finish: it is failed, so no job stays in_progress forever. This node's own jobs are
 * alive exactly while its runner holds them.
 */
async function failAbandoned(deps: AdminDeps, jobs: SyncJobs): Promise<void> {
  const open = await deps.store.syncJobs.inProgress();
  if (!open.length) return;
  const live = new Set((await deps.fleet?.list())?.filter((n) => n.live).map((n) => n.id) ?? []);
  for (const j of open) {
    const alive = j.ownerNode === jobs.selfId ? jobs.runner.has(j.id) : live.has(j.ownerNode);
    if (!alive) await deps.store.syncJobs.finish(j.id, "failed", `the node that ran the job (${j.ownerNode}) stopped before it finished`);
  }
}

/** keystore sync: validates, records the job and starts it here; answers the job at once. */
export async function startSync(deps: AdminDeps, jobs: SyncJobs, reserve: Reservations, req: SyncKeyStoresRequest, c: CallContext): Promise<SyncJobMsg> {
  const plan = await units(deps, req);
  const release = reserve.take(["sync-job"], () => exists("another synchronization job is being started"));
  let job: SyncJob;
  try {
    await failAbandoned(deps, jobs);
    const running = await deps.store.syncJobs.inProgress();
    if (running.length) throw precondition(`synchronization job ${running[0]!.id} is in progress; wait for it or cancel it (sync-job cancel --id ${running[0]!.id})`);
    job = await c.commit(
      () => deps.store.syncJobs.create({ kms: plan.conns.map((x) => x.id), regions: req.synchronize_all ? [] : req.regions.map((r) => r.trim()), synchronizeAll: req.synchronize_all, ownerNode: jobs.selfId }),
      (j) => ({ targetId: j.id }),
    );
  } finally {
    release();
  }
  jobs.runner.start(job, plan.units, c.actor);
  return syncJobMsg(job);
}

/** SyncJobService: list, get and cancel synchronization jobs. */
export function syncJobService(ctx: ServiceContext, jobs: SyncJobs): grpc.UntypedServiceImplementation {
  const { deps } = ctx;
  const u = ctx.unary("SyncJobService");
  return {
    List: u<ListSyncJobsRequest, ListResponse<SyncJobMsg>>("List", { mutates: false }, async (req) => {
      await failAbandoned(deps, jobs);
      const page = await deps.store.syncJobs.list({ id: req.id, status: v.oneOf(req.overall_status, "overall_status", STATUSES) }, v.pageParams(req));
      return { ...page, resources: page.resources.map(syncJobMsg) };
    }),
    Get: u<IdRequest, SyncJobMsg>("Get", { mutates: false }, async (req) => {
      const id = v.required(req.id, "id");
      await failAbandoned(deps, jobs);
      return syncJobMsg(await deps.store.syncJobs.get(id));
    }),
    Cancel: u<IdRequest, SyncJobMsg>("Cancel", { mutates: true, target: (q) => ({ targetId: q.id }) }, async (req, c) => {
      const id = v.required(req.id, "id");
      await failAbandoned(deps, jobs);
      const cur = await deps.store.syncJobs.get(id);
      if (cur.status !== "in_progress") throw precondition(`synchronization job ${id} is already ${cur.status}`);
      return syncJobMsg(await c.commit(() => deps.store.syncJobs.requestAbort(id), (j) => ({ targetId: j.id })));
    }),
  };
}
