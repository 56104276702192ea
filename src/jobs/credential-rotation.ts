import { randomUUID } from "node:crypto";
import { describeStore } from "../aws/keyStores.js";
import { AwsKmsError } from "../aws/errors.js";
import { awsMessage } from "../admin/aws-errors.js";
import { linkedConnection, withKms } from "../admin/aws-link.js";
import { pushNewCredential, recordPushed, type PushDeps } from "../admin/credential-push.js";
import type { NewAuditRecord } from "../store/audit.js";
import type { RotationJob } from "../store/index.js";
import { PeriodicPass } from "./periodic.js";

export interface CredentialRotationOptions {
  /** how often due jobs are looked for (config credentialRotation.tickMs) */
  tickMs: number;
  /**
   * how long AWS must have held a new credential before older ones are deleted (config
   * credentialRotation.pruneGraceSeconds): AWS's hosts switch over to a new credential gradually
   */
  graceMs: number;
  now?: () => number;
  /** told about each completed step, for the log (never a secret) */
  onEvent?: (e: { keyStoreId: string; event: "pushed" | "pruned" | "failed"; detail: string }) => void;
}

const ACTOR = "credential-rotation-job";
/** AWS settled with the credential: a DISCONNECTED store holds it too, and does not use the proxy */
const SETTLED = new Set(["CONNECTED", "DISCONNECTED"]);

function record(operation: string, keyStoreId: string, targetId: string, outcome: "success" | "failure", kmsRequestId = "", errorName = ""): NewAuditRecord {
  return { id: randomUUID(), at: new Date().toISOString(), kind: "admin", operation, outcome, errorName, keyStoreId, keyId: "", kmsRequestId, actor: ACTOR, targetId, count: 1 };
}

const describe = (e: unknown): string => (e instanceof AwsKmsError ? awsMessage(e) : e instanceof Error ? e.message : String(e));

/**
 * Scheduled credential rotation of linked key stores (migration 9), run by one node of a fleet
 * (a Singleton lease). Each run of a store: create a credential (recorded as pending), give it to
 * AWS, record that AWS holds it (step "pushed"); then, on the same or a later tick, once AWS reports
 * the store settled with that credential and the grace period is over, delete the oldest
 * credentials beyond the job's keep count and schedule the next run. Every step is recorded before
 * the next begins, or repeats harmlessly, so a crash or an AWS error anywhere leaves a state the
 * next tick completes.
 */
export class CredentialRotation {
  private readonly now: () => number;
  private readonly periodic: PeriodicPass<void>;

  constructor(
    private readonly deps: PushDeps,
    private readonly o: CredentialRotationOptions,
  ) {
    this.now = o.now ?? Date.now;
    this.periodic = new PeriodicPass(() => this.pass(), o.tickMs);
  }

  start(): void {
    this.periodic.start();
  }

  /** One pass over the due jobs; a pass already running is joined. Failures are recorded on the job. */
  runOnce(): Promise<void> {
    return this.periodic.runOnce();
  }

  stop(): Promise<void> {
    return this.periodic.stop();
  }

  private async pass(): Promise<void> {
    let due: RotationJob[];
    try {
      due = await this.deps.store.rotationJobs.due(this.now());
    } catch (e) {
      this.o.onEvent?.({ keyStoreId: "", event: "failed", detail: describe(e) });
      return;
    }
    for (const job of due) {
      if (this.periodic.stopped) return;
      try {
        await this.advance(job);
      } catch (e) {
        const detail = describe(e);
        this.o.onEvent?.({ keyStoreId: job.keyStoreId, event: "failed", detail });
        try {
          // retried at the next tick
          await this.deps.store.rotationJobs.progress(job.keyStoreId, { lastError: detail });
        } catch (re) {
          this.o.onEvent?.({ keyStoreId: job.keyStoreId, event: "failed", detail: describe(re) });
        }
      }
    }
  }

  private async advance(job: RotationJob): Promise<void> {
    const { store } = this.deps;
    const ks = await store.keyStores.find(job.keyStoreId);
    if (!ks) return; // deleted meanwhile (its job row went with it)
    if (!ks.linkedState || !ks.awsCustomKeyStoreId) throw new Error(`key store ${ks.id} is no longer linked with AWS KMS; the job waits until it is linked again (or is disabled)`);
    let pushedMs = job.pushedMs;
    if (job.step === "idle") {
      let p;
      try {
        p = await pushNewCredential(this.deps, ks);
      } catch (e) {
        const aws = e instanceof AwsKmsError ? e : undefined;
        await store.audit.insertMany([record("CredentialRotationJob.Rotate", ks.id, "", "failure", aws?.requestId, aws?.awsName ?? (e instanceof Error ? e.name : "Error"))]);
        throw e;
      }
      pushedMs = this.now();
      await store.transaction(async () => {
        await recordPushed(this.deps, ks.id, p.credential.id);
        await store.audit.insertMany([record("CredentialRotationJob.Rotate", ks.id, p.credential.id, "success", p.requestId)]);
        await store.rotationJobs.progress(ks.id, { step: "pushed", pushedMs, lastError: "" });
      });
      this.o.onEvent?.({ keyStoreId: ks.id, event: "pushed", detail: `AWS holds credential ${p.credential.id} (access key id ${p.credential.accessKeyId})` });
    }

    // AWS holds the new credential: wait until it reports the store settled with it
    const held = await store.keyStores.get(ks.id);
    const cred = await store.credentials.get(ks.id, held.awsCredentialId);
    const conn = await linkedConnection(this.deps, held);
    const aws = await withKms(this.deps, conn, held.region, (client) => describeStore(client, held.awsCustomKeyStoreId));
    if (aws.accessKeyId !== cred.accessKeyId) throw new Error(`AWS reports access key id ${aws.accessKeyId} for the store, not ${cred.accessKeyId} which it was given; old credentials are kept`);
    if (!SETTLED.has(aws.connectionState)) throw new Error(`AWS reports the store ${aws.connectionState}${aws.connectionErrorCode ? ` (${aws.connectionErrorCode})` : ""}; old credentials are kept until it is CONNECTED`);
    if (this.now() < pushedMs + this.o.graceMs) return;

    const all = await store.credentials.allOf(ks.id);
    let excess = all.length - job.keep;
    const pruned: string[] = [];
    for (const c of all) {
      if (excess <= 0) break;
      if (c.id === held.awsCredentialId || c.id === held.awsPendingCredentialId) continue;
      await store.transaction(async () => {
        await store.credentials.delete(ks.id, c.id);
        await store.audit.insertMany([record("CredentialRotationJob.Prune", ks.id, c.id, "success")]);
      });
      pruned.push(c.id);
      excess--;
    }
    if (pruned.length > 0) await this.deps.onChange();
    const interval = job.intervalSeconds * 1000;
    // a daemon that was down for several intervals rotates once, not once per missed interval
    const nextRunMs = Math.max(pushedMs + interval, this.now() + Math.min(interval, this.o.tickMs));
    await store.rotationJobs.progress(ks.id, { step: "idle", runs: job.runs + 1, lastRunAt: new Date(this.now()).toISOString(), lastError: "", nextRunMs });
    this.o.onEvent?.({ keyStoreId: ks.id, event: "pruned", detail: pruned.length ? `deleted credentials ${pruned.join(", ")}` : "no credential beyond the keep count" });
  }
}
