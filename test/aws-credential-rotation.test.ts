/**
 * Credential rotation with AWS end to end: a real daemon, the AWS KMS emulator on loopback (which
 * really calls the proxy for Encrypt/Decrypt, signed with the credential the AWS store holds), the
 * admin API over gRPC and the built CLI. Rotate pushes to AWS before answering; AWS's refusal
 * leaves nothing behind; the credential AWS holds cannot be deleted; the scheduled job rotates
 * while traffic flows with zero failures and prunes to its keep count.
 */
import { DecryptCommand, DeleteCustomKeyStoreCommand, DescribeCustomKeyStoresCommand, EncryptCommand, GenerateDataKeyCommand, KMSClient } from "@aws-sdk/client-kms";
import { randomBytes } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startKmsEmulator, type KmsEmulator } from "../tools/kms-emulator/server.js";
import { startAwsRig, type AwsRig, roundTrips } from "./helpers/aws-rig.js";
import type { TestDaemon } from "./helpers/daemon.js";
import { eventually } from "./helpers/eventually.js";
import { startFleet, until, type FleetNodeProcess } from "./helpers/fleet.js";
import { usePgCluster } from "./helpers/postgres.js";
import { scratch } from "./helpers/process.js";
import { grpcError, runCli as cli } from "./helpers/cli.js";

const ACCOUNT = "111122223333";
const AWS_CRED = { accessKeyId: "AKIAXKSPROXYTEST0002", secretAccessKey: "kms/emulator/secret/for/rotation/tests/000" };
const NOT_FOUND = 5;
const INVALID_ARGUMENT = 3;
const FAILED_PRECONDITION = 9;

type Row = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test-side JSON

describe("credential rotation with AWS against the KMS emulator", () => {
  let t: TestDaemon;
  let emu: KmsEmulator;
  let aws: KMSClient;
  let proxyEndpoint: string;
  let env: NodeJS.ProcessEnv;

  const awsStore = async (id: string) => (await aws.send(new DescribeCustomKeyStoresCommand({ CustomKeyStoreId: id }))).CustomKeyStores![0]!;
  const audit = async (operation: string) => (await t.admin.audit("List", { operation, limit: 100 })).resources as Row[];
  const credentials = async (ksId: string) => (await t.admin.credentials("List", { custom_key_store_id: ksId, limit: 100 })).resources as Row[];

  /** A store linked with AWS (optionally connected, with one linked KMS key). */
  const linkedStore = async (name: string, o: { connect?: boolean; key?: boolean } = {}) => {
    const ks = await t.admin.keyStores("Create", { name, region: "us-east-1", kms: ACCOUNT, local_hosted_params: { source_key_tier: "local", max_credentials: 5 } });
    const linked = await t.admin.keyStores("Link", { id: ks.id, kms: "emulator", xks_proxy_uri_endpoint: proxyEndpoint });
    const awsId = linked.aws_param.custom_key_store_id as string;
    let keyArn = "";
    if (o.connect) expect((await t.admin.keyStores("Connect", { id: ks.id })).aws_param.connection_state).toBe("CONNECTED");
    if (o.key) {
      const sk = await t.admin.sourceKeys("Create", { source_key_tier: "local", label: `rot-${randomBytes(4).toString("hex")}` });
      const vk = await t.admin.virtualKeys("Create", { source_key_id: sk.id });
      const hyok = await t.admin.hyokKeys("Create", { local_hosted_params: { custom_key_store_id: ks.id, virtual_key_id: vk.id } });
      keyArn = (await t.admin.hyokKeys("Link", { id: hyok.id })).aws_param.Arn as string;
    }
    return { ks, awsId, keyArn };
  };

  let rig: AwsRig | undefined;
  beforeAll(async () => {
    rig = await startAwsRig({ account: ACCOUNT, cred: AWS_CRED, connection: true, daemon: { config: { credentialRotation: { tickMs: 200, minIntervalSeconds: 1, pruneGraceSeconds: 1 } } } });
    ({ t, emu, aws, proxyEndpoint, env } = rig);
  });
  afterAll(() => rig?.stop());

  it("rotate on a linked store answers once AWS holds the new credential; the emulator then signs with it", async () => {
    const { ks, awsId, keyArn } = await linkedStore("rotate-linked", { connect: true, key: true });
    const first = (await credentials(ks.id))[0]!;
    const before = await aws.send(new EncryptCommand({ KeyId: keyArn, Plaintext: Buffer.from("before rotation") }));
    expect(emu.state.crypto.calls.at(-1)).toMatchObject({ operation: "encrypt", kmsOperation: "Encrypt", accessKeyId: ks.access_key_id, outcome: "ok" });

    const run = await cli(["admin", "credential", "rotate", "--custom-key-store-id", ks.id], env);
    expect(run.err).toBe("");
    expect(run.code).toBe(0);
    const rotated = JSON.parse(run.out) as Row;
    const fresh = rotated.credential as Row;
    expect(fresh.access_key_id).not.toBe(ks.access_key_id);
    expect(fresh.secret_access_key).toMatch(/.{43,}/);
    expect(rotated).toMatchObject({ credential_count: 2, oldest_credentials_id: first.id });
    expect(rotated.custom_key_store.aws_param).toMatchObject({ aws_credential_id: fresh.id, aws_pending_credential_id: "" });
    // AWS holds it already, and is still CONNECTED
    expect(await awsStore(awsId)).toMatchObject({ ConnectionState: "CONNECTED", XksProxyConfiguration: { AccessKeyId: fresh.access_key_id } });
    const checked = emu.state.healthCalls.filter((h) => h.customKeyStoreId === awsId).at(-1);
    expect(checked).toMatchObject({ kmsOperation: "UpdateCustomKeyStore", outcome: "ok" });

    // the emulator's crypto calls are signed with the new credential; the old ciphertext still decrypts
    const after = await aws.send(new EncryptCommand({ KeyId: keyArn, Plaintext: Buffer.from("after rotation"), EncryptionContext: { app: "orders" } }));
    expect(emu.state.crypto.calls.at(-1)).toMatchObject({ operation: "encrypt", accessKeyId: fresh.access_key_id, outcome: "ok" });
    expect(Buffer.from((await aws.send(new DecryptCommand({ CiphertextBlob: before.CiphertextBlob }))).Plaintext!).toString()).toBe("before rotation");
    expect(emu.state.crypto.calls.at(-1)).toMatchObject({ operation: "decrypt", accessKeyId: fresh.access_key_id, outcome: "ok" });
    const opened = await aws.send(new DecryptCommand({ CiphertextBlob: after.CiphertextBlob, EncryptionContext: { app: "orders" } }));
    expect(Buffer.from(opened.Plaintext!).toString()).toBe("after rotation");
    // AWS's rules: another encryption context, or a mangled blob, does not decrypt
    const wrongContext = await grpcError(aws.send(new DecryptCommand({ CiphertextBlob: after.CiphertextBlob, EncryptionContext: { app: "billing" } })));
    expect((wrongContext as unknown as { name: string }).name).toBe("KMSInvalidStateException");
    const mangled = await grpcError(aws.send(new DecryptCommand({ CiphertextBlob: Buffer.from("not a blob") })));
    expect((mangled as unknown as { name: string }).name).toBe("InvalidCiphertextException");
    const dk = await aws.send(new GenerateDataKeyCommand({ KeyId: keyArn, KeySpec: "AES_256" }));
    expect(dk.Plaintext!.length).toBe(32);
    expect(Buffer.from((await aws.send(new DecryptCommand({ CiphertextBlob: dk.CiphertextBlob }))).Plaintext!).equals(Buffer.from(dk.Plaintext!))).toBe(true);

    // the credential AWS holds cannot be deleted; the old one can (it keeps working until then)
    const refused = await grpcError(t.admin.credentials("Delete", { custom_key_store_id: ks.id, id: fresh.id }));
    expect(refused.code).toBe(FAILED_PRECONDITION);
    expect(refused.details).toContain("AWS KMS holds");
    expect(refused.details).toContain("FAILED");
    await t.admin.credentials("Delete", { custom_key_store_id: ks.id, id: first.id });
    expect((await credentials(ks.id)).map((c) => c.id)).toEqual([fresh.id]);

    const rec = (await audit("CredentialService.Rotate")).find((r) => r.outcome === "success" && r.key_store_id === ks.id);
    expect(rec).toMatchObject({ target_id: fresh.id });
    expect(rec?.kms_request_id).toMatch(/^[0-9a-f-]{36}$/);
    // a disconnected store: AWS's crypto operations refuse, as AWS does
    await t.admin.keyStores("Disconnect", { id: ks.id });
    const offline = await grpcError(aws.send(new EncryptCommand({ KeyId: keyArn, Plaintext: Buffer.from("x") })));
    expect((offline as unknown as { name: string }).name).toBe("KMSInvalidStateException");
  });

  it("AWS refusing the push: the user sees AWS's exception and no credential is left behind", async () => {
    const { ks, awsId } = await linkedStore("rotate-refused");
    const held = (await t.admin.keyStores("Get", { id: ks.id })).aws_param.aws_credential_id as string;
    // the AWS store is deleted directly in AWS
    await aws.send(new DeleteCustomKeyStoreCommand({ CustomKeyStoreId: awsId }));
    const before = await credentials(ks.id);
    const run = await cli(["admin", "credential", "rotate", "--custom-key-store-id", ks.id], env);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/NOT_FOUND.*AWS KMS CustomKeyStoreNotFoundException: .*\(AWS request id [0-9a-f-]{36}\)/);
    expect(await credentials(ks.id)).toEqual(before);
    expect((await t.admin.keyStores("Get", { id: ks.id })).aws_param).toMatchObject({ aws_credential_id: held, aws_pending_credential_id: "" });
    const rec = (await audit("CredentialService.Rotate")).find((r) => r.outcome === "failure" && r.key_store_id === ks.id);
    expect(rec).toMatchObject({ error_name: "CustomKeyStoreNotFoundException" });
    expect(rec?.kms_request_id).toMatch(/^[0-9a-f-]{36}$/);
    // the credential AWS held is still protected while the store says it is linked
    expect((await grpcError(t.admin.credentials("Delete", { custom_key_store_id: ks.id, id: held }))).code).toBe(FAILED_PRECONDITION);
  });

  it("a push that never got AWS's answer stays pending; the next rotate gives AWS that same credential", async () => {
    const { ks, awsId } = await linkedStore("rotate-unanswered");
    const conn = await t.admin.kms("Get", { id: "emulator" });
    await t.admin.kms("Update", { id: conn.id, endpoint: "http://127.0.0.1:1" });
    let pending: string;
    try {
      const lost = await grpcError(t.admin.credentials("Rotate", { custom_key_store_id: ks.id }));
      expect(lost.code).toBe(14);
      const got = await t.admin.keyStores("Get", { id: ks.id });
      pending = got.aws_param.aws_pending_credential_id as string;
      expect(pending).not.toBe("");
      expect(got.aws_param.aws_credential_id).not.toBe(pending);
      expect((await credentials(ks.id)).map((c) => c.id)).toContain(pending);
      // AWS may hold it: it cannot be deleted while the rotation is unfinished
      const refused = await grpcError(t.admin.credentials("Delete", { custom_key_store_id: ks.id, id: pending }));
      expect(refused.code).toBe(FAILED_PRECONDITION);
      expect(refused.details).toContain("being pushed");
    } finally {
      await t.admin.kms("Update", { id: conn.id, endpoint: emu.endpoint });
    }
    const done = await t.admin.credentials("Rotate", { custom_key_store_id: ks.id });
    expect(done.credential.id).toBe(pending);
    expect(done.custom_key_store.aws_param).toMatchObject({ aws_credential_id: pending, aws_pending_credential_id: "" });
    expect((await awsStore(awsId)).XksProxyConfiguration!.AccessKeyId).toBe(done.credential.access_key_id);
    expect((await credentials(ks.id)).length).toBe(2);
  });

  it("refuses rotation jobs that cannot run, naming the bad input", async () => {
    const unlinked = await t.admin.keyStores("Create", { name: "job-unlinked", region: "us-east-1", kms: ACCOUNT, local_hosted_params: { source_key_tier: "local" } });
    const notLinked = await grpcError(t.admin.keyStores("EnableCredentialRotationJob", { id: unlinked.id, interval: "24h" }));
    expect(notLinked.code).toBe(FAILED_PRECONDITION);
    expect(notLinked.details).toContain("not linked");
    const { ks } = await linkedStore("job-bad-input");
    for (const [req, word] of [
      [{ interval: "" }, "interval"],
      [{ interval: "10x" }, "interval"],
      [{ interval: "0s" }, "interval"],
      [{ interval: "400d" }, "interval"],
      [{ interval: "1h", keep: 5 }, "keep"],
      [{ interval: "1h", keep: -1 }, "keep"],
    ] as [Row, string][]) {
      const e = await grpcError(t.admin.keyStores("EnableCredentialRotationJob", { id: ks.id, ...req }));
      expect({ code: e.code, has: e.details.includes(word) }, e.details).toEqual({ code: INVALID_ARGUMENT, has: true });
    }
    expect((await grpcError(t.admin.keyStores("DisableCredentialRotationJob", { id: ks.id }))).code).toBe(NOT_FOUND);
  });

  it("the rotation job rotates twice while Encrypt/Decrypt flow through the emulator: zero failures, pruned to the keep count", async () => {
    const { ks, awsId, keyArn } = await linkedStore("rotate-job", { connect: true, key: true });
    const enabled = await cli(["admin", "keystore", "enable-credential-rotation-job", "--id", ks.id, "--interval", "2s", "--keep", "2"], env);
    expect(enabled.err).toBe("");
    const shown = JSON.parse(enabled.out) as Row;
    expect(shown.credential_rotation_job).toMatchObject({ interval_seconds: 2, keep: 2, step: "idle", runs: 0 });
    expect(shown.labels.job_config_id).toBe(shown.credential_rotation_job.job_config_id);

    const traffic = roundTrips(aws, keyArn, 64);
    const job = async () => ((await t.admin.keyStores("Get", { id: ks.id })).credential_rotation_job ?? {}) as Row;
    let done: { ok: number; failures: string[] };
    try {
      await eventually(async () => expect((await job()).runs).toBeGreaterThanOrEqual(2), 30_000);
    } finally {
      done = await traffic.stop();
    }
    const { ok, failures } = done;
    expect(failures).toEqual([]);
    expect(ok).toBeGreaterThan(10);
    const signers = new Set(emu.state.crypto.calls.filter((c) => c.kmsKeyId === keyArn.split("/")[1]).map((c) => c.accessKeyId));
    expect(signers.size).toBeGreaterThanOrEqual(3);

    // pruned to the keep count: the credential AWS holds and the one before it
    await eventually(async () => expect((await job()).step).toBe("idle"), 10_000);
    const got = await t.admin.keyStores("Get", { id: ks.id });
    const left = await credentials(ks.id);
    expect(left.length).toBe(2);
    expect(left.map((c) => c.id)).toContain(got.aws_param.aws_credential_id);
    expect((await awsStore(awsId)).XksProxyConfiguration!.AccessKeyId).toBe(left.find((c) => c.id === got.aws_param.aws_credential_id)!.access_key_id);
    expect(got.credential_rotation_job.last_error).toBe("");
    expect(left.map((c) => c.access_key_id)).not.toContain(ks.access_key_id);

    const pushes = (await audit("CredentialRotationJob.Rotate")).filter((r) => r.key_store_id === ks.id && r.outcome === "success");
    expect(pushes.length).toBeGreaterThanOrEqual(2);
    for (const r of pushes) expect(r.kms_request_id).toMatch(/^[0-9a-f-]{36}$/);
    expect((await audit("CredentialRotationJob.Prune")).filter((r) => r.key_store_id === ks.id).length).toBeGreaterThanOrEqual(1);

    const disabled = await cli(["admin", "keystore", "disable-credential-rotation-job", "--id", ks.id], env);
    expect(disabled.code).toBe(0);
    expect((await t.admin.keyStores("Get", { id: ks.id })).credential_rotation_job).toBeNull();
  });
});

describe("the rotation job on a two-node PostgreSQL fleet", () => {
  const cluster = usePgCluster();
  const space = scratch("xks-rotation-fleet-");
  let emu: KmsEmulator | undefined;
  afterEach(async () => {
    for (const p of space.procs) if (p.child.exitCode === null) p.child.kill("SIGKILL");
    await emu?.close();
  });
  const RUNS = '"msg":"this node runs credential rotation for the fleet"';
  const runsJob = (n: FleetNodeProcess) => n.output().lastIndexOf(RUNS) > n.output().lastIndexOf('"msg":"this node no longer runs credential rotation"');
  const pushes = (n: FleetNodeProcess) => n.output().split('"msg":"credential rotation pushed"').length - 1;

  it("only the node holding the lease rotates; when it dies, the other takes over and completes the job", async () => {
    emu = await startKmsEmulator({ credentials: [{ ...AWS_CRED, accountId: ACCOUNT }], allowHttpProxy: true, proxyTimeoutMs: 2000 });
    const url = await cluster().createDatabase("rotation1");
    const nodes = (await startFleet(cluster(), url, space, 2, { extra: { credentialRotation: { tickMs: 200, minIntervalSeconds: 1, pruneGraceSeconds: 0 } } })) as [FleetNodeProcess, FleetNodeProcess];
    await until("one node runs the rotation job", () => nodes.filter(runsJob).length === 1);
    const runner = nodes.find(runsJob)!;
    const other = nodes.find((n) => n !== runner)!;
    // AWS reaches the fleet through the node that does not run the job, so it keeps serving after the runner dies
    await other.admin.kms("Create", { name: "emulator", account_id: ACCOUNT, regions: ["us-east-1"], access_key_id: AWS_CRED.accessKeyId, secret_access_key: AWS_CRED.secretAccessKey, endpoint: emu.endpoint });
    const ks = await other.admin.keyStores("Create", { name: "fleet-rotation", region: "us-east-1", kms: ACCOUNT, local_hosted_params: { source_key_tier: "local", max_credentials: 4 } });
    await other.admin.keyStores("Link", { id: ks.id, kms: "emulator", xks_proxy_uri_endpoint: `http://127.0.0.1:${other.xksPort}` });
    expect((await other.admin.keyStores("Connect", { id: ks.id })).aws_param.connection_state).toBe("CONNECTED");
    await other.admin.keyStores("EnableCredentialRotationJob", { id: ks.id, interval: "1s", keep: 2 });
    const runs = async () => Number(((await other.admin.keyStores("Get", { id: ks.id })).credential_rotation_job ?? {}).runs ?? 0);
    await until("two runs", async () => (await runs()) >= 2, 20_000);
    expect(pushes(runner)).toBeGreaterThanOrEqual(2);
    expect(pushes(other)).toBe(0);
    expect(runsJob(other)).toBe(false);

    runner.child.kill("SIGKILL");
    await runner.exited;
    await until("the other node takes the job over", () => runsJob(other), 20_000);
    const before = await runs();
    await until("it completes further runs", async () => (await runs()) >= before + 2, 30_000);
    expect(pushes(other)).toBeGreaterThanOrEqual(2);
    const got = await other.admin.keyStores("Get", { id: ks.id });
    expect(got.credential_rotation_job.last_error).toBe("");
    const awsNow = new KMSClient({ endpoint: emu.endpoint, region: "us-east-1", credentials: AWS_CRED, maxAttempts: 1 });
    try {
      const s = (await awsNow.send(new DescribeCustomKeyStoresCommand({ CustomKeyStoreId: got.aws_param.custom_key_store_id }))).CustomKeyStores![0]!;
      expect(s.ConnectionState).toBe("CONNECTED");
      const left = (await other.admin.credentials("List", { custom_key_store_id: ks.id })).resources as Row[];
      expect(left.find((c) => c.id === got.aws_param.aws_credential_id)?.access_key_id).toBe(s.XksProxyConfiguration!.AccessKeyId);
      expect(left.length).toBeLessThanOrEqual(3);
    } finally {
      awsNow.destroy();
    }
  }, 90_000);
});
