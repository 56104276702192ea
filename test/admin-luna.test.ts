/** The admin plane's luna-hsm paths against real SoftHSM2 partitions (generate, register, list). */
import Database from "better-sqlite3";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import pkcs11js from "pkcs11js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { meta } from "./helpers/dataplane-suite.js";
import { startTestDaemon, type TestDaemon } from "./helpers/daemon.js";
import { signedPost } from "./helpers/sign.js";
import { openLibrary } from "./helpers/pkcs11-lib.js";
import { softhsm } from "./setup/softhsm.js";

const env = softhsm();
const token = env.tokens[1]!;
const ACCOUNT = "111122223333";

/** Creates a key in the token directly, as an HSM administrator would. */
function tokenKey(label: string, bits: number, encrypt: boolean, decrypt: boolean): void {
  const lib = openLibrary(env.module);
  const slot = lib.C_GetSlotList(true).find((s) => lib.C_GetTokenInfo(s).label.trim() === token)!;
  const s = lib.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION | pkcs11js.CKF_RW_SESSION);
  try {
    try {
      lib.C_Login(s, pkcs11js.CKU_USER, env.pin);
    } catch (e) {
      if (!(e instanceof Error && e.message === "CKR_USER_ALREADY_LOGGED_IN")) throw e;
    }
    lib.C_GenerateKey(s, { mechanism: pkcs11js.CKM_AES_KEY_GEN }, [
      { type: pkcs11js.CKA_TOKEN, value: true },
      { type: pkcs11js.CKA_PRIVATE, value: true },
      { type: pkcs11js.CKA_VALUE_LEN, value: bits / 8 },
      { type: pkcs11js.CKA_LABEL, value: label },
      { type: pkcs11js.CKA_ENCRYPT, value: encrypt },
      { type: pkcs11js.CKA_DECRYPT, value: decrypt },
      { type: pkcs11js.CKA_SENSITIVE, value: true },
    ]);
  } finally {
    lib.C_CloseSession(s);
  }
}

describe("admin: luna-hsm source keys", () => {
  let t: TestDaemon;
  beforeAll(async () => {
    t = await startTestDaemon({ hsm: true, sessions: 2 });
  });
  afterAll(async () => {
    await t?.stop();
  });
  const tag = () => randomBytes(4).toString("hex");

  it("generates a sensitive, non-extractable AES-256 key in the token with the requested usage", async () => {
    const label = `gen-${tag()}`;
    const sk = await t.admin.sourceKeys("Create", { source_key_tier: "luna-hsm", partition_id: token, label, encrypt: true, decrypt: false });
    expect(sk).toMatchObject({ source_key_tier: "luna-hsm", partition_id: token, label, key_spec: "AES_256", encrypt: true, decrypt: false });
    const listed = await t.admin.sourceKeys("List", { source_key_tier: "luna-hsm", partition_id: token, label, limit: 10 });
    expect(listed.resources[0]).toMatchObject({ label, registered: true, sensitive: true, extractable: false });
    await expect(t.admin.sourceKeys("Create", { source_key_tier: "luna-hsm", partition_id: token, label })).rejects.toMatchObject({ code: 6 }); // ALREADY_EXISTS
  });

  it("registers any AES-256 token key with its real usage (none included), refusing other key types", async () => {
    const good = `reg-${tag()}`;
    const small = `aes128-${tag()}`;
    const encOnly = `enc-${tag()}`;
    const impotent = `none-${tag()}`;
    tokenKey(good, 256, true, true);
    tokenKey(small, 128, true, true);
    tokenKey(encOnly, 256, true, false);
    tokenKey(impotent, 256, false, false);
    const sk = await t.admin.sourceKeys("Register", { partition_id: token, label: good });
    expect(sk).toMatchObject({ label: good, key_spec: "AES_256", encrypt: true, decrypt: true, origin: "registered" });
    await expect(t.admin.sourceKeys("Register", { partition_id: token, label: small })).rejects.toMatchObject({ code: 9, details: expect.stringMatching(/AES_128|AES_256/) });
    // asking for a usage the token does not give is refused; otherwise the token's usage is reported
    await expect(t.admin.sourceKeys("Register", { partition_id: token, label: encOnly, decrypt: true })).rejects.toMatchObject({ code: 9, details: expect.stringMatching(/CKA_DECRYPT/) });
    expect(await t.admin.sourceKeys("Register", { partition_id: token, label: encOnly })).toMatchObject({ encrypt: true, decrypt: false });
    expect(await t.admin.sourceKeys("Register", { partition_id: token, label: impotent })).toMatchObject({ key_spec: "AES_256", encrypt: false, decrypt: false });
    await expect(t.admin.sourceKeys("Register", { partition_id: token, label: `missing-${tag()}` })).rejects.toMatchObject({ code: 5 });
    await expect(t.admin.sourceKeys("Register", { partition_id: "no-such-partition", label: good })).rejects.toMatchObject({ details: expect.stringMatching(/partition/) });
    // the token's own keys are listed with their attributes, registered or not
    const all = await t.admin.sourceKeys("List", { source_key_tier: "luna-hsm", partition_id: token, limit: 1000 });
    const byLabel = new Map(all.resources.map((r: { label: string }) => [r.label, r]));
    expect(byLabel.get(small)).toMatchObject({ key_spec: "AES_128", registered: false });
    expect(byLabel.get(good)).toMatchObject({ registered: true });
  });

  /** Every secret key the token holds, registered or not, by label (from the token itself). */
  async function tokenLabels(): Promise<string[]> {
    const all = await t.admin.sourceKeys("List", { source_key_tier: "luna-hsm", partition_id: token, limit: 1000 });
    expect(all.total).toBeLessThan(1000);
    return all.resources.map((r: { label: string }) => r.label);
  }

  it("six concurrent creations of one luna key store name leave exactly one new token object", async () => {
    const before = new Set(await tokenLabels());
    const name = `race-${tag()}`;
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, () => t.admin.keyStores("Create", { name, kms: "111122223333", region: "us-east-1", local_hosted_params: { partition_id: token } })),
    );
    const ok = results.filter((r) => r.status === "fulfilled");
    const codes = results.flatMap((r) => (r.status === "rejected" ? [(r.reason as { code: number }).code] : []));
    expect(ok).toHaveLength(1);
    expect(codes).toEqual([6, 6, 6, 6, 6]); // ALREADY_EXISTS
    const added = (await tokenLabels()).filter((l) => !before.has(l));
    expect(added).toHaveLength(1);
    const ks = (ok[0] as PromiseFulfilledResult<{ id: string }>).value;
    expect(added[0]).toBe(`xks-health-${ks.id}`);
  });

  it("six concurrent creations of one token label leave exactly one new token object", async () => {
    const before = new Set(await tokenLabels());
    const label = `race-key-${tag()}`;
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => t.admin.sourceKeys("Create", { source_key_tier: "luna-hsm", partition_id: token, label })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.flatMap((r) => (r.status === "rejected" ? [(r.reason as { code: number }).code] : []))).toEqual([6, 6, 6, 6, 6]);
    expect((await tokenLabels()).filter((l) => !before.has(l))).toEqual([label]);
  });

  it("six concurrent rotations of one luna virtual key add one version and one token object", async () => {
    const sk = await t.admin.sourceKeys("Create", { source_key_tier: "luna-hsm", partition_id: token, label: `rot-${tag()}` });
    const vk = await t.admin.virtualKeys("Create", { source_key_id: sk.id });
    const before = new Set(await tokenLabels());
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => t.admin.virtualKeys("Rotate", { id: vk.id })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.flatMap((r) => (r.status === "rejected" ? [(r.reason as { code: number }).code] : []))).toEqual([10, 10, 10, 10, 10]); // ABORTED
    expect((await tokenLabels()).filter((l) => !before.has(l))).toEqual([`xks-${vk.id}-v2`]);
    expect((await t.admin.virtualKeys("Get", { id: vk.id })).version).toBe(2);
  });

  it("a token key generated for a change that cannot be committed is destroyed again", async () => {
    const db = new Database(join(t.dataDir, "xks-proxy.db"));
    const before = new Set(await tokenLabels());
    db.exec(`CREATE TRIGGER audit_full BEFORE INSERT ON audit_records WHEN NEW.kind = 'admin' AND NEW.outcome = 'success'
      BEGIN SELECT RAISE(ABORT, 'simulated audit disk failure'); END`);
    try {
      const label = `undone-${tag()}`;
      await expect(t.admin.sourceKeys("Create", { source_key_tier: "luna-hsm", partition_id: token, label })).rejects.toMatchObject({ code: 13 });
      await expect(t.admin.keyStores("Create", { name: `undone-${tag()}`, kms: ACCOUNT, region: "us-east-1", local_hosted_params: { partition_id: token } })).rejects.toMatchObject({ code: 13 });
      const sk = await t.admin.sourceKeys("Create", { source_key_tier: "luna-hsm", partition_id: token, label: `undone-base-${tag()}` }).catch(() => undefined);
      expect(sk).toBeUndefined();
    } finally {
      db.exec("DROP TRIGGER audit_full");
      db.close();
    }
    expect((await tokenLabels()).filter((l) => !before.has(l))).toEqual([]);
  });

  it("keys without a usage answer InvalidKeyUsageException over the real data plane, both tiers", async () => {
    const impotent = `dp-none-${tag()}`;
    tokenKey(impotent, 256, false, false);
    const luna = await t.admin.sourceKeys("Register", { partition_id: token, label: impotent });
    const local = await t.admin.sourceKeys("Create", { source_key_tier: "local", encrypt: false, decrypt: false });
    const localEnc = await t.admin.sourceKeys("Create", { source_key_tier: "local", encrypt: true });
    expect(local).toMatchObject({ encrypt: false, decrypt: false });
    expect(localEnc).toMatchObject({ encrypt: true, decrypt: false });
    for (const [tier, sk] of [["luna-hsm", luna], ["local", local]] as const) {
      const ks = await t.admin.keyStores("Create", { name: `usage-${tier}-${tag()}`, kms: ACCOUNT, region: "us-east-1", local_hosted_params: tier === "luna-hsm" ? { partition_id: token } : {} });
      const cred = { accessKeyId: ks.access_key_id as string, secretAccessKey: ks.secret_access_key as string };
      const base = ks.aws_param.xks_proxy_uri_path as string;
      const vk = await t.admin.virtualKeys("Create", { source_key_id: sk.id });
      const hk = await t.admin.hyokKeys("Create", { local_hosted_params: { custom_key_store_id: ks.id, virtual_key_id: vk.id } });
      const post = (op: string, body: object) => signedPost(t.daemon.xksPort, `${base}/keys/${hk.id}/${op}`, body, cred);
      const md = await post("metadata", { requestMetadata: meta("DescribeKey") });
      expect(md.status).toBe(200);
      expect(md.json).toMatchObject({ keySpec: "AES_256", keyUsage: [], keyStatus: "ENABLED" });
      const enc = await post("encrypt", { requestMetadata: meta("Encrypt"), plaintext: Buffer.from("hello").toString("base64"), encryptionAlgorithm: "AES_GCM" });
      expect({ status: enc.status, errorName: enc.json.errorName }).toEqual({ status: 400, errorName: "InvalidKeyUsageException" });
      const dec = await post("decrypt", {
        requestMetadata: meta("Decrypt"),
        encryptionAlgorithm: "AES_GCM",
        ciphertext: Buffer.from("0123456789abcdef").toString("base64"),
        ciphertextMetadata: Buffer.from([1, 0, 0, 0, 1]).toString("base64"),
        initializationVector: randomBytes(12).toString("base64"),
        authenticationTag: randomBytes(16).toString("base64"),
      });
      expect({ status: dec.status, errorName: dec.json.errorName }).toEqual({ status: 400, errorName: "InvalidKeyUsageException" });
    }
  });
});
