/**
 * Two SoftHSM2 tokens as an HA pair behind one partition. The same key material is placed in both
 * (standing in for the HSM's own replication). When one token stops serving (sessions gone and it
 * can no longer be logged in to), requests fail over to the other, health reports each member,
 * and the lost member comes back by itself.
 */
import { randomBytes } from "node:crypto";
import pkcs11js from "pkcs11js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestDaemon, type TestDaemon } from "./helpers/daemon.js";
import { meta } from "./helpers/dataplane-suite.js";
import { openLibrary } from "./helpers/pkcs11-lib.js";
import { signedPost, type Credential } from "./helpers/sign.js";
import { softhsm } from "./setup/softhsm.js";

const env = softhsm();
const [A, B] = env.tokens as [string, string];
let lib: pkcs11js.PKCS11;

function slotOf(label: string): Buffer {
  const s = lib.C_GetSlotList(true).find((x) => lib.C_GetTokenInfo(x).label.trim() === label);
  if (!s) throw new Error(`token ${label} not found`);
  return s;
}

function withSession<T>(label: string, pin: string, fn: (s: Buffer) => T): T {
  const s = lib.C_OpenSession(slotOf(label), pkcs11js.CKF_SERIAL_SESSION | pkcs11js.CKF_RW_SESSION);
  try {
    try {
      lib.C_Login(s, pkcs11js.CKU_USER, pin);
    } catch (e) {
      if (!(e instanceof Error && e.message === "CKR_USER_ALREADY_LOGGED_IN")) throw e;
    }
    return fn(s);
  } finally {
    lib.C_CloseSession(s);
  }
}

/** The same AES-256 key in both tokens: what HSM replication gives an HA group. */
function replicate(label: string): void {
  const value = randomBytes(32);
  for (const token of [A, B]) {
    withSession(token, env.pin, (s) =>
      lib.C_CreateObject(s, [
        { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_SECRET_KEY },
        { type: pkcs11js.CKA_KEY_TYPE, value: pkcs11js.CKK_AES },
        { type: pkcs11js.CKA_TOKEN, value: true },
        { type: pkcs11js.CKA_PRIVATE, value: true },
        { type: pkcs11js.CKA_SENSITIVE, value: true },
        { type: pkcs11js.CKA_EXTRACTABLE, value: false },
        { type: pkcs11js.CKA_ENCRYPT, value: true },
        { type: pkcs11js.CKA_DECRYPT, value: true },
        { type: pkcs11js.CKA_LABEL, value: label },
        { type: pkcs11js.CKA_VALUE, value },
      ]),
    );
  }
  value.fill(0);
}

describe("HA pair failover", () => {
  let t: TestDaemon;
  let cred: Credential;
  let base: string;
  let keyId: string;
  let storeId: string;

  beforeAll(async () => {
    lib = openLibrary(env.module);
    const dataLabel = `ha-data-${randomBytes(4).toString("hex")}`;
    const healthLabel = `ha-health-${randomBytes(4).toString("hex")}`;
    replicate(dataLabel);
    replicate(healthLabel);
    t = await startTestDaemon({ hsm: true, partitions: [{ label: "ha-pair", members: [A, B], pinEnv: "XKS_TEST_HSM_PIN", sessions: 2 }] });
    const health = await t.admin.sourceKeys("Register", { partition_id: "ha-pair", label: healthLabel });
    const data = await t.admin.sourceKeys("Register", { partition_id: "ha-pair", label: dataLabel });
    const ks = await t.admin.keyStores("Create", { name: "ha", kms: "111122223333", region: "us-east-1", local_hosted_params: { partition_id: "ha-pair", health_check_key_id: health.id } });
    storeId = ks.id;
    cred = { accessKeyId: ks.access_key_id, secretAccessKey: ks.secret_access_key };
    base = ks.aws_param.xks_proxy_uri_path;
    keyId = (await t.admin.hyokKeys("Create", { local_hosted_params: { custom_key_store_id: ks.id, source_key_id: data.id } })).id;
  });
  afterAll(async () => {
    await t?.stop();
  });

  const encrypt = (pt: Buffer) => signedPost(t.daemon.xksPort, `${base}/keys/${keyId}/encrypt`, { requestMetadata: meta("Encrypt"), plaintext: pt.toString("base64"), encryptionAlgorithm: "AES_GCM" }, cred);
  const decrypt = (e: Record<string, unknown>) => signedPost(t.daemon.xksPort, `${base}/keys/${keyId}/decrypt`, { requestMetadata: meta("Decrypt"), encryptionAlgorithm: "AES_GCM", ...e }, cred);
  const fleet = async () => {
    const r = await t.admin.keyStores("HealthCheck", { id: storeId });
    return Object.fromEntries((JSON.parse(r.result) as { id: string; healthStatus: string }[]).map((e) => [e.id, e.healthStatus]));
  };

  it("reports both members and fails over when one is lost, then recovers", async () => {
    expect(await fleet()).toEqual({ [A]: "ACTIVE", [B]: "ACTIVE" });
    const pt = randomBytes(32);
    const before = await encrypt(pt);
    expect(before.status).toBe(200);

    // Lose member A: its sessions are closed and its PIN no longer matches the daemon's.
    const newPin = "ha-test-changed-pin";
    withSession(A, env.pin, (s) => lib.C_SetPIN(s, env.pin, newPin));
    lib.C_CloseAllSessions(slotOf(A));

    for (let i = 0; i < 20; i++) {
      const r = await encrypt(randomBytes(16));
      expect(r.status).toBe(200); // every request is served, by B when A fails
    }
    await expect.poll(fleet, { timeout: 15_000, interval: 200 }).toEqual({ [A]: "UNAVAILABLE", [B]: "ACTIVE" });
    const xksHealth = await signedPost(t.daemon.xksPort, `${base}/health`, { requestMetadata: { kmsRequestId: "ha-1", kmsOperation: "KmsHealthCheck" } }, cred);
    expect(xksHealth.status).toBe(200);
    expect(xksHealth.json.ekmFleetDetails).toEqual([
      { id: A, model: expect.stringMatching(/SoftHSM/), healthStatus: "UNAVAILABLE" },
      { id: B, model: expect.stringMatching(/SoftHSM/), healthStatus: "ACTIVE" },
    ]);
    // data encrypted before the loss decrypts on the surviving member, to its own plaintext
    const d = await decrypt(before.json);
    expect(d.json.plaintext).toBe(pt.toString("base64"));
    expect((await fetch(`http://127.0.0.1:${t.daemon.xksPort}/readyz`)).status).toBe(200);

    // Member A comes back: the PIN is restored and its workers log in again on their own.
    withSession(A, newPin, (s) => lib.C_SetPIN(s, newPin, env.pin));
    await expect.poll(fleet, { timeout: 20_000, interval: 250 }).toEqual({ [A]: "ACTIVE", [B]: "ACTIVE" });
    const after = await encrypt(pt);
    expect((await decrypt(after.json)).json.plaintext).toBe(pt.toString("base64"));
  });
});
