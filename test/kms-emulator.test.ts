/**
 * The AWS KMS emulator (tools/kms-emulator), driven by the real @aws-sdk/client-kms against a real
 * xks-proxy daemon: SigV4 is enforced, ConnectCustomKeyStore really calls the proxy's GetHealthStatus
 * and CreateKey its GetKeyMetadata, and AWS's error names come back through the SDK.
 */
import {
  ConnectCustomKeyStoreCommand,
  CreateCustomKeyStoreCommand,
  CreateKeyCommand,
  DeleteCustomKeyStoreCommand,
  DescribeCustomKeyStoresCommand,
  DescribeKeyCommand,
  DisconnectCustomKeyStoreCommand,
  KMSClient,
  ListKeysCommand,
  ScheduleKeyDeletionCommand,
  UpdateCustomKeyStoreCommand,
} from "@aws-sdk/client-kms";
import { randomBytes } from "node:crypto";
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startKmsEmulator, type KmsEmulator } from "../tools/kms-emulator/server.js";
import { startTestDaemon, type TestDaemon } from "./helpers/daemon.js";
import { eventually } from "./helpers/eventually.js";

const ACCOUNT = "111122223333";
const AWS_CRED = { accessKeyId: "AKIAEMULATORTEST0001", secretAccessKey: "emulator/secret/key/for/tests/only/0123456" };

async function awsError(p: Promise<unknown>): Promise<{ name: string; message: string; requestId?: string }> {
  try {
    await p;
  } catch (e) {
    const err = e as { name: string; message: string; $metadata?: { requestId?: string } };
    return { name: err.name, message: err.message, requestId: err.$metadata?.requestId };
  }
  throw new Error("expected an AWS error");
}

function rawPost(port: number, headers: Record<string, string>, body: string): Promise<{ status: number; json: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path: "/", method: "POST", agent: false, headers: { ...headers, "content-length": Buffer.byteLength(body) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown> }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

describe("AWS KMS emulator against a real xks-proxy", () => {
  let t: TestDaemon;
  let emu: KmsEmulator;
  let kms: KMSClient;
  let proxyEndpoint: string;
  let uriPath: string;
  let cred: { AccessKeyId: string; RawSecretAccessKey: string };
  let hyokFull: string;
  let hyokEncOnly: string;
  let silent: Server;
  let silentEndpoint: string;
  const storeName = `emu-${randomBytes(4).toString("hex")}`;
  let storeId = "";

  const describeStore = async (id: string) => (await kms.send(new DescribeCustomKeyStoresCommand({ CustomKeyStoreId: id }))).CustomKeyStores![0]!;
  const settled = (id: string) =>
    eventually(async () => {
      const s = await describeStore(id);
      if (s.ConnectionState === "CONNECTING") throw new Error("still connecting");
      return s;
    }, 10_000);
  const createStore = (name: string, o: { endpoint?: string; path?: string; credential?: typeof cred } = {}) =>
    kms.send(
      new CreateCustomKeyStoreCommand({
        CustomKeyStoreName: name,
        CustomKeyStoreType: "EXTERNAL_KEY_STORE",
        XksProxyConnectivity: "PUBLIC_ENDPOINT",
        XksProxyUriEndpoint: o.endpoint ?? proxyEndpoint,
        XksProxyUriPath: o.path ?? uriPath,
        XksProxyAuthenticationCredential: o.credential ?? cred,
      }),
    );

  beforeAll(async () => {
    t = await startTestDaemon();
    const ks = await t.admin.keyStores("Create", { name: "emulated", region: "us-east-1", kms: ACCOUNT, local_hosted_params: { source_key_tier: "local", max_credentials: 5 } });
    proxyEndpoint = `http://127.0.0.1:${t.daemon.xksPort}`;
    uriPath = ks.aws_param.xks_proxy_uri_path;
    cred = { AccessKeyId: ks.access_key_id, RawSecretAccessKey: ks.secret_access_key };
    const hyok = async (usage: Record<string, boolean>) => {
      const sk = await t.admin.sourceKeys("Create", { source_key_tier: "local", label: `emu-${randomBytes(4).toString("hex")}`, ...usage });
      const vk = await t.admin.virtualKeys("Create", { source_key_id: sk.id });
      return (await t.admin.hyokKeys("Create", { local_hosted_params: { custom_key_store_id: ks.id, virtual_key_id: vk.id } })).id as string;
    };
    hyokFull = await hyok({});
    hyokEncOnly = await hyok({ encrypt: true, decrypt: false });
    emu = await startKmsEmulator({ credentials: [{ ...AWS_CRED, accountId: ACCOUNT }], allowHttpProxy: true, proxyTimeoutMs: 2000 });
    kms = new KMSClient({ endpoint: emu.endpoint, region: "us-east-1", credentials: AWS_CRED, maxAttempts: 1 });
    // accepts connections and never answers: a proxy that times out
    silent = createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", () => r()));
    silentEndpoint = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    kms?.destroy();
    silent?.closeAllConnections();
    silent?.close();
    await emu?.close();
    await t?.stop();
  });

  it("refuses unsigned requests, unknown access keys and bad signatures with AWS's error names", async () => {
    const unsigned = await rawPost(emu.port, { "content-type": "application/x-amz-json-1.1", "x-amz-target": "TrentService.ListKeys" }, "{}");
    expect(unsigned.json.__type).toBe("MissingAuthenticationTokenException");
    const unknown = new KMSClient({ endpoint: emu.endpoint, region: "us-east-1", credentials: { accessKeyId: "AKIAUNKNOWNUNKNOWN00", secretAccessKey: AWS_CRED.secretAccessKey }, maxAttempts: 1 });
    expect((await awsError(unknown.send(new ListKeysCommand({})))).name).toBe("UnrecognizedClientException");
    const wrongSecret = new KMSClient({ endpoint: emu.endpoint, region: "us-east-1", credentials: { ...AWS_CRED, secretAccessKey: "not-the-secret" }, maxAttempts: 1 });
    expect((await awsError(wrongSecret.send(new ListKeysCommand({})))).name).toBe("InvalidSignatureException");
    const wrongRegion = new KMSClient({ endpoint: emu.endpoint, region: "eu-west-1", credentials: AWS_CRED, maxAttempts: 1 });
    expect((await awsError(wrongRegion.send(new ListKeysCommand({})))).name).toBe("InvalidSignatureException");
    for (const c of [unknown, wrongSecret, wrongRegion]) c.destroy();
  });

  it("refuses a proxy credential the proxy does not accept when creating the store", async () => {
    const bad = { AccessKeyId: cred.AccessKeyId, RawSecretAccessKey: randomBytes(32).toString("base64") };
    const e = await awsError(createStore(`${storeName}-bad`, { credential: bad }));
    expect(e.name).toBe("XksProxyIncorrectAuthenticationCredentialException");
    expect(e.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect((await awsError(createStore(`${storeName}-down`, { endpoint: "http://127.0.0.1:1" }))).name).toBe("XksProxyUriUnreachableException");
    expect((await awsError(createStore(`${storeName}-path`, { path: "/nowhere/kms/xks/v1" }))).name).toBe("XksProxyInvalidConfigurationException");
  });

  it("creates an external key store (DISCONNECTED), refuses a name in use, connects it through the proxy's GetHealthStatus", async () => {
    const created = await createStore(storeName);
    storeId = created.CustomKeyStoreId!;
    expect(storeId).toMatch(/^cks-[0-9a-f]{17}$/);
    expect(created.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
    const s = await describeStore(storeId);
    expect(s).toMatchObject({ CustomKeyStoreName: storeName, CustomKeyStoreType: "EXTERNAL_KEY_STORE", ConnectionState: "DISCONNECTED", XksProxyConfiguration: { Connectivity: "PUBLIC_ENDPOINT", AccessKeyId: cred.AccessKeyId, UriEndpoint: proxyEndpoint, UriPath: uriPath } });
    expect((await awsError(createStore(storeName, { path: "/other/kms/xks/v1" }))).name).toBe("CustomKeyStoreNameInUseException");
    expect((await awsError(createStore(`${storeName}-same-uri`))).name).toBe("XksProxyUriInUseException");

    const before = emu.state.healthCalls.length;
    await kms.send(new ConnectCustomKeyStoreCommand({ CustomKeyStoreId: storeId }));
    expect((await settled(storeId)).ConnectionState).toBe("CONNECTED");
    expect(emu.state.healthCalls.slice(before)).toEqual([{ customKeyStoreId: storeId, kmsOperation: "ConnectCustomKeyStore", outcome: "ok" }]);
    expect((await describeStore(storeId)).ConnectionErrorCode).toBeUndefined();
  });

  it("allows name and credential updates while connected but the endpoint only while disconnected", async () => {
    const e = await awsError(kms.send(new UpdateCustomKeyStoreCommand({ CustomKeyStoreId: storeId, XksProxyUriEndpoint: silentEndpoint })));
    expect(e.name).toBe("CustomKeyStoreInvalidStateException");
    expect(e.message).toContain("DISCONNECTED");
    const wrong = { AccessKeyId: cred.AccessKeyId, RawSecretAccessKey: randomBytes(32).toString("base64") };
    expect((await awsError(kms.send(new UpdateCustomKeyStoreCommand({ CustomKeyStoreId: storeId, XksProxyAuthenticationCredential: wrong })))).name).toBe("XksProxyIncorrectAuthenticationCredentialException");
    await kms.send(new UpdateCustomKeyStoreCommand({ CustomKeyStoreId: storeId, NewCustomKeyStoreName: `${storeName}-renamed`, XksProxyAuthenticationCredential: cred }));
    expect((await describeStore(storeId)).CustomKeyStoreName).toBe(`${storeName}-renamed`);
  });

  it("creates keys only for external keys the proxy knows as AES-256 with both usages", async () => {
    const created = await kms.send(new CreateKeyCommand({ Origin: "EXTERNAL_KEY_STORE", CustomKeyStoreId: storeId, XksKeyId: hyokFull, Description: "linked" }));
    const md = created.KeyMetadata!;
    expect(md).toMatchObject({ Origin: "EXTERNAL_KEY_STORE", CustomKeyStoreId: storeId, KeyState: "Enabled", AWSAccountId: ACCOUNT, XksKeyConfiguration: { Id: hyokFull } });
    expect(md.Arn).toBe(`arn:aws:kms:us-east-1:${ACCOUNT}:key/${md.KeyId}`);
    expect((await kms.send(new DescribeKeyCommand({ KeyId: md.Arn }))).KeyMetadata!.KeyId).toBe(md.KeyId);
    expect((await kms.send(new ListKeysCommand({}))).Keys!.map((k) => k.KeyArn)).toContain(md.Arn);
    expect((await awsError(kms.send(new CreateKeyCommand({ Origin: "EXTERNAL_KEY_STORE", CustomKeyStoreId: storeId, XksKeyId: hyokFull })))).name).toBe("XksKeyAlreadyInUseException");
    expect((await awsError(kms.send(new CreateKeyCommand({ Origin: "EXTERNAL_KEY_STORE", CustomKeyStoreId: storeId, XksKeyId: "no-such-key" })))).name).toBe("XksKeyNotFoundException");
    const encOnly = await awsError(kms.send(new CreateKeyCommand({ Origin: "EXTERNAL_KEY_STORE", CustomKeyStoreId: storeId, XksKeyId: hyokEncOnly })));
    expect(encOnly.name).toBe("XksKeyInvalidConfigurationException");
    expect(encOnly.message).toContain("ENCRYPT and DECRYPT");
    expect((await awsError(kms.send(new DescribeKeyCommand({ KeyId: "00000000-0000-0000-0000-000000000000" })))).name).toBe("NotFoundException");
  });

  it("refuses to delete a connected store or one that holds keys", async () => {
    expect((await awsError(kms.send(new DeleteCustomKeyStoreCommand({ CustomKeyStoreId: storeId })))).name).toBe("CustomKeyStoreInvalidStateException");
    await kms.send(new DisconnectCustomKeyStoreCommand({ CustomKeyStoreId: storeId }));
    expect((await describeStore(storeId)).ConnectionState).toBe("DISCONNECTED");
    expect((await awsError(kms.send(new DisconnectCustomKeyStoreCommand({ CustomKeyStoreId: storeId })))).name).toBe("CustomKeyStoreInvalidStateException");
    const [key] = (await kms.send(new ListKeysCommand({}))).Keys!;
    const sched = await kms.send(new ScheduleKeyDeletionCommand({ KeyId: key!.KeyId, PendingWindowInDays: 7 }));
    expect(sched.KeyState).toBe("PendingDeletion");
    const e = await awsError(kms.send(new DeleteCustomKeyStoreCommand({ CustomKeyStoreId: storeId })));
    expect(e.name).toBe("CustomKeyStoreHasCMKsException");
    expect((await awsError(kms.send(new DescribeCustomKeyStoresCommand({ CustomKeyStoreId: "cks-00000000000000000" })))).name).toBe("CustomKeyStoreNotFoundException");
  });

  it("settles a connection FAILED with AWS's ConnectionErrorCode for each way the proxy can be wrong", async () => {
    const cases: [string, Record<string, unknown>, string][] = [
      ["creds", { XksProxyAuthenticationCredential: { AccessKeyId: cred.AccessKeyId, RawSecretAccessKey: randomBytes(32).toString("base64") } }, "INVALID_CREDENTIALS"],
      ["down", { XksProxyUriEndpoint: "http://127.0.0.1:1" }, "XKS_PROXY_NOT_REACHABLE"],
      ["silent", { XksProxyUriEndpoint: silentEndpoint }, "XKS_PROXY_TIMED_OUT"],
      ["path", { XksProxyUriPath: "/nowhere/kms/xks/v1" }, "XKS_PROXY_INVALID_CONFIGURATION"],
    ];
    for (const [suffix, change, code] of cases) {
      // the same proxy under another host name: a URI no other store uses
      const id = (await createStore(`${storeName}-${suffix}`, { endpoint: proxyEndpoint.replace("127.0.0.1", "localhost") })).CustomKeyStoreId!;
      await kms.send(new UpdateCustomKeyStoreCommand({ CustomKeyStoreId: id, ...change }));
      await kms.send(new ConnectCustomKeyStoreCommand({ CustomKeyStoreId: id }));
      const s = await settled(id);
      expect({ suffix, state: s.ConnectionState, code: s.ConnectionErrorCode }).toEqual({ suffix, state: "FAILED", code });
      expect((await awsError(kms.send(new ConnectCustomKeyStoreCommand({ CustomKeyStoreId: id })))).name).toBe("CustomKeyStoreInvalidStateException");
      await kms.send(new DisconnectCustomKeyStoreCommand({ CustomKeyStoreId: id }));
      await kms.send(new DeleteCustomKeyStoreCommand({ CustomKeyStoreId: id }));
    }
  });

  it("accepts only https:// proxy endpoints unless started for loopback http trials", async () => {
    const strict = await startKmsEmulator({ credentials: [{ ...AWS_CRED, accountId: ACCOUNT }] });
    const c = new KMSClient({ endpoint: strict.endpoint, region: "us-east-1", credentials: AWS_CRED, maxAttempts: 1 });
    try {
      const e = await awsError(c.send(new CreateCustomKeyStoreCommand({ CustomKeyStoreName: "x", CustomKeyStoreType: "EXTERNAL_KEY_STORE", XksProxyConnectivity: "PUBLIC_ENDPOINT", XksProxyUriEndpoint: proxyEndpoint, XksProxyUriPath: uriPath, XksProxyAuthenticationCredential: cred })));
      expect(e.name).toBe("XksProxyInvalidConfigurationException");
      expect(e.message).toContain("https://");
    } finally {
      c.destroy();
      await strict.close();
    }
  });
});
