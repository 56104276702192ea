/**
 * Every kind of admin change reaches a real daemon's data plane (two uWS threads, real HTTP) as a
 * delta by the time the admin call answers: key stores, credentials, source keys, virtual keys and
 * HYOK keys, each created, updated, blocked, rotated and deleted where the API allows it.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestDaemon, type TestDaemon } from "./helpers/daemon.js";
import { meta } from "./helpers/dataplane-suite.js";
import { STORE_ENGINES, useStoreEngines } from "./helpers/store-engines.js";
import { signedPost, type Credential, type Reply } from "./helpers/sign.js";

useStoreEngines();

describe.each(STORE_ENGINES)("admin changes reach the data plane as deltas, %s store", (engine) => {
  let t: TestDaemon;
  let storeId = "";
  let base = "";
  let cred: Credential;
  let keyId = "";
  let vkId = "";
  let skId = "";

  const post = (path: string, body: unknown, c: Credential = cred) => signedPost(t.daemon.xksPort, `${base}${path}`, body, c);
  const encryptWith = (c: Credential = cred, kmsKeyArn?: string) =>
    post(`/keys/${keyId}/encrypt`, { requestMetadata: meta("Encrypt", kmsKeyArn ? { kmsKeyArn } : {}), plaintext: randomBytes(16).toString("base64"), encryptionAlgorithm: "AES_GCM" }, c);
  /** the same request several times on new connections, so both threads answer it */
  async function everywhere(send: () => Promise<Reply>): Promise<string[]> {
    const replies = await Promise.all(Array.from({ length: 6 }, send));
    return [...new Set(replies.map((r) => `${r.status} ${r.json.errorName ?? ""}`.trim()))];
  }
  const updates = () =>
    t.logs
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l.msg === "key view updated");

  beforeAll(async () => {
    t = await startTestDaemon({ xks: { threads: 2 }, store: engine });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it("key store, credential, source key, virtual key and HYOK key: create", async () => {
    const ks = await t.admin.keyStores("Create", { name: "deltas", kms: "111122223333", region: "us-east-1", local_hosted_params: { max_credentials: 3 } });
    storeId = ks.id;
    base = ks.aws_param.xks_proxy_uri_path;
    cred = { accessKeyId: ks.access_key_id, secretAccessKey: ks.secret_access_key };
    expect(await everywhere(() => post("/health", { requestMetadata: { kmsRequestId: "h", kmsOperation: "KmsHealthCheck" } }))).toEqual(["200"]);
    skId = (await t.admin.sourceKeys("Create", {})).id;
    vkId = (await t.admin.virtualKeys("Create", { source_key_id: skId })).id;
    keyId = (await t.admin.hyokKeys("Create", { local_hosted_params: { custom_key_store_id: storeId, virtual_key_id: vkId } })).id;
    expect(await everywhere(() => encryptWith())).toEqual(["200"]);
  });

  it("key store: update (its AWS account) and block/unblock", async () => {
    await t.admin.keyStores("Update", { id: storeId, kms: "444455556666" });
    expect(await everywhere(() => encryptWith())).toEqual(["403 AccessDeniedException"]);
    expect(await everywhere(() => encryptWith(cred, "arn:aws:kms:us-east-1:444455556666:key/k"))).toEqual(["200"]);
    await t.admin.keyStores("Update", { id: storeId, kms: "111122223333" });
    await t.admin.keyStores("Block", { id: storeId });
    expect(await everywhere(() => encryptWith())).toEqual(["400 InvalidStateException"]);
    await t.admin.keyStores("Unblock", { id: storeId });
    expect(await everywhere(() => encryptWith())).toEqual(["200"]);
  });

  it("credential: create (rotate) and delete", async () => {
    const rotated = await t.admin.credentials("Rotate", { custom_key_store_id: storeId });
    const fresh = { accessKeyId: rotated.credential.access_key_id, secretAccessKey: rotated.credential.secret_access_key };
    expect(await everywhere(() => encryptWith(fresh))).toEqual(["200"]);
    const old = await t.admin.credentials("List", { custom_key_store_id: storeId, access_key_id: cred.accessKeyId });
    await t.admin.credentials("Delete", { custom_key_store_id: storeId, id: old.resources[0].id });
    expect(await everywhere(() => encryptWith(cred))).toEqual(["401 AuthenticationFailedException"]);
    cred = fresh;
    expect(await everywhere(() => encryptWith())).toEqual(["200"]);
  });

  it("source key: update (disable/enable)", async () => {
    await t.admin.sourceKeys("Update", { id: skId, enabled: false });
    expect(await everywhere(() => encryptWith())).toEqual(["400 InvalidStateException"]);
    const md = await post(`/keys/${keyId}/metadata`, { requestMetadata: meta("DescribeKey") });
    expect(md.json.keyStatus).toBe("DISABLED");
    await t.admin.sourceKeys("Update", { id: skId, enabled: true });
    expect(await everywhere(() => encryptWith())).toEqual(["200"]);
  });

  it("virtual key: rotate (new ciphertexts use version 2, version 1 still decrypts)", async () => {
    const before = await encryptWith();
    await t.admin.virtualKeys("Rotate", { id: vkId });
    const after = await Promise.all(Array.from({ length: 6 }, () => encryptWith()));
    for (const r of after) expect([...Buffer.from(r.json.ciphertextMetadata as string, "base64")]).toEqual([1, 0, 0, 0, 2]);
    expect([...Buffer.from(before.json.ciphertextMetadata as string, "base64")]).toEqual([1, 0, 0, 0, 1]);
    const decrypt = () =>
      post(`/keys/${keyId}/decrypt`, {
        requestMetadata: meta("Decrypt"),
        encryptionAlgorithm: "AES_GCM",
        ciphertext: before.json.ciphertext,
        ciphertextMetadata: before.json.ciphertextMetadata,
        initializationVector: before.json.initializationVector,
        authenticationTag: before.json.authenticationTag,
      });
    expect(await everywhere(decrypt)).toEqual(["200"]);
  });

  it("HYOK key: block/unblock and delete; virtual key: update and delete; key store: delete", async () => {
    await t.admin.hyokKeys("Block", { id: keyId });
    expect(await everywhere(() => encryptWith())).toEqual(["400 InvalidStateException"]);
    await t.admin.hyokKeys("Unblock", { id: keyId });
    expect(await everywhere(() => encryptWith())).toEqual(["200"]);
    await t.admin.hyokKeys("Delete", { id: keyId });
    expect(await everywhere(() => encryptWith())).toEqual(["404 KeyNotFoundException"]);
    await t.admin.virtualKeys("Update", { id: vkId, deletable: true });
    await t.admin.virtualKeys("Delete", { id: vkId });
    await t.admin.keyStores("Delete", { id: storeId });
    expect(await everywhere(() => post("/health", { requestMetadata: { kmsRequestId: "h", kmsOperation: "KmsHealthCheck" } }))).toEqual(["404 InvalidUriPathException"]);
  });

  it("every change travelled as a small delta, never as the whole view", () => {
    const u = updates();
    expect(u).toHaveLength(19); // one per admin write above
    expect(u.every((l) => l.whole === false)).toBe(true);
    expect(Math.max(...u.map((l) => l.entities as number))).toBeLessThanOrEqual(3);
    // in seq order, one after another
    const seqs = u.map((l) => l.seq as number);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  });
});
