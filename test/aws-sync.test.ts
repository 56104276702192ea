/**
 * Synchronization jobs end to end: a real daemon, the AWS KMS emulator on loopback, the admin API
 * over real gRPC and the built CLI. Things are changed directly in AWS (the emulator, through
 * @aws-sdk/client-kms); `keystore sync` reads AWS and brings the linked stores and HYOK keys in
 * line; progress and AWS's errors are visible on the job; cancel and a stopping daemon end a job.
 */
import {
  CreateKeyCommand,
  DeleteCustomKeyStoreCommand,
  DisableKeyCommand,
  DisconnectCustomKeyStoreCommand,
  EnableKeyCommand,
  CancelKeyDeletionCommand,
  DescribeKeyCommand,
  KMSClient,
  ListKeysCommand,
  ScheduleKeyDeletionCommand,
} from "@aws-sdk/client-kms";
import Database from "better-sqlite3";
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { KmsEmulator } from "../tools/kms-emulator/server.js";
import { startAwsRig, type AwsRig } from "./helpers/aws-rig.js";
import { startTestDaemon, type TestDaemon } from "./helpers/daemon.js";
import { openPgStore, STORE_ENGINES, useStoreEngines } from "./helpers/store-engines.js";
import { grpcError, runCli as cli } from "./helpers/cli.js";

const ACCOUNT = "111122223333";
const AWS_CRED = { accessKeyId: "AKIAXKSPROXYSYNC0001", secretAccessKey: "kms/emulator/secret/for/aws-sync/tests/000" };

type Row = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test-side JSON

const INVALID_ARGUMENT = 3;
const NOT_FOUND = 5;
const FAILED_PRECONDITION = 9;

useStoreEngines();

describe.each(STORE_ENGINES)("synchronization jobs against the KMS emulator, %s store", (engine) => {
  let t: TestDaemon;
  let emu: KmsEmulator;
  let aws: KMSClient;
  let proxyEndpoint: string;
  let env: NodeJS.ProcessEnv;
  /** the data dir of a restarted daemon (the helper removes only the ones it made) */
  let keptDataDir = "";

  const keyStore = async (name: string) => {
    const ks = await t.admin.keyStores("Create", { name, region: "us-east-1", kms: ACCOUNT, local_hosted_params: { source_key_tier: "local", max_credentials: 5 } });
    const linked = await t.admin.keyStores("Link", { id: ks.id, kms: "emulator", xks_proxy_uri_endpoint: proxyEndpoint });
    return { id: ks.id as string, awsId: linked.aws_param.custom_key_store_id as string };
  };
  const hyok = async (keyStoreId: string) => {
    const sk = await t.admin.sourceKeys("Create", { source_key_tier: "local", label: `sync-${randomBytes(4).toString("hex")}` });
    return (await t.admin.hyokKeys("Create", { local_hosted_params: { custom_key_store_id: keyStoreId, source_key_id: sk.id } })).id as string;
  };
  /** polls the job until it is no longer in progress (every poll is a real call; no sleeping) */
  const settled = async (id: string): Promise<Row> => {
    for (;;) {
      const j = await t.admin.syncJobs("Get", { id });
      if (j.overall_status !== "in_progress") return j;
    }
  };
  const cliJson = async (args: string[]): Promise<Row> => {
    const r = await cli(["admin", ...args], env);
    expect(r.err, args.join(" ")).toBe("");
    expect(r.code).toBe(0);
    return JSON.parse(r.out) as Row;
  };

  let rig: AwsRig | undefined;
  beforeAll(async () => {
    rig = await startAwsRig({ account: ACCOUNT, cred: AWS_CRED, connection: true, daemon: { store: engine } });
    ({ t, emu, aws, proxyEndpoint, env } = rig);
  });
  afterAll(async () => {
    await rig?.stop();
    if (keptDataDir) rmSync(keptDataDir, { recursive: true, force: true });
  });

  it("the emulator's key state operations follow AWS: disable, enable, cancel a deletion (Disabled), and refuse what AWS refuses", async () => {
    const k = (await aws.send(new CreateKeyCommand({}))).KeyMetadata!;
    const state = async () => (await aws.send(new DescribeKeyCommand({ KeyId: k.Arn }))).KeyMetadata!;
    await aws.send(new DisableKeyCommand({ KeyId: k.KeyId }));
    expect(await state()).toMatchObject({ KeyState: "Disabled", Enabled: false });
    await aws.send(new DisableKeyCommand({ KeyId: k.KeyId })); // idempotent, as in AWS
    await aws.send(new EnableKeyCommand({ KeyId: k.Arn }));
    expect(await state()).toMatchObject({ KeyState: "Enabled", Enabled: true });
    const notPending = await grpcError(aws.send(new CancelKeyDeletionCommand({ KeyId: k.KeyId })));
    expect((notPending as unknown as Error).name).toBe("KMSInvalidStateException");
    await aws.send(new ScheduleKeyDeletionCommand({ KeyId: k.KeyId, PendingWindowInDays: 7 }));
    expect((await grpcError(aws.send(new EnableKeyCommand({ KeyId: k.KeyId })))) as unknown as Error).toMatchObject({ name: "KMSInvalidStateException" });
    expect(await aws.send(new CancelKeyDeletionCommand({ KeyId: k.KeyId }))).toMatchObject({ KeyId: k.Arn });
    expect(await state()).toMatchObject({ KeyState: "Disabled", Enabled: false });
    expect((await state()).DeletionDate).toBeUndefined();
    expect(((await grpcError(aws.send(new DisableKeyCommand({ KeyId: "no-such-key" })))) as unknown as Error).name).toBe("NotFoundException");
    // ListKeys pages as AWS does: Limit, Truncated, NextMarker
    const other = (await aws.send(new CreateKeyCommand({}))).KeyMetadata!;
    const first = await aws.send(new ListKeysCommand({ Limit: 1 }));
    expect(first).toMatchObject({ Keys: [{ KeyId: k.KeyId }], Truncated: true });
    const rest = await aws.send(new ListKeysCommand({ Limit: 1, Marker: first.NextMarker }));
    expect(rest).toMatchObject({ Keys: [{ KeyId: other.KeyId }], Truncated: false });
    expect(rest.NextMarker).toBeUndefined();
  });

  it("refuses malformed sync requests, naming the input, from the API and the CLI", async () => {
    const cases: [Row, number, string][] = [
      [{}, INVALID_ARGUMENT, "kms"],
      [{ kms: ["emulator"], synchronize_all: true }, INVALID_ARGUMENT, "synchronize_all"],
      [{ regions: ["us-east-1"], synchronize_all: true }, INVALID_ARGUMENT, "synchronize_all"],
      [{ kms: ["no-such-connection"] }, NOT_FOUND, "no-such-connection"],
      [{ kms: ["emulator"], regions: ["ap-south-1"] }, INVALID_ARGUMENT, "ap-south-1"],
      [{ kms: ["emulator"], regions: ["mars-1"] }, INVALID_ARGUMENT, "regions"],
    ];
    for (const [req, code, word] of cases) {
      const e = await grpcError(t.admin.keyStores("Sync", req));
      expect({ code: e.code, has: e.details.includes(word) }, e.details).toEqual({ code, has: true });
    }
    const both = await cli(["admin", "keystore", "sync", "--kms", "emulator", "--synchronize-all"], env);
    expect(both.code).toBe(1);
    expect(both.err).toMatch(/INVALID_ARGUMENT.*synchronize_all/);
    const region = await cli(["admin", "keystore", "sync", "--kms", "emulator", "--regions", "us-east-1,ap-south-1"], env);
    expect(region.code).toBe(1);
    expect(region.err).toContain("ap-south-1 is not a region of AWS connection emulator (us-east-1)");
    expect((await t.admin.syncJobs("List", {})).total).toBe(0);
  });

  it("reconciles stores and HYOK keys with what changed directly in AWS", async () => {
    const a = await keyStore("sync-a");
    const b = await keyStore("sync-b");
    expect((await t.admin.keyStores("Connect", { id: a.id })).aws_param.connection_state).toBe("CONNECTED");
    const [disabled, pending, untouched, adopted] = [await hyok(a.id), await hyok(a.id), await hyok(a.id), await hyok(a.id)];
    const arn: Record<string, string> = {};
    for (const k of [disabled, pending, untouched]) arn[k] = (await t.admin.hyokKeys("Link", { id: k })).aws_param.Arn;
    // a key AWS holds for `adopted` that we never recorded (a CreateKey made outside the proxy)
    const made = (await aws.send(new CreateKeyCommand({ Origin: "EXTERNAL_KEY_STORE", CustomKeyStoreId: a.awsId, XksKeyId: adopted }))).KeyMetadata!;

    // AWS changes behind our back
    await aws.send(new DisableKeyCommand({ KeyId: arn[disabled] }));
    const scheduled = await aws.send(new ScheduleKeyDeletionCommand({ KeyId: arn[pending], PendingWindowInDays: 7 }));
    await aws.send(new DisconnectCustomKeyStoreCommand({ CustomKeyStoreId: a.awsId }));
    await aws.send(new DeleteCustomKeyStoreCommand({ CustomKeyStoreId: b.awsId }));

    const started = await cliJson(["keystore", "sync", "--kms", "emulator", "--regions", "us-east-1"]);
    expect(started).toMatchObject({ overall_status: "in_progress", regions: ["us-east-1"], synchronize_all: false, abort: false });
    expect(started.kms).toEqual([(await t.admin.kms("Get", { id: "emulator" })).id]);
    await settled(started.id);
    const job = await cliJson(["sync-job", "get", "--id", started.id]);
    expect(job).toMatchObject({ overall_status: "completed", errors: [], error: "", detailed_status: [{ region: `${ACCOUNT}/us-east-1`, status: "region synchronized successfully" }] });
    expect(job.items_done).toBe(job.items_total);
    expect(job.items_total).toBeGreaterThanOrEqual(4 + 2 + 4); // AWS keys read, our 2 stores, our 4 HYOK keys

    const storeA = await t.admin.keyStores("Get", { id: a.id });
    expect(storeA.aws_param).toMatchObject({ connection_state: "DISCONNECTED", custom_key_store_id: a.awsId });
    const storeB = await t.admin.keyStores("Get", { id: b.id });
    expect(storeB.local_hosted_params.linked_state).toBe(false);
    expect(storeB.aws_param.custom_key_store_id).toBe("");
    const key = async (id: string) => (await t.admin.hyokKeys("Get", { id })) as Row;
    expect((await key(disabled)).aws_param).toMatchObject({ KeyState: "Disabled", Arn: arn[disabled] });
    const p = await key(pending);
    expect(p.aws_param).toMatchObject({ KeyState: "PendingDeletion", Arn: arn[pending] });
    expect(p.linked_state).toBe(true);
    // a key of a disconnected external key store is Unavailable in AWS, and so here
    expect((await key(untouched)).aws_param).toMatchObject({ KeyState: "Unavailable", Arn: arn[untouched] });
    const ad = await key(adopted);
    expect(ad.linked_state).toBe(true);
    expect(ad.aws_param).toMatchObject({ Arn: made.Arn, KeyID: made.KeyId });
    const changes = job.changes as string[];
    expect(changes.some((c) => c.includes(b.id) && c.includes(`${b.awsId} no longer exists: unlinked`))).toBe(true);
    expect(changes.some((c) => c.includes(a.id) && c.includes("connection_state CONNECTED → DISCONNECTED"))).toBe(true);
    expect(changes.some((c) => c.startsWith(`HYOK key ${adopted}: linked with AWS KMS key ${made.Arn}`))).toBe(true);
    // every change is audited with the AWS request whose answer it follows
    const audited = (await t.admin.audit("List", { operation: "SyncJob.Reconcile", limit: 100 })).resources as Row[];
    for (const target of [b.id, a.id, disabled, pending, untouched, adopted]) {
      const rec = audited.find((r) => r.target_id === target);
      expect(rec, target).toMatchObject({ outcome: "success", kind: "admin" });
      expect(rec?.kms_request_id, target).toMatch(/^[0-9a-f-]{36}$/);
    }
    // the pending-deletion date as AWS gave it
    expect(new Date(String(p.aws_param.DeletionDate)).getTime()).toBe(scheduled.DeletionDate!.getTime());

    // once in line, a second sync (every connection, every region: the emulator serves one) changes nothing
    const again = await t.admin.keyStores("Sync", { synchronize_all: true });
    const done = await settled(again.id);
    expect(done).toMatchObject({ overall_status: "completed", changes: [], errors: [] });
    expect(done.detailed_status).toEqual([{ region: `${ACCOUNT}/us-east-1`, status: "region synchronized successfully" }]);
    const listed = await cliJson(["sync-job", "list", "--overall-status", "completed"]);
    expect(listed.resources.map((j: Row) => j.id)).toEqual([again.id, started.id]);
  });

  it("cancel stops a running job at its next item and marks it cancelled", async () => {
    // AWS's DescribeKey is held: the job is deterministically mid-way when it is cancelled
    const hold = emu.state.holds.hold("DescribeKey");
    const job = await t.admin.keyStores("Sync", { kms: ["emulator"], regions: ["us-east-1"] });
    await hold.reached;
    const running = await t.admin.syncJobs("Get", { id: job.id });
    expect(running).toMatchObject({ overall_status: "in_progress", items_done: 0 });
    expect(running.items_total).toBeGreaterThan(1);
    expect(running.detailed_status).toEqual([{ region: `${ACCOUNT}/us-east-1`, status: "in progress" }]);
    // one job at a time
    const second = await grpcError(t.admin.keyStores("Sync", { synchronize_all: true }));
    expect(second.code).toBe(FAILED_PRECONDITION);
    expect(second.details).toContain(job.id);

    const cancelled = await cliJson(["sync-job", "cancel", "--id", job.id]);
    expect(cancelled).toMatchObject({ abort: true });
    hold.release();
    const end = await settled(job.id);
    expect(end).toMatchObject({ overall_status: "cancelled", abort: true, detailed_status: [{ region: `${ACCOUNT}/us-east-1`, status: "cancelled" }] });
    expect(end.items_done).toBe(1);
    expect(end.items_done).toBeLessThan(end.items_total);
    const again = await grpcError(t.admin.syncJobs("Cancel", { id: job.id }));
    expect(again.code).toBe(FAILED_PRECONDITION);
    expect(again.details).toContain("already cancelled");
    expect((await grpcError(t.admin.syncJobs("Get", { id: "no-such-job" }))).code).toBe(NOT_FOUND);
  });

  it("a connection AWS does not accept fails the job with AWS's exception name", async () => {
    await t.admin.kms("Create", { name: "wrong-key", account_id: ACCOUNT, regions: ["us-east-1"], access_key_id: "AKIAXKSPROXYUNKNOWN1", secret_access_key: "not/the/secret/aws/knows/for/this/key/00", endpoint: emu.endpoint });
    const job = await cliJson(["keystore", "sync", "--kms", "wrong-key"]);
    await settled(job.id);
    const end = await cliJson(["sync-job", "get", "--id", job.id]);
    expect(end).toMatchObject({
      overall_status: "failed",
      error: "1 item(s) could not be synchronized; see errors",
      detailed_status: [{ region: `${ACCOUNT}/us-east-1`, status: "failed: UnrecognizedClientException" }],
      errors: [{ item: `${ACCOUNT}/us-east-1`, aws_exception: "UnrecognizedClientException" }],
    });
    expect(end.errors[0].message).toContain("security token");
    expect(JSON.stringify(end)).not.toContain("not/the/secret");
    const rec = ((await t.admin.audit("List", { operation: "SyncJob.Read", limit: 10 })).resources as Row[]).find((r) => r.target_id === job.id);
    expect(rec).toMatchObject({ outcome: "failure", error_name: "UnrecognizedClientException" });
    expect(rec?.kms_request_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("a daemon that stops ends its job failed, and a job of a node that is gone is failed when looked at", async () => {
    const hold = emu.state.holds.hold("DescribeKey");
    const job = await t.admin.keyStores("Sync", { kms: ["emulator"], regions: ["us-east-1"] });
    await hold.reached;
    const { dataDir, pg } = t;
    await t.daemon.stop(); // does not wait for AWS: the job's calls are aborted
    t.admin.close();
    hold.release();
    // a job left in progress by a node that crashed (no row in the fleet table)
    const now = new Date().toISOString();
    const insert = `INSERT INTO sync_jobs (id, kms, regions, synchronize_all, overall_status, owner_node, created_at, updated_at) VALUES ('crashed-job', '[]', '[]', 1, 'in_progress', 'gone-node', ?, ?)`;
    if (pg) {
      const store = await openPgStore(pg);
      try {
        await store.sql.run(insert, [now, now]);
      } finally {
        await store.close();
      }
    } else {
      const db = new Database(join(dataDir, "xks-proxy.db"));
      try {
        db.prepare(insert).run(now, now);
      } finally {
        db.close();
      }
    }
    keptDataDir = dataDir;
    t = await startTestDaemon({ dataDir, ...(pg ? { store: pg } : {}) });
    const stopped = await t.admin.syncJobs("Get", { id: job.id });
    expect(stopped).toMatchObject({
      overall_status: "failed",
      error: "the daemon running the job stopped before it finished",
      detailed_status: [{ region: `${ACCOUNT}/us-east-1`, status: "stopped" }],
    });
    expect(await t.admin.syncJobs("Get", { id: "crashed-job" })).toMatchObject({ overall_status: "failed", error: "the node that ran the job (gone-node) stopped before it finished" });
    expect((await t.admin.syncJobs("List", { overall_status: "in_progress" })).total).toBe(0);
  });
});
