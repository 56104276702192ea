/**
 * Assume-role AWS connections end to end: a real daemon, the KMS emulator with its STS on loopback,
 * the admin API over real gRPC and the built CLI. The daemon assumes the connection's role through
 * STS AssumeRole (SDK's fromTemporaryCredentials, external id), signs KMS calls with the temporary
 * credentials and their session token; STS's refusal reaches the user in STS's words.
 */
import { DescribeCustomKeyStoresCommand, KMSClient } from "@aws-sdk/client-kms";
import { fromTemporaryCredentials } from "@aws-sdk/credential-providers";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startKmsEmulator, type KmsEmulator } from "../tools/kms-emulator/server.js";
import { startTestDaemon, type TestDaemon } from "./helpers/daemon.js";
import { grpcError, runCli as cli } from "./helpers/cli.js";

const ACCOUNT = "111122223333";
const ROLE = `arn:aws:iam::${ACCOUNT}:role/xks/xks-proxy-admin`;
const EXTERNAL_ID = "xks-proxy-ext-7f3a";
const SOURCE = { accessKeyId: "AKIAXKSPROXYSOURCE01", secretAccessKey: "source/key/of/the/role/assumer/0000000000" };
const PERMISSION_DENIED = 7;
const INVALID_ARGUMENT = 3;

type Row = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test-side JSON

describe("assume-role AWS connections through the emulator's STS", () => {
  let t: TestDaemon;
  let emu: KmsEmulator;
  let proxyEndpoint: string;
  let env: NodeJS.ProcessEnv;
  let connId = "";
  const okAssumes = () => emu.sts.assumeRoleCalls.filter((c) => c.outcome === "ok").length;
  const audit = async (operation: string) => (await t.admin.audit("List", { operation, limit: 100 })).resources as Row[];

  beforeAll(async () => {
    t = await startTestDaemon();
    proxyEndpoint = `http://127.0.0.1:${t.daemon.xksPort}`;
    emu = await startKmsEmulator({
      credentials: [{ ...SOURCE, accountId: ACCOUNT }],
      roles: [{ roleArn: ROLE, externalId: EXTERNAL_ID }],
      allowHttpProxy: true,
      proxyTimeoutMs: 2000,
    });
    env = { XKS_ADMIN_TOKEN: t.daemon.adminToken, XKS_ADMIN_ADDRESS: `127.0.0.1:${t.daemon.adminPort}` };
  });
  afterAll(async () => {
    await emu?.close();
    await t?.stop();
  });

  it("creates an assume-role connection from the CLI; a role of another account is refused", async () => {
    const base = ["admin", "kms", "create", "--account-id", ACCOUNT, "--regions", "us-east-1", "--auth-type", "assume-role", "--endpoint", emu.endpoint];
    const key = ["--access-key-id", SOURCE.accessKeyId, "--secret-access-key", SOURCE.secretAccessKey];
    const r = await cli([...base, "--name", "by-role", "--assume-role-arn", ROLE, "--external-id", EXTERNAL_ID, ...key], env);
    expect(r.err).toBe("");
    const conn = JSON.parse(r.out) as Row;
    connId = conn.id;
    expect(conn).toMatchObject({ auth_type: "assume-role", assume_role_arn: ROLE, external_id: EXTERNAL_ID, access_key_id: SOURCE.accessKeyId, account_id: ACCOUNT });
    expect(r.out).not.toContain(SOURCE.secretAccessKey);

    const foreign = await cli([...base, "--name", "foreign-role", "--assume-role-arn", "arn:aws:iam::444455556666:role/xks-proxy-admin", ...key], env);
    expect(foreign.code).not.toBe(0);
    expect(foreign.err).toMatch(/INVALID_ARGUMENT.*assume_role_arn: names a role of AWS account 444455556666, but the connection is for account 111122223333/);
    expect((await t.admin.kms("List", {})).total).toBe(1);
    expect(okAssumes()).toBe(0); // nothing was assumed at create
  });

  it("links (create --linked-state) and connects through the assumed role, asking STS once", async () => {
    const ks = await t.admin.keyStores("Create", {
      name: "role-store",
      kms: "by-role",
      region: "us-east-1",
      linked_state: true,
      aws_param: { xks_proxy_uri_endpoint: proxyEndpoint },
      local_hosted_params: { source_key_tier: "local" },
    });
    expect(ks.local_hosted_params.linked_state).toBe(true);
    expect(ks.aws_param.kms_connection_id).toBe(connId);
    const connected = await t.admin.keyStores("Connect", { id: ks.id });
    expect(connected.aws_param).toMatchObject({ connection_state: "CONNECTED", connection_error_code: "" });
    // link, connect and its polls signed with one set of temporary credentials, kept between calls
    expect(emu.sts.assumeRoleCalls).toEqual([{ roleArn: ROLE, callerAccount: ACCOUNT, outcome: "ok" }]);
    // the AWS store lives in the role's (the connection's) account
    const direct = new KMSClient({ endpoint: emu.endpoint, region: "us-east-1", credentials: SOURCE, maxAttempts: 1 });
    try {
      const seen = (await direct.send(new DescribeCustomKeyStoresCommand({ CustomKeyStoreId: ks.aws_param.custom_key_store_id }))).CustomKeyStores![0]!;
      expect(seen.ConnectionState).toBe("CONNECTED");
    } finally {
      direct.destroy();
    }
    expect((await t.admin.keyStores("Disconnect", { id: ks.id })).aws_param.connection_state).toBe("DISCONNECTED");
  });

  it("renews the role's credentials in the last 5 minutes before they expire, not before, and not after", async () => {
    /** a synchronization job over the role's connection (AWS calls only), polled until it ends */
    const sync = async () => {
      const { id } = await t.admin.keyStores("Sync", { kms: ["by-role"], regions: ["us-east-1"] });
      for (;;) {
        const j = await t.admin.syncJobs("Get", { id });
        if (j.overall_status !== "in_progress") return j;
      }
    };
    const held = emu.sts.assumeRoleCalls.length;
    // STS's default session lasts 3600 s. The daemon's main thread and the emulator share this
    // clock; the data-plane threads keep theirs, so nothing here makes AWS call the proxy.
    const start = Date.now();
    vi.useFakeTimers({ toFake: ["Date"], now: start });
    try {
      vi.setSystemTime(start + 54 * 60_000); // 6 minutes left: the held credentials serve
      expect(await sync()).toMatchObject({ overall_status: "completed", errors: [] });
      expect(emu.sts.assumeRoleCalls.length).toBe(held);
      vi.setSystemTime(start + 56 * 60_000); // 4 minutes left: renewed while the old ones still work
      expect(await sync()).toMatchObject({ overall_status: "completed", errors: [] });
      expect(emu.sts.assumeRoleCalls.slice(held)).toEqual([{ roleArn: ROLE, callerAccount: ACCOUNT, outcome: "ok" }]);
      vi.setSystemTime(start + 90 * 60_000); // past the first session's end: the renewed one serves
      expect(await sync()).toMatchObject({ overall_status: "completed", errors: [] });
      expect(emu.sts.assumeRoleCalls.length).toBe(held + 1);
    } finally {
      vi.useRealTimers();
    }
  });

  it("a wrong external id: the user sees STS's AccessDenied with its request id, audited; the right one works again", async () => {
    await t.admin.kms("Update", { id: connId, external_id: "not-the-agreed-id" });
    const ks = (await t.admin.keyStores("List", { name: "role-store" })).resources[0] as Row;
    const run = await cli(["admin", "keystore", "connect", "--id", ks.id], env);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(
      new RegExp(`PERMISSION_DENIED.*AWS STS AccessDenied: User: arn:aws:iam::${ACCOUNT}:user/${SOURCE.accessKeyId} is not authorized to perform: sts:AssumeRole on resource: ${ROLE} \\(AWS request id [0-9a-f-]{36}\\)`),
    );
    const e = await grpcError(t.admin.keyStores("Connect", { id: ks.id }));
    expect(e.code).toBe(PERMISSION_DENIED);
    const rec = (await audit("KeyStoreService.Connect")).find((r) => r.outcome === "failure");
    expect(rec).toMatchObject({ error_name: "AccessDenied", key_store_id: ks.id });
    expect(rec?.kms_request_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(emu.sts.assumeRoleCalls.at(-1)).toMatchObject({ outcome: "AccessDenied" });

    // the edited connection gets fresh credentials: the agreed id works again
    const before = okAssumes();
    await t.admin.kms("Update", { id: connId, external_id: EXTERNAL_ID });
    expect((await t.admin.keyStores("Connect", { id: ks.id })).aws_param.connection_state).toBe("CONNECTED");
    expect(okAssumes()).toBe(before + 1);
    expect((await t.admin.keyStores("Disconnect", { id: ks.id })).aws_param.connection_state).toBe("DISCONNECTED");
  });

  it("assumes the role with the host's default credential chain when the connection has no key", async () => {
    const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
    process.env.AWS_ACCESS_KEY_ID = SOURCE.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = SOURCE.secretAccessKey;
    try {
      const conn = await t.admin.kms("Create", { name: "role-by-chain", account_id: ACCOUNT, regions: ["us-east-1"], auth_type: "assume-role", assume_role_arn: ROLE, external_id: EXTERNAL_ID, endpoint: emu.endpoint });
      expect(conn).toMatchObject({ auth_type: "assume-role", access_key_id: "" });
      const ks = await t.admin.keyStores("Create", { name: "chain-store", kms: conn.id, region: "us-east-1", local_hosted_params: { source_key_tier: "local" } });
      const before = okAssumes();
      expect((await t.admin.keyStores("Link", { id: ks.id, xks_proxy_uri_endpoint: proxyEndpoint })).local_hosted_params.linked_state).toBe(true);
      expect(okAssumes()).toBe(before + 1);
    } finally {
      if (saved.id === undefined) delete process.env.AWS_ACCESS_KEY_ID;
      else process.env.AWS_ACCESS_KEY_ID = saved.id;
      if (saved.secret === undefined) delete process.env.AWS_SECRET_ACCESS_KEY;
      else process.env.AWS_SECRET_ACCESS_KEY = saved.secret;
    }
    // switching away from assume-role drops the role
    const plain = await t.admin.kms("Update", { id: (await t.admin.kms("Get", { id: "role-by-chain" })).id, auth_type: "default-chain" });
    expect(plain).toMatchObject({ auth_type: "default-chain", assume_role_arn: "", external_id: "" });
    expect((await grpcError(t.admin.kms("Update", { id: plain.id, external_id: "ab" }))).code).toBe(INVALID_ARGUMENT);
  });

  it("the emulator's KMS accepts issued credentials only with their session token, until they expire; STS validates as AWS does", async () => {
    const assume = (params: { RoleSessionName: string; ExternalId?: string }) =>
      fromTemporaryCredentials({ params: { RoleArn: ROLE, ...params }, masterCredentials: SOURCE, clientConfig: { region: "us-east-1", endpoint: emu.endpoint } })();
    const temp = await assume({ RoleSessionName: "emulator-check", ExternalId: EXTERNAL_ID });
    expect(temp.accessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(temp.expiration!.getTime()).toBeGreaterThan(Date.now() + 3500_000);
    const describeWith = async (credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }) => {
      const c = new KMSClient({ endpoint: emu.endpoint, region: "us-east-1", credentials, maxAttempts: 1 });
      try {
        return await c.send(new DescribeCustomKeyStoresCommand({}));
      } finally {
        c.destroy();
      }
    };
    expect((await describeWith(temp)).CustomKeyStores!.length).toBeGreaterThan(0);
    const noToken = await grpcError(describeWith({ accessKeyId: temp.accessKeyId, secretAccessKey: temp.secretAccessKey }));
    expect(noToken.name).toBe("UnrecognizedClientException");
    const otherToken = await grpcError(describeWith({ ...temp, sessionToken: "b3RoZXI=" }));
    expect(otherToken.name).toBe("UnrecognizedClientException");
    const session = emu.sts.session(temp.accessKeyId)!;
    expect(() => emu.sts.checkToken(session, { "x-amz-security-token": temp.sessionToken }, session.expiresAt)).toThrow(/expired/);

    const badName = await grpcError(assume({ RoleSessionName: "x", ExternalId: EXTERNAL_ID }));
    expect([badName.name, badName.message]).toEqual(["ValidationError", expect.stringContaining("roleSessionName")]);
    const noId = await grpcError(assume({ RoleSessionName: "emulator-check" }));
    expect(noId.name).toBe("AccessDenied");
  });
});
