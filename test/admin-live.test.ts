/**
 * Admin changes under live XKS load: credential rotation without a single authentication failure,
 * block/unblock taking effect at once, and an audit trail that survives a restart and holds no
 * plaintext or secret.
 */
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestDaemon, type TestDaemon } from "./helpers/daemon.js";
import { meta } from "./helpers/dataplane-suite.js";
import { STORE_ENGINES, useStoreEngines } from "./helpers/store-engines.js";
import { signedPost, type Credential, type Reply } from "./helpers/sign.js";

interface Outcome {
  startedAt: number;
  status: number;
  errorName?: string;
}

/** Runs `concurrency` request loops until `stop()` says so; records each answer with its start time. */
function load(send: () => Promise<Reply>, concurrency = 8) {
  const results: Outcome[] = [];
  let running = true;
  const loops = Array.from({ length: concurrency }, async () => {
    while (running) {
      const startedAt = Date.now();
      const r = await send();
      results.push({ startedAt, status: r.status, errorName: r.json.errorName as string | undefined });
    }
  });
  return {
    results,
    async stop() {
      running = false;
      await Promise.all(loops);
      return results;
    },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

useStoreEngines();

describe.each(STORE_ENGINES)("admin changes under load, %s store", (engine) => {
  let t: TestDaemon;
  let storeId: string;
  let base: string;
  let keyId: string;
  let cred1: Credential;
  const encryptBody = () => ({ requestMetadata: meta("Encrypt"), plaintext: randomBytes(32).toString("base64"), encryptionAlgorithm: "AES_GCM" });

  beforeAll(async () => {
    t = await startTestDaemon({ store: engine });
    const ks = await t.admin.keyStores("Create", { name: "live", kms: "111122223333", region: "us-east-1", local_hosted_params: { max_credentials: 3, rate_limit: { requests_per_second: 100000, burst: 100000 } } });
    storeId = ks.id;
    base = ks.aws_param.xks_proxy_uri_path;
    cred1 = { accessKeyId: ks.access_key_id, secretAccessKey: ks.secret_access_key };
    const sk = await t.admin.sourceKeys("Create", {});
    keyId = (await t.admin.hyokKeys("Create", { local_hosted_params: { custom_key_store_id: storeId, source_key_id: sk.id } })).id;
  });
  afterAll(async () => {
    await t?.stop();
  });

  it("rotates a credential during signed load with zero authentication failures; the deleted one fails at once", async () => {
    let current = cred1;
    const l = load(() => signedPost(t.daemon.xksPort, `${base}/keys/${keyId}/encrypt`, encryptBody(), current));
    await sleep(300);
    const rotated = await t.admin.credentials("Rotate", { custom_key_store_id: storeId });
    const cred2 = { accessKeyId: rotated.credential.access_key_id, secretAccessKey: rotated.credential.secret_access_key };
    expect(JSON.parse(rotated.credential.proxy_configuration)).toEqual({
      XksProxyUriPath: base,
      XksProxyAuthenticationCredential: { AccessKeyId: cred2.accessKeyId, RawSecretAccessKey: cred2.secretAccessKey },
    });
    await sleep(200);
    current = cred2; // "AWS KMS" switches over
    await sleep(300);
    const results = await l.stop();
    expect(results.length).toBeGreaterThan(50);
    expect(results.filter((r) => r.status !== 200)).toEqual([]);

    const list = await t.admin.credentials("List", { custom_key_store_id: storeId, access_key_id: cred1.accessKeyId });
    await t.admin.credentials("Delete", { custom_key_store_id: storeId, id: list.resources[0].id });
    const old = await signedPost(t.daemon.xksPort, `${base}/keys/${keyId}/encrypt`, encryptBody(), cred1);
    expect([old.status, old.json.errorName]).toEqual([401, "AuthenticationFailedException"]);
    const fresh = await signedPost(t.daemon.xksPort, `${base}/keys/${keyId}/encrypt`, encryptBody(), cred2);
    expect(fresh.status).toBe(200);
    cred1 = cred2;
  });

  for (const target of ["store", "HYOK key"] as const) {
    it(`blocks the ${target} during load: requests sent after the block get InvalidStateException, unblock restores service`, async () => {
      const l = load(() => signedPost(t.daemon.xksPort, `${base}/keys/${keyId}/encrypt`, encryptBody(), cred1));
      await sleep(200);
      const block = target === "store" ? () => t.admin.keyStores("Block", { id: storeId }) : () => t.admin.hyokKeys("Block", { id: keyId });
      const unblock = target === "store" ? () => t.admin.keyStores("Unblock", { id: storeId }) : () => t.admin.hyokKeys("Unblock", { id: keyId });
      await block();
      const blockedAt = Date.now();
      await sleep(300);
      // The daemon may apply the unblock any time after it is sent, well before the ack on a busy
      // machine: "during" ends 50 ms before the send, "after" starts at the ack.
      const unblockSentAt = Date.now();
      await unblock();
      const unblockedAt = Date.now();
      await sleep(300);
      const results = await l.stop();
      const during = results.filter((r) => r.startedAt >= blockedAt && r.startedAt < unblockSentAt - 50);
      const after = results.filter((r) => r.startedAt >= unblockedAt);
      expect(during.length).toBeGreaterThan(10);
      expect(after.length).toBeGreaterThan(10);
      expect(new Set(during.map((r) => `${r.status} ${r.errorName}`))).toEqual(new Set(["400 InvalidStateException"]));
      expect(after.every((r) => r.status === 200)).toBe(true);
      expect(results.some((r) => ![200, 400].includes(r.status))).toBe(false);
    });
  }
});

// SQLite-only by nature: it searches the database file itself for plaintext and secrets
describe("audit trail", () => {
  it("records XKS and admin operations, survives a restart, and holds no plaintext or secret", async () => {
    const t1 = await startTestDaemon();
    const dataDir = t1.dataDir;
    const ks = await t1.admin.keyStores("Create", { name: "audited", kms: "111122223333", region: "us-east-1", enable_success_audit_event: true });
    const cred = { accessKeyId: ks.access_key_id, secretAccessKey: ks.secret_access_key };
    const sk = await t1.admin.sourceKeys("Create", {});
    const keyId = (await t1.admin.hyokKeys("Create", { local_hosted_params: { custom_key_store_id: ks.id, source_key_id: sk.id } })).id;
    const plaintext = Buffer.from(`audit-plaintext-${randomBytes(12).toString("hex")}`);
    const okMeta = meta("Encrypt");
    const ok = await signedPost(t1.daemon.xksPort, `${ks.aws_param.xks_proxy_uri_path}/keys/${keyId}/encrypt`, { requestMetadata: okMeta, plaintext: plaintext.toString("base64"), encryptionAlgorithm: "AES_GCM" }, cred);
    expect(ok.status).toBe(200);
    const badMeta = meta("Decrypt");
    const bad = await signedPost(t1.daemon.xksPort, `${ks.aws_param.xks_proxy_uri_path}/keys/${keyId}/decrypt`, { requestMetadata: badMeta, encryptionAlgorithm: "AES_GCM", ...ok.json, authenticationTag: randomBytes(16).toString("base64") }, cred);
    expect(bad.json.errorName).toBe("InvalidCiphertextException");
    await expect(t1.admin.keyStores("Delete", { id: "no-such-store" })).rejects.toThrow(/NOT_FOUND|not found/i);
    // restart on the same data dir
    const logs1 = t1.logs.join("");
    await t1.daemon.stop();
    t1.admin.close();
    const t2 = await startTestDaemon({ dataDir });
    try {
      const xks = await t2.admin.audit("List", { key_store_id: ks.id, kind: "xks", limit: 100 });
      const byReq = new Map<string, Record<string, unknown>>(xks.resources.map((r: Record<string, unknown>) => [r.kms_request_id as string, r]));
      expect(byReq.get(okMeta.kmsRequestId)).toMatchObject({ operation: "Encrypt", outcome: "success", key_id: keyId });
      expect(byReq.get(badMeta.kmsRequestId)).toMatchObject({ operation: "Decrypt", outcome: "failure", error_name: "InvalidCiphertextException", key_id: keyId });
      const admin = await t2.admin.audit("List", { kind: "admin", limit: 100 });
      const ops = admin.resources.map((r: Record<string, unknown>) => `${r.operation} ${r.outcome}`);
      expect(ops).toContain("KeyStoreService.Create success");
      expect(ops).toContain("HyokKeyService.Create success");
      expect(ops).toContain("KeyStoreService.Delete failure");
      expect(admin.resources.every((r: Record<string, unknown>) => String(r.actor).startsWith("token:sha256:"))).toBe(true);

      // the database files and the logs never hold the plaintext, the credential secret or the admin token
      const secrets = [plaintext.toString("utf8"), plaintext.toString("base64"), cred.secretAccessKey, t2.daemon.adminToken];
      const haystacks = readdirSync(dataDir)
        .filter((f) => f.startsWith("xks-proxy.db"))
        .map((f) => readFileSync(join(dataDir, f)).toString("latin1"));
      haystacks.push(logs1, t2.logs.join(""));
      for (const s of secrets) for (const h of haystacks) expect(h.includes(s)).toBe(false);
    } finally {
      await t2.stop();
    }
  });
});
