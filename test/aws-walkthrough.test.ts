/**
 * README "Linking with AWS KMS", followed as a user does: every step with the built CLI
 * (`xks-proxy admin ...`) against a real daemon and the AWS KMS emulator (`npm run kms-emulator`'s
 * server) on loopback. The AWS SDK talks to the emulator only where the story has something happen
 * directly in AWS, and for the AWS KMS traffic (Encrypt, GenerateDataKey, Decrypt) that goes through
 * the emulator to the proxy. Then AWS's error cases, each as the CLI shows it: a wrong credential,
 * an unreachable proxy, a key without both usages, a store AWS still holds keys in, a name in use.
 */
import { CreateKeyCommand, DecryptCommand, DisableKeyCommand, EncryptCommand, GenerateDataKeyCommand, KMSClient, UpdateCustomKeyStoreCommand } from "@aws-sdk/client-kms";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { KmsEmulator } from "../tools/kms-emulator/server.js";
import { runCli as cli } from "./helpers/cli.js";
import { startAwsRig, type AwsRig, roundTrips } from "./helpers/aws-rig.js";
import type { TestDaemon } from "./helpers/daemon.js";
import { eventually } from "./helpers/eventually.js";

const ACCOUNT = "111122223333";
const REGION = "us-east-1";
const AWS_CRED = { accessKeyId: "AKIAXKSPROXYWALK0001", secretAccessKey: "kms/emulator/secret/for/the/walkthrough/00" };
const DAY = 86_400_000;
const REQUEST_ID = "\\(AWS request id [0-9a-f-]{36}\\)";

type Row = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test-side JSON

describe("README walkthrough: linking with AWS KMS from the CLI, against the emulator", () => {
  let t: TestDaemon;
  let emu: KmsEmulator;
  let aws: KMSClient;
  let env: NodeJS.ProcessEnv;
  let proxy: string;

  /** `xks-proxy admin ...`: a run the story expects to succeed, answered as JSON */
  const admin = async (...args: string[]): Promise<Row> => {
    const r = await cli(["admin", ...args], env);
    expect({ code: r.code, err: r.err }, args.join(" ")).toEqual({ code: 0, err: "" });
    return JSON.parse(r.out) as Row;
  };
  /** a run the story expects AWS (or the proxy) to refuse: exit 1, the reason on stderr, nothing on stdout */
  const refused = async (...args: string[]): Promise<string> => {
    const r = await cli(["admin", ...args], env);
    expect({ code: r.code, out: r.out }, args.join(" ")).toEqual({ code: 1, out: "" });
    return r.err;
  };
  const hyokKey = async (storeId: string, ...extra: string[]): Promise<Row> => {
    const sk = await admin("sourcekey", "create", "--label", `walk-${randomBytes(3).toString("hex")}`);
    const vk = await admin("virtualkey", "create", "--source-key-id", sk.id);
    return admin("hyokkey", "create", "--custom-key-store-id", storeId, "--virtual-key-id", vk.id, "--linked-state", ...extra);
  };

  // what the walkthrough made, step by step
  let store: Row;
  let orders: Row;
  let billing: Row;

  let rig: AwsRig | undefined;
  beforeAll(async () => {
    rig = await startAwsRig({ account: ACCOUNT, cred: AWS_CRED, region: REGION, daemon: { config: { credentialRotation: { tickMs: 200, minIntervalSeconds: 1, pruneGraceSeconds: 1 } } } });
    ({ t, emu, aws, proxyEndpoint: proxy, env } = rig);
  });
  afterAll(async () => {
    await rig?.stop();
  });

  it("1. an AWS connection: the secret is never answered", async () => {
    const r = await cli(
      ["admin", "kms", "create", "--name", "emulator", "--account-id", ACCOUNT, "--regions", REGION, "--access-key-id", AWS_CRED.accessKeyId, "--secret-access-key", AWS_CRED.secretAccessKey, "--endpoint", emu.endpoint],
      env,
    );
    expect(r).toMatchObject({ code: 0, err: "" });
    const conn = JSON.parse(r.out) as Row;
    expect(conn).toMatchObject({ name: "emulator", account_id: ACCOUNT, regions: [REGION], auth_type: "static", access_key_id: AWS_CRED.accessKeyId, endpoint: emu.endpoint });
    expect(r.out).not.toContain(AWS_CRED.secretAccessKey);
  });

  it("2. keystore create --linked-state creates the AWS custom key store; connect settles CONNECTED", async () => {
    store = await admin("keystore", "create", "--name", "orders-store", "--kms", "emulator", "--region", REGION, "--source-key-tier", "local", "--max-credentials", "5", "--linked-state", "--xks-proxy-uri-endpoint", proxy);
    expect(store.local_hosted_params.linked_state).toBe(true);
    expect(store.aws_param).toMatchObject({ custom_key_store_id: expect.stringMatching(/^cks-[0-9a-f]{17}$/), connection_state: "DISCONNECTED", xks_proxy_uri_endpoint: proxy });
    // AWS checked the proxy (GetHealthStatus) with the store's credential before creating its store
    expect(emu.state.healthCalls.at(-1)).toMatchObject({ customKeyStoreId: store.aws_param.custom_key_store_id, kmsOperation: "CreateCustomKeyStore", outcome: "ok" });

    const connected = await admin("keystore", "connect", "--id", store.id);
    expect(connected.aws_param).toMatchObject({ connection_state: "CONNECTED", connection_error_code: "" });
    expect((await admin("keystore", "get", "--id", store.id)).aws_param.connection_state).toBe("CONNECTED");
  });

  it("3. HYOK keys with --linked-state: AWS KMS keys with their key policy and alias", async () => {
    orders = await hyokKey(store.id, "--key-admins", "alice", "--key-users", "app-user", "--key-users-roles", "app-role", "--alias", "alias/orders", "--description", "orders data key");
    expect(orders).toMatchObject({ linked_state: true, key_admins: ["alice"], key_users: ["app-user"], key_users_roles: ["app-role"] });
    expect(orders.aws_param).toMatchObject({
      Arn: expect.stringMatching(new RegExp(`^arn:aws:kms:${REGION}:${ACCOUNT}:key/`)),
      AliasArn: `arn:aws:kms:${REGION}:${ACCOUNT}:alias/orders`,
      KeyState: "Enabled",
    });
    const policy = JSON.parse(orders.aws_param.Policy as string) as Row;
    expect(policy.Statement.map((s: Row) => s.Sid)).toEqual(["Enable IAM User Permissions", "Allow access for Key Administrators", "Allow use of the key", "Allow attachment of persistent resources"]);
    expect(policy.Statement[2].Principal.AWS).toEqual([`arn:aws:iam::${ACCOUNT}:user/app-user`, `arn:aws:iam::${ACCOUNT}:role/app-role`]);

    billing = await hyokKey(store.id);
    expect(billing.linked_state).toBe(true);
    expect((await admin("hyokkey", "list", "--custom-key-store-id", store.id)).total).toBe(2);
  });

  it("4. AWS KMS traffic goes through the proxy: Encrypt, GenerateDataKey, Decrypt", async () => {
    const before = emu.state.crypto.calls.length;
    const ct = await aws.send(new EncryptCommand({ KeyId: "alias/orders", Plaintext: Buffer.from("order 1001"), EncryptionContext: { app: "orders" } }));
    const back = await aws.send(new DecryptCommand({ CiphertextBlob: ct.CiphertextBlob, EncryptionContext: { app: "orders" } }));
    expect(Buffer.from(back.Plaintext!).toString()).toBe("order 1001");
    expect(back.KeyId).toBe(orders.aws_param.Arn);
    const dk = await aws.send(new GenerateDataKeyCommand({ KeyId: billing.aws_param.Arn, KeySpec: "AES_256" }));
    const dkBack = await aws.send(new DecryptCommand({ CiphertextBlob: dk.CiphertextBlob }));
    expect(Buffer.from(dkBack.Plaintext!).equals(Buffer.from(dk.Plaintext!))).toBe(true);
    // each of the four reached the proxy, signed with the credential AWS holds for the store
    const calls = emu.state.crypto.calls.slice(before);
    expect(calls.map((c) => [c.kmsOperation, c.outcome])).toEqual([
      ["Encrypt", "ok"],
      ["Decrypt", "ok"],
      ["GenerateDataKey", "ok"],
      ["Decrypt", "ok"],
    ]);
    expect(new Set(calls.map((c) => c.accessKeyId))).toEqual(new Set([store.access_key_id]));
  });

  it("5. the credential rotation job rotates while traffic flows, with zero failures; then it is disabled", async () => {
    const traffic = roundTrips(aws, "alias/orders", 48);
    let done: { ok: number; failures: string[] };
    try {
      const enabled = await admin("keystore", "enable-credential-rotation-job", "--id", store.id, "--interval", "1s", "--keep", "2");
      expect(enabled.credential_rotation_job).toMatchObject({ interval_seconds: 1, keep: 2, step: "idle", runs: 0 });
      // a run is complete once AWS holds the new credential and the job is idle again
      await eventually(async () => {
        const job = (await admin("keystore", "get", "--id", store.id)).credential_rotation_job as Row;
        expect(job.runs).toBeGreaterThanOrEqual(1);
        expect(job.step).toBe("idle");
      }, 30_000);
    } finally {
      done = await traffic.stop();
    }
    const { ok, failures } = done;
    expect(failures).toEqual([]);
    expect(ok).toBeGreaterThan(0);

    // the traffic was signed with more than one credential: AWS switched over while it ran
    const signers = new Set(emu.state.crypto.calls.filter((c) => c.kmsKeyId === orders.aws_param.KeyID).map((c) => c.accessKeyId));
    expect(signers.size).toBeGreaterThanOrEqual(2);
    expect((await admin("keystore", "get", "--id", store.id)).credential_rotation_job.last_error).toBe("");

    const disabled = await admin("keystore", "disable-credential-rotation-job", "--id", store.id);
    expect(disabled.credential_rotation_job ?? null).toBeNull();
    // AWS signs with the credential the proxy records it holds (read twice around the call, should a run
    // that started before the disable still have pushed)
    await eventually(async () => {
      const got = await admin("keystore", "get", "--id", store.id);
      expect(got.credential_rotation_job ?? null).toBeNull();
      expect(got.aws_param.aws_pending_credential_id).toBe("");
      await aws.send(new EncryptCommand({ KeyId: "alias/orders", Plaintext: Buffer.from("after rotation") }));
      const signer = emu.state.crypto.calls.at(-1)!;
      expect((await admin("keystore", "get", "--id", store.id)).aws_param.aws_credential_id).toBe(got.aws_param.aws_credential_id);
      const held = await admin("credential", "get", "--custom-key-store-id", store.id, "--id", got.aws_param.aws_credential_id);
      expect(signer).toMatchObject({ kmsOperation: "Encrypt", outcome: "ok", accessKeyId: held.access_key_id });
      expect(held.access_key_id).not.toBe(store.access_key_id);
    }, 10_000);
  });

  it("6. a key disabled directly in AWS: keystore sync, sync-job get until completed, the key shows Enabled false", async () => {
    await aws.send(new DisableKeyCommand({ KeyId: billing.aws_param.Arn }));
    const job = await admin("keystore", "sync", "--kms", "emulator", "--regions", REGION);
    expect(job).toMatchObject({ overall_status: "in_progress", regions: [REGION] });
    const done = await eventually(async () => {
      const j = await admin("sync-job", "get", "--id", job.id);
      expect(j.overall_status).not.toBe("in_progress");
      return j;
    }, 20_000);
    expect(done).toMatchObject({ overall_status: "completed", errors: [], detailed_status: [{ region: `${ACCOUNT}/${REGION}`, status: "region synchronized successfully" }] });
    expect(done.items_done).toBe(done.items_total);
    expect((done.changes as string[]).some((c) => c.includes(billing.id))).toBe(true);
    expect((await admin("sync-job", "list")).resources.map((j: Row) => j.id)).toContain(job.id);

    const key = await admin("hyokkey", "get", "--id", billing.id);
    expect(key.aws_param).toMatchObject({ Enabled: false, KeyState: "Disabled" });
    expect((await admin("hyokkey", "get", "--id", orders.id)).aws_param).toMatchObject({ Enabled: true, KeyState: "Enabled" });
  });

  it("7. deleting a linked HYOK key schedules AWS's deletion and says when", async () => {
    const before = Date.now();
    const answer = await admin("hyokkey", "delete", "--id", billing.id, "--pending-window-days", "7");
    expect(answer).toMatchObject({ deleted: false, key: { id: billing.id, aws_param: { KeyState: "PendingDeletion", PendingWindowInDays: 7 } } });
    expect(answer.message).toContain(`AWS deletes the key ${billing.aws_param.Arn} on ${answer.deletion_date}`);
    const when = Date.parse(answer.deletion_date);
    expect(when).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 7 * DAY);
    expect(when).toBeLessThanOrEqual(Date.now() + 7 * DAY);
    expect((await admin("hyokkey", "get", "--id", billing.id)).aws_param).toMatchObject({ KeyState: "PendingDeletion", DeletionDate: answer.deletion_date });
  });

  it("8. disconnect; the store cannot be deleted while it has keys, here or in AWS", async () => {
    expect((await admin("keystore", "disconnect", "--id", store.id)).aws_param.connection_state).toBe("DISCONNECTED");
    // the proxy refuses first while HYOK keys remain (AWS may still ask for them)
    expect(await refused("keystore", "delete", "--id", store.id)).toMatch(/FAILED_PRECONDITION: key store .* still has 2 HYOK key\(s\)/);
    expect((await admin("keystore", "get", "--id", store.id)).local_hosted_params.linked_state).toBe(true);
  });

  describe("AWS's error cases, as the CLI shows them", () => {
    let spare: Row;

    beforeAll(async () => {
      spare = await admin("keystore", "create", "--name", "spare-store", "--kms", "emulator", "--region", REGION, "--source-key-tier", "local", "--linked-state", "--xks-proxy-uri-endpoint", proxy);
      expect((await admin("keystore", "connect", "--id", spare.id)).aws_param.connection_state).toBe("CONNECTED");
    });

    it("a wrong AWS credential on the connection: AWS's InvalidSignatureException", async () => {
      await admin("kms", "create", "--name", "wrong-secret", "--account-id", ACCOUNT, "--regions", REGION, "--access-key-id", AWS_CRED.accessKeyId, "--secret-access-key", "not/the/secret/aws/knows/0000000000000000", "--endpoint", emu.endpoint);
      const ks = await admin("keystore", "create", "--name", "wrong-secret-store", "--kms", "wrong-secret", "--region", REGION, "--source-key-tier", "local");
      const err = await refused("keystore", "link", "--id", ks.id, "--xks-proxy-uri-endpoint", proxy);
      expect(err).toMatch(new RegExp(`AWS KMS InvalidSignatureException: .*${REQUEST_ID}`));
      expect((await admin("keystore", "get", "--id", ks.id)).local_hosted_params.linked_state).toBe(false);
    });

    it("a proxy credential AWS holds and the proxy does not accept: connect settles FAILED with INVALID_CREDENTIALS and exits 1", async () => {
      const ks = await admin("keystore", "create", "--name", "stale-credential", "--kms", "emulator", "--region", REGION, "--source-key-tier", "local", "--linked-state", "--xks-proxy-uri-endpoint", proxy);
      // someone gives AWS another credential, directly in AWS
      await aws.send(
        new UpdateCustomKeyStoreCommand({
          CustomKeyStoreId: ks.aws_param.custom_key_store_id,
          XksProxyAuthenticationCredential: { AccessKeyId: "ZZZZZZZZZZZZZZZZZZZZ", RawSecretAccessKey: "a/credential/the/proxy/never/issued/0000000000" },
        }),
      );
      // the settled store is printed as usual; the exit status and stderr say it failed
      const run = await cli(["admin", "keystore", "connect", "--id", ks.id], env);
      expect({ code: run.code, err: run.err }).toEqual({ code: 1, err: "AWS KMS could not connect the key store: connection_state FAILED, connection_error_code INVALID_CREDENTIALS\n" });
      const failed = JSON.parse(run.out) as Row;
      expect(failed.aws_param).toMatchObject({ connection_state: "FAILED", connection_error_code: "INVALID_CREDENTIALS" });
      // AWS connects a FAILED store only after a disconnect, and says so
      expect(await refused("keystore", "connect", "--id", ks.id)).toMatch(new RegExp(`FAILED_PRECONDITION: AWS KMS CustomKeyStoreInvalidStateException: .*${REQUEST_ID}`));
      expect((await admin("keystore", "disconnect", "--id", ks.id)).aws_param).toMatchObject({ connection_state: "DISCONNECTED", connection_error_code: "" });
    });

    it("an unreachable proxy: AWS's XksProxyUriUnreachableException, the store stays unlinked", async () => {
      const ks = await admin("keystore", "create", "--name", "unreachable", "--kms", "emulator", "--region", REGION, "--source-key-tier", "local");
      // port 1 on loopback: nothing listens there
      const err = await refused("keystore", "link", "--id", ks.id, "--xks-proxy-uri-endpoint", "http://127.0.0.1:1");
      expect(err).toMatch(new RegExp(`UNAVAILABLE: AWS KMS XksProxyUriUnreachableException: .*${REQUEST_ID}`));
      expect((await admin("keystore", "get", "--id", ks.id)).local_hosted_params.linked_state).toBe(false);
    });

    it("a key without both usages (a source key made for encrypt only): AWS's XksKeyInvalidConfigurationException", async () => {
      const sk = await admin("sourcekey", "create", "--label", "encrypt-only", "--encrypt");
      expect(sk).toMatchObject({ encrypt: true, decrypt: false });
      const vk = await admin("virtualkey", "create", "--source-key-id", sk.id);
      const err = await refused("hyokkey", "create", "--custom-key-store-id", spare.id, "--virtual-key-id", vk.id, "--linked-state");
      expect(err).toMatch(new RegExp(`AWS KMS XksKeyInvalidConfigurationException: .*ENCRYPT and DECRYPT; the proxy reports AES_256 with ENCRYPT.*${REQUEST_ID}`));
      // the key stays, unlinked, for the error to name
      const keys = (await admin("hyokkey", "list", "--custom-key-store-id", spare.id)).resources as Row[];
      expect(keys.length).toBe(1);
      expect(keys[0]!.linked_state).toBe(false);
      expect(err).toContain(keys[0]!.id);
      expect((await admin("hyokkey", "delete", "--id", keys[0]!.id)).deleted).toBe(true);
    });

    it("a store AWS still holds keys in: AWS's CustomKeyStoreHasCMKsException on delete", async () => {
      // a KMS key made directly in AWS for one of the store's keys, whose HYOK key is then deleted here
      const sk = await admin("sourcekey", "create", "--label", "made-in-aws");
      const vk = await admin("virtualkey", "create", "--source-key-id", sk.id);
      const hk = await admin("hyokkey", "create", "--custom-key-store-id", spare.id, "--virtual-key-id", vk.id);
      expect(hk.linked_state).toBe(false);
      await aws.send(new CreateKeyCommand({ Origin: "EXTERNAL_KEY_STORE", CustomKeyStoreId: spare.aws_param.custom_key_store_id, XksKeyId: hk.id }));
      expect((await admin("hyokkey", "delete", "--id", hk.id)).deleted).toBe(true);
      expect((await admin("keystore", "disconnect", "--id", spare.id)).aws_param.connection_state).toBe("DISCONNECTED");

      const err = await refused("keystore", "delete", "--id", spare.id);
      expect(err).toMatch(new RegExp(`FAILED_PRECONDITION: AWS KMS CustomKeyStoreHasCMKsException: .*${REQUEST_ID}`));
      expect((await admin("keystore", "get", "--id", spare.id)).local_hosted_params.linked_state).toBe(true);
    });

    it("a name in use in AWS: AWS's CustomKeyStoreNameInUseException", async () => {
      const ks = await admin("keystore", "create", "--name", "second-orders", "--kms", "emulator", "--region", REGION, "--source-key-tier", "local");
      // the AWS store name the first store took
      const err = await refused("keystore", "link", "--id", ks.id, "--custom-key-store-name", "orders-store", "--xks-proxy-uri-endpoint", proxy);
      expect(err).toMatch(new RegExp(`ALREADY_EXISTS: AWS KMS CustomKeyStoreNameInUseException: .*${REQUEST_ID}`));
      expect((await admin("keystore", "get", "--id", ks.id)).local_hosted_params.linked_state).toBe(false);
      // the proxy's own names are unique too: a second store named so is refused before AWS is asked
      expect(await refused("keystore", "create", "--name", "orders-store", "--kms", "emulator", "--region", REGION, "--source-key-tier", "local")).toMatch(/ALREADY_EXISTS/);
    });
  });
});
