/**
 * The AWS side of key stores end to end: a real daemon, the AWS KMS emulator (tools/kms-emulator)
 * on loopback, the admin API over real gRPC and the built CLI. AWS connections (secrets sealed at
 * rest), link (AWS checks the proxy's health), connect (the emulator really calls GetHealthStatus
 * with the store's credential), disconnect, AWS's errors shown and audited with AWS's request id.
 * The whole flow runs on both storage engines (a daemon on SQLite, and on a real PostgreSQL cluster).
 */
import { CreateKeyCommand, DescribeCustomKeyStoresCommand, DescribeKeyCommand, KMSClient, UpdateCustomKeyStoreCommand } from "@aws-sdk/client-kms";
import { randomBytes } from "node:crypto";
import Database from "better-sqlite3";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import type { KmsEmulator } from "../tools/kms-emulator/server.js";
import { startAwsRig, type AwsRig } from "./helpers/aws-rig.js";
import type { TestDaemon } from "./helpers/daemon.js";
import { STORE_ENGINES, useStoreEngines, type StoreEngine } from "./helpers/store-engines.js";
import { grpcError, runCli as cli } from "./helpers/cli.js";

const ACCOUNT = "111122223333";
const AWS_CRED = { accessKeyId: "AKIAXKSPROXYTEST0001", secretAccessKey: "kms/emulator/secret/for/aws-link/tests/00" };

type Row = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test-side JSON

const NOT_FOUND = 5;
const ALREADY_EXISTS = 6;
const FAILED_PRECONDITION = 9;
const INVALID_ARGUMENT = 3;

/** The sealed secret column of a connection, read from the daemon's database as it is stored. */
async function storedSecret(t: TestDaemon, engine: StoreEngine, id: string): Promise<Buffer> {
  if (engine === "sqlite") {
    const db = new Database(join(t.dataDir, "xks-proxy.db"), { readonly: true });
    try {
      return (db.prepare("SELECT secret FROM kms_connections WHERE id = ?").get(id) as { secret: Buffer }).secret;
    } finally {
      db.close();
    }
  }
  // the URL names no password (pg would let it override the one given): connect from its parts
  const url = new URL(t.pg!.url);
  const client = new pg.Client({ host: url.hostname, port: Number(url.port), user: decodeURIComponent(url.username), database: url.pathname.slice(1), password: t.pg!.password });
  await client.connect();
  try {
    return (await client.query<{ secret: Buffer }>("SELECT secret FROM kms_connections WHERE id = $1", [id])).rows[0]!.secret;
  } finally {
    await client.end();
  }
}

useStoreEngines();

describe.each(STORE_ENGINES)("AWS connections and linked key stores against the KMS emulator, %s store", (engine) => {
  let t: TestDaemon;
  let emu: KmsEmulator;
  let aws: KMSClient;
  let proxyEndpoint: string;
  let connId = "";

  const keyStore = async (name: string, kms = ACCOUNT) =>
    t.admin.keyStores("Create", { name, region: "us-east-1", kms, local_hosted_params: { source_key_tier: "local", max_credentials: 5 } });
  const awsStore = async (id: string) => (await aws.send(new DescribeCustomKeyStoresCommand({ CustomKeyStoreId: id }))).CustomKeyStores![0]!;
  const audit = async (operation: string) => (await t.admin.audit("List", { operation, limit: 100 })).resources as Row[];

  let rig: AwsRig | undefined;
  beforeAll(async () => {
    rig = await startAwsRig({ account: ACCOUNT, cred: AWS_CRED, daemon: { store: engine } });
    ({ t, emu, aws, proxyEndpoint } = rig);
  });
  afterAll(async () => {
    await rig?.stop();
  });

  it("creates an AWS connection from the CLI; the secret is never answered and is sealed at rest", async () => {
    const env = { XKS_ADMIN_TOKEN: t.daemon.adminToken, XKS_ADMIN_ADDRESS: `127.0.0.1:${t.daemon.adminPort}` };
    const r = await cli(
      ["admin", "kms", "create", "--name", "emulator", "--account-id", ACCOUNT, "--regions", "us-east-1,eu-west-1", "--access-key-id", AWS_CRED.accessKeyId, "--secret-access-key", AWS_CRED.secretAccessKey, "--endpoint", emu.endpoint],
      env,
    );
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const conn = JSON.parse(r.out) as Row;
    connId = conn.id;
    expect(conn).toMatchObject({ name: "emulator", account_id: ACCOUNT, regions: ["us-east-1", "eu-west-1"], auth_type: "static", access_key_id: AWS_CRED.accessKeyId, endpoint: emu.endpoint });
    expect(r.out).not.toContain(AWS_CRED.secretAccessKey);
    const listed = await cli(["admin", "kms", "list"], env);
    expect(listed.code).toBe(0);
    expect(listed.out).not.toContain(AWS_CRED.secretAccessKey);
    expect((JSON.parse(listed.out) as Row).resources.map((c: Row) => c.name)).toEqual(["emulator"]);
    expect((await t.admin.kms("Get", { id: "emulator" })).id).toBe(connId);

    const sealed = await storedSecret(t, engine, connId);
    expect(sealed.includes(Buffer.from(AWS_CRED.secretAccessKey))).toBe(false);
    expect(sealed.length).toBeGreaterThan(29);
  });

  it("refuses malformed connections, naming the field", async () => {
    const base = { name: "bad", account_id: ACCOUNT, regions: ["us-east-1"], access_key_id: AWS_CRED.accessKeyId, secret_access_key: AWS_CRED.secretAccessKey };
    const cases: [Row, number, string][] = [
      [{ ...base, account_id: "12345" }, INVALID_ARGUMENT, "account_id"],
      [{ ...base, regions: [] }, INVALID_ARGUMENT, "regions"],
      [{ ...base, regions: ["mars-1"] }, INVALID_ARGUMENT, "regions"],
      [{ ...base, secret_access_key: "" }, INVALID_ARGUMENT, "secret_access_key"],
      [{ ...base, auth_type: "default-chain" }, INVALID_ARGUMENT, "access_key_id"],
      [{ ...base, auth_type: "assume-role" }, INVALID_ARGUMENT, "assume_role_arn"],
      [{ ...base, auth_type: "assume-role", assume_role_arn: "arn:aws:iam::444455556666:role/xks" }, INVALID_ARGUMENT, "444455556666"],
      [{ ...base, auth_type: "assume-role", assume_role_arn: "arn:aws:iam::111122223333:user/xks" }, INVALID_ARGUMENT, "assume_role_arn"],
      [{ ...base, auth_type: "assume-role", assume_role_arn: `arn:aws:iam::${ACCOUNT}:role/xks`, secret_access_key: "" }, INVALID_ARGUMENT, "secret_access_key"],
      [{ ...base, auth_type: "assume-role", assume_role_arn: `arn:aws:iam::${ACCOUNT}:role/xks`, external_id: "x" }, INVALID_ARGUMENT, "external_id"],
      [{ ...base, assume_role_arn: `arn:aws:iam::${ACCOUNT}:role/xks` }, INVALID_ARGUMENT, "assume_role_arn"],
      [{ name: "bad", account_id: ACCOUNT, regions: ["us-east-1"] }, INVALID_ARGUMENT, "auth_type"],
      [{ ...base, endpoint: "http://kms.example.com" }, INVALID_ARGUMENT, "endpoint"],
      [{ ...base, name: "emulator" }, ALREADY_EXISTS, "emulator"],
    ];
    for (const [req, code, word] of cases) {
      const e = await grpcError(t.admin.kms("Create", req));
      expect({ code: e.code, has: e.details.includes(word) }, e.details).toEqual({ code, has: true });
      expect(e.details).not.toContain(AWS_CRED.secretAccessKey);
    }
    const chain = await t.admin.kms("Create", { name: "host-chain", account_id: ACCOUNT, regions: ["us-east-1"], auth_type: "default-chain" });
    expect(chain).toMatchObject({ auth_type: "default-chain", access_key_id: "" });
    const updated = await t.admin.kms("Update", { id: chain.id, regions: ["eu-central-1"], name: "host-chain-2" });
    expect(updated).toMatchObject({ regions: ["eu-central-1"], name: "host-chain-2" });
    expect((await grpcError(t.admin.kms("Update", { id: chain.id, auth_type: "static" }))).code).toBe(INVALID_ARGUMENT);
    await t.admin.kms("Delete", { id: chain.id });
    expect((await grpcError(t.admin.kms("Get", { id: chain.id }))).code).toBe(NOT_FOUND);
  });

  it("links, connects (AWS calls the proxy's GetHealthStatus) and disconnects a key store, auditing AWS's request ids", async () => {
    const ks = await keyStore("linked-one");
    const linked = await t.admin.keyStores("Link", { id: ks.id, kms: "emulator", xks_proxy_uri_endpoint: proxyEndpoint });
    expect(linked.local_hosted_params.linked_state).toBe(true);
    expect(linked.aws_param).toMatchObject({ connection_state: "DISCONNECTED", xks_proxy_uri_endpoint: proxyEndpoint, kms_connection_id: connId });
    const awsId = linked.aws_param.custom_key_store_id as string;
    expect(awsId).toMatch(/^cks-[0-9a-f]{17}$/);
    expect(await awsStore(awsId)).toMatchObject({ CustomKeyStoreName: "linked-one", XksProxyConfiguration: { AccessKeyId: ks.access_key_id, UriPath: ks.aws_param.xks_proxy_uri_path } });
    expect(emu.state.healthCalls.filter((h) => h.customKeyStoreId.startsWith("cks-")).at(-1)).toMatchObject({ kmsOperation: "CreateCustomKeyStore", outcome: "ok" });
    expect((await grpcError(t.admin.keyStores("Link", { id: ks.id, kms: "emulator", xks_proxy_uri_endpoint: proxyEndpoint }))).code).toBe(ALREADY_EXISTS);
    // the account and region are the AWS store's now
    expect((await grpcError(t.admin.keyStores("Update", { id: ks.id, region: "eu-west-1" }))).code).toBe(FAILED_PRECONDITION);
    expect((await grpcError(t.admin.keyStores("Update", { id: ks.id, kms: "444455556666" }))).code).toBe(FAILED_PRECONDITION);

    const before = emu.state.healthCalls.length;
    const connected = await t.admin.keyStores("Connect", { id: ks.id });
    expect(connected.aws_param).toMatchObject({ connection_state: "CONNECTED", connection_error_code: "" });
    expect(emu.state.healthCalls.slice(before)).toEqual([{ customKeyStoreId: awsId, kmsOperation: "ConnectCustomKeyStore", outcome: "ok" }]);
    expect((await awsStore(awsId)).ConnectionState).toBe("CONNECTED");
    expect((await t.admin.keyStores("Get", { id: ks.id })).aws_param.connection_state).toBe("CONNECTED");

    // AWS refuses to delete a connected store: the user sees AWS's exception, the store stays
    const refused = await grpcError(t.admin.keyStores("Delete", { id: ks.id }));
    expect(refused.code).toBe(FAILED_PRECONDITION);
    expect(refused.details).toMatch(/^AWS KMS CustomKeyStoreInvalidStateException: .*DISCONNECTED.*\(AWS request id [0-9a-f-]{36}\)$/);
    // and the connection it is linked through cannot go
    expect((await grpcError(t.admin.kms("Delete", { id: connId }))).code).toBe(FAILED_PRECONDITION);

    // AWS changes the endpoint only while disconnected: the update is refused in AWS's words and nothing changes here
    const otherEndpoint = proxyEndpoint.replace("127.0.0.1", "localhost");
    const whileConnected = await grpcError(t.admin.keyStores("Update", { id: ks.id, aws_param: { xks_proxy_uri_endpoint: otherEndpoint } }));
    expect(whileConnected.code).toBe(FAILED_PRECONDITION);
    expect(whileConnected.details).toContain("CustomKeyStoreInvalidStateException");
    expect((await t.admin.keyStores("Get", { id: ks.id })).aws_param.xks_proxy_uri_endpoint).toBe(proxyEndpoint);

    const disconnected = await t.admin.keyStores("Disconnect", { id: ks.id });
    expect(disconnected.aws_param.connection_state).toBe("DISCONNECTED");
    expect((await awsStore(awsId)).ConnectionState).toBe("DISCONNECTED");
    const moved = await t.admin.keyStores("Update", { id: ks.id, aws_param: { xks_proxy_uri_endpoint: otherEndpoint } });
    expect(moved.aws_param.xks_proxy_uri_endpoint).toBe(otherEndpoint);
    expect((await awsStore(awsId)).XksProxyConfiguration!.UriEndpoint).toBe(otherEndpoint);
    const pushed = (await audit("KeyStoreService.Update")).find((r) => r.outcome === "success" && r.key_store_id === ks.id);
    expect(pushed?.kms_request_id).toMatch(/^[0-9a-f-]{36}$/);

    for (const op of ["KeyStoreService.Link", "KeyStoreService.Connect", "KeyStoreService.Disconnect", "KeyStoreService.Update"]) {
      const rec = (await audit(op)).find((r) => r.outcome === "success" && r.key_store_id === ks.id);
      expect(rec?.kms_request_id, op).toMatch(/^[0-9a-f-]{36}$/);
    }
    const failed = (await audit("KeyStoreService.Delete")).find((r) => r.outcome === "failure" && r.key_store_id === ks.id);
    expect(failed).toMatchObject({ error_name: "CustomKeyStoreInvalidStateException" });
    expect(failed?.kms_request_id).toMatch(/^[0-9a-f-]{36}$/);

    await t.admin.keyStores("Delete", { id: ks.id });
    const gone = await grpcError(aws.send(new DescribeCustomKeyStoresCommand({ CustomKeyStoreId: awsId })));
    expect((gone as unknown as { name: string }).name).toBe("CustomKeyStoreNotFoundException");
    expect((await grpcError(t.admin.keyStores("Get", { id: ks.id }))).code).toBe(NOT_FOUND);
  });

  it("settles FAILED with AWS's ConnectionErrorCode when AWS holds a credential the proxy no longer accepts", async () => {
    const ks = await keyStore("linked-stale");
    const second = await t.admin.credentials("Create", { custom_key_store_id: ks.id });
    const linked = await t.admin.keyStores("Link", { id: ks.id, kms: connId, xks_proxy_uri_endpoint: proxyEndpoint });
    // AWS was given the newest credential (and deleting it here is refused: AWS holds it)
    expect((await awsStore(linked.aws_param.custom_key_store_id)).XksProxyConfiguration!.AccessKeyId).toBe(second.access_key_id);
    expect(linked.aws_param.aws_credential_id).toBe(second.id);
    expect((await grpcError(t.admin.credentials("Delete", { custom_key_store_id: ks.id, id: second.id }))).code).toBe(FAILED_PRECONDITION);
    // someone gives AWS a credential the proxy does not know, directly in AWS
    await aws.send(
      new UpdateCustomKeyStoreCommand({
        CustomKeyStoreId: linked.aws_param.custom_key_store_id,
        XksProxyAuthenticationCredential: { AccessKeyId: "ZZZZZZZZZZZZZZZZZZZZ", RawSecretAccessKey: "stale/credential/nobody/gave/the/proxy/0000" },
      }),
    );
    // from the CLI, as a user meets it
    const env = { XKS_ADMIN_TOKEN: t.daemon.adminToken, XKS_ADMIN_ADDRESS: `127.0.0.1:${t.daemon.adminPort}` };
    const run = await cli(["admin", "keystore", "connect", "--id", ks.id], env);
    expect({ code: run.code, err: run.err }).toEqual({ code: 1, err: "AWS KMS could not connect the key store: connection_state FAILED, connection_error_code INVALID_CREDENTIALS\n" });
    const failed = JSON.parse(run.out) as Row;
    expect(failed.aws_param).toMatchObject({ connection_state: "FAILED", connection_error_code: "INVALID_CREDENTIALS" });
    // AWS refuses to connect a FAILED store until it is disconnected; its words reach the user
    const again = await cli(["admin", "keystore", "connect", "--id", ks.id], env);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/FAILED_PRECONDITION.*AWS KMS CustomKeyStoreInvalidStateException: .*\(AWS request id [0-9a-f-]{36}\)/);
    expect((await t.admin.keyStores("Disconnect", { id: ks.id })).aws_param).toMatchObject({ connection_state: "DISCONNECTED", connection_error_code: "" });
  });

  it("refuses links AWS or the connection cannot serve, in AWS's words where AWS said no", async () => {
    const other = await keyStore("other-account", "444455556666");
    const wrongAccount = await grpcError(t.admin.keyStores("Link", { id: other.id, kms: "emulator", xks_proxy_uri_endpoint: proxyEndpoint }));
    expect(wrongAccount.code).toBe(FAILED_PRECONDITION);
    expect(wrongAccount.details).toContain("444455556666");

    const ks = await keyStore("name-clash");
    const clash = await grpcError(t.admin.keyStores("Link", { id: ks.id, kms: "emulator", xks_proxy_uri_endpoint: proxyEndpoint, custom_key_store_name: "linked-stale" }));
    expect(clash.code).toBe(ALREADY_EXISTS);
    expect(clash.details).toContain("AWS KMS CustomKeyStoreNameInUseException");
    const rec = (await audit("KeyStoreService.Link")).find((r) => r.outcome === "failure" && r.key_store_id === ks.id);
    expect(rec).toMatchObject({ error_name: "CustomKeyStoreNameInUseException" });
    expect(rec?.kms_request_id).toMatch(/^[0-9a-f-]{36}$/);

    const unreachable = await grpcError(t.admin.keyStores("Link", { id: ks.id, kms: "emulator", xks_proxy_uri_endpoint: "http://127.0.0.1:1" }));
    expect(unreachable.code).toBe(14);
    expect(unreachable.details).toContain("XksProxyUriUnreachableException");
    expect((await grpcError(t.admin.keyStores("Link", { id: ks.id, kms: "emulator", xks_proxy_uri_endpoint: "http://proxy.example.com" }))).code).toBe(INVALID_ARGUMENT);
    expect((await grpcError(t.admin.keyStores("Connect", { id: ks.id }))).details).toContain("not linked");
    expect((await t.admin.keyStores("Get", { id: ks.id })).local_hosted_params.linked_state).toBe(false);
  });

  it("a key store's kms names its connection by name or id; link then uses it, and create --linked-state links in one call", async () => {
    const lhp = { source_key_tier: "local" };
    const byName = await t.admin.keyStores("Create", { name: "named-by-name", kms: "emulator", region: "us-east-1", local_hosted_params: lhp });
    const byId = await t.admin.keyStores("Create", { name: "named-by-id", kms: connId, region: "us-east-1", local_hosted_params: lhp });
    for (const ks of [byName, byId]) {
      // kms answers the store's AWS account (the confused-deputy check's), aws_param the connection
      expect(ks.kms).toBe(ACCOUNT);
      expect(ks.aws_param.kms_connection_id).toBe(connId);
      expect(ks.local_hosted_params.linked_state).toBe(false);
    }
    const notServed = await grpcError(t.admin.keyStores("Create", { name: "not-served", kms: "emulator", region: "ap-south-1", local_hosted_params: lhp }));
    expect([notServed.code, notServed.details.includes("ap-south-1")]).toEqual([FAILED_PRECONDITION, true]);
    const unknown = await grpcError(t.admin.keyStores("Create", { name: "unknown-kms", kms: "no-such-connection", region: "us-east-1", local_hosted_params: lhp }));
    expect([unknown.code, unknown.details]).toEqual([INVALID_ARGUMENT, expect.stringContaining('got "no-such-connection"')]);

    // link needs no kms when the store names its connection; another connection is refused
    const other = await t.admin.kms("Create", { name: "emulator-2", account_id: ACCOUNT, regions: ["us-east-1"], ...{ access_key_id: AWS_CRED.accessKeyId, secret_access_key: AWS_CRED.secretAccessKey }, endpoint: emu.endpoint });
    const conflict = await grpcError(t.admin.keyStores("Link", { id: byId.id, kms: "emulator-2", xks_proxy_uri_endpoint: proxyEndpoint }));
    expect([conflict.code, conflict.details.includes("emulator-2"), conflict.details.includes(connId)]).toEqual([INVALID_ARGUMENT, true, true]);
    const linked = await t.admin.keyStores("Link", { id: byName.id, xks_proxy_uri_endpoint: proxyEndpoint });
    expect(linked.aws_param).toMatchObject({ kms_connection_id: connId, custom_key_store_id: expect.stringMatching(/^cks-/) });
    const bare = await keyStore("bare-account");
    expect(bare.aws_param.kms_connection_id).toBe("");
    expect((await grpcError(t.admin.keyStores("Link", { id: bare.id, xks_proxy_uri_endpoint: proxyEndpoint }))).details).toContain("names no AWS connection");
    // a bare store may name a connection later; a linked one keeps a connection of its account
    expect((await t.admin.keyStores("Update", { id: bare.id, kms: "emulator-2" })).aws_param.kms_connection_id).toBe(other.id);
    expect((await grpcError(t.admin.keyStores("Update", { id: byName.id, kms: ACCOUNT }))).code).toBe(FAILED_PRECONDITION);
    expect((await grpcError(t.admin.kms("Delete", { id: other.id }))).code).toBe(FAILED_PRECONDITION);

    // create --linked-state, from the CLI: created, linked with its first credential, answered once
    const env = { XKS_ADMIN_TOKEN: t.daemon.adminToken, XKS_ADMIN_ADDRESS: `127.0.0.1:${t.daemon.adminPort}` };
    const run = await cli(["admin", "keystore", "create", "--name", "linked-at-create", "--kms", "emulator", "--region", "us-east-1", "--linked-state", "--xks-proxy-uri-endpoint", proxyEndpoint], env);
    expect(run.err).toBe("");
    const made = JSON.parse(run.out) as Row;
    expect(made.local_hosted_params.linked_state).toBe(true);
    expect(made.secret_access_key).toMatch(/.{43,}/);
    expect(made.aws_param).toMatchObject({ kms_connection_id: connId, connection_state: "DISCONNECTED", xks_proxy_uri_endpoint: proxyEndpoint });
    expect((await awsStore(made.aws_param.custom_key_store_id)).XksProxyConfiguration).toMatchObject({ AccessKeyId: made.access_key_id, UriPath: made.aws_param.xks_proxy_uri_path });
    expect((await t.admin.keyStores("Connect", { id: made.id })).aws_param.connection_state).toBe("CONNECTED");
    expect((await t.admin.keyStores("Disconnect", { id: made.id })).aws_param.connection_state).toBe("DISCONNECTED");

    // refused before anything is created when the link could not be made
    const bareLinked = await grpcError(t.admin.keyStores("Create", { name: "bare-linked", kms: ACCOUNT, region: "us-east-1", linked_state: true, aws_param: { xks_proxy_uri_endpoint: proxyEndpoint } }));
    expect([bareLinked.code, bareLinked.details.startsWith("kms:")]).toEqual([INVALID_ARGUMENT, true]);
    const noEndpoint = await grpcError(t.admin.keyStores("Create", { name: "bare-linked", kms: "emulator", region: "us-east-1", linked_state: true }));
    expect(noEndpoint.details).toContain("xks_proxy_uri_endpoint");
    expect((await t.admin.keyStores("List", { name: "bare-linked" })).total).toBe(0);
    // AWS refusing the link leaves the store created and unlinked, and says how to finish
    const unreachable = await grpcError(t.admin.keyStores("Create", { name: "link-fails", kms: "emulator", region: "us-east-1", linked_state: true, aws_param: { xks_proxy_uri_endpoint: "http://127.0.0.1:1" } }));
    expect(unreachable.code).toBe(14);
    expect(unreachable.details).toMatch(/XksProxyUriUnreachableException: .*key store [0-9a-f-]{36} was created but not linked; run "credential create/);
    const left = (await t.admin.keyStores("List", { name: "link-fails" })).resources[0] as Row;
    expect(left.local_hosted_params.linked_state).toBe(false);
    const retried = await t.admin.keyStores("Link", { id: left.id, xks_proxy_uri_endpoint: proxyEndpoint });
    expect(retried.local_hosted_params.linked_state).toBe(true);
  });

  it("links HYOK keys: AWS creates the KMS key after checking it with the proxy's GetKeyMetadata, and the ARN is recorded", async () => {
    const ks = await keyStore("hyok-store");
    await t.admin.keyStores("Link", { id: ks.id, kms: "emulator", xks_proxy_uri_endpoint: proxyEndpoint });
    const awsId = (await t.admin.keyStores("Get", { id: ks.id })).aws_param.custom_key_store_id as string;
    const hyok = async (usage: Row = {}, extra: Row = {}) => {
      const sk = await t.admin.sourceKeys("Create", { source_key_tier: "local", label: `hl-${randomBytes(4).toString("hex")}`, ...usage });
      const vk = await t.admin.virtualKeys("Create", { source_key_id: sk.id });
      return (await t.admin.hyokKeys("Create", { local_hosted_params: { custom_key_store_id: ks.id, virtual_key_id: vk.id }, ...extra })).id as string;
    };
    const full = await hyok({}, { aws_param: { Description: "orders", Tags: [{ TagKey: "team", TagValue: "blue" }] } });
    // AWS creates keys only in a CONNECTED store, and says so
    const disconnected = await grpcError(t.admin.hyokKeys("Link", { id: full }));
    expect(disconnected.code).toBe(FAILED_PRECONDITION);
    expect(disconnected.details).toContain("CustomKeyStoreInvalidStateException");
    expect((await t.admin.keyStores("Connect", { id: ks.id })).aws_param.connection_state).toBe("CONNECTED");

    const linked = await t.admin.hyokKeys("Link", { id: full });
    expect(linked.linked_state).toBe(true);
    expect(linked.aws_param).toMatchObject({ KeyState: "Enabled", AWSAccountId: ACCOUNT, Description: "orders" });
    expect(linked.aws_param.Arn).toBe(`arn:aws:kms:us-east-1:${ACCOUNT}:key/${linked.aws_param.KeyID}`);
    const md = (await aws.send(new DescribeKeyCommand({ KeyId: linked.aws_param.Arn }))).KeyMetadata!;
    expect(md).toMatchObject({ CustomKeyStoreId: awsId, Origin: "EXTERNAL_KEY_STORE", XksKeyConfiguration: { Id: full }, Description: "orders" });
    const rec = (await audit("HyokKeyService.Link")).find((r) => r.outcome === "success" && r.target_id === full);
    expect(rec?.kms_request_id).toMatch(/^[0-9a-f-]{36}$/);
    expect((await grpcError(t.admin.hyokKeys("Link", { id: full }))).code).toBe(ALREADY_EXISTS);

    // a key the proxy cannot use for both encrypt and decrypt is refused by AWS
    const encOnly = await hyok({ encrypt: true, decrypt: false });
    const bad = await grpcError(t.admin.hyokKeys("Link", { id: encOnly }));
    expect(bad.code).toBe(FAILED_PRECONDITION);
    expect(bad.details).toContain("AWS KMS XksKeyInvalidConfigurationException");
    expect((await t.admin.hyokKeys("Get", { id: encOnly })).linked_state).toBe(false);

    // policy lists are composed into the key policy (test/aws-hyok-policy.test.ts checks the document)
    const withAdmins = await hyok({}, { key_admins: ["arn:aws:iam::111122223333:user/alice"] });
    expect((await t.admin.hyokKeys("Link", { id: withAdmins })).linked_state).toBe(true);

    // a CreateKey that reached AWS but was never recorded: the next link adopts AWS's key
    const orphan = await hyok();
    const made = (await aws.send(new CreateKeyCommand({ Origin: "EXTERNAL_KEY_STORE", CustomKeyStoreId: awsId, XksKeyId: orphan }))).KeyMetadata!;
    expect((await t.admin.hyokKeys("Link", { id: orphan })).aws_param.Arn).toBe(made.Arn);
  });
});
