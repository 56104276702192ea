/**
 * A slow, hung and failing HSM, played by native-bench/shim (a PKCS#11 module forwarding to
 * SoftHSM2 that adds latency or injects faults, driven through its control file). The daemon
 * must answer within its deadline, recover by itself, report the outage, and never answer a
 * request with another key's result.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildShim, writeShimControl } from "../native-bench/shim/shim.mjs";
import { startTestDaemon, TRANSPORTS, type TestDaemon } from "./helpers/daemon.js";
import { meta } from "./helpers/dataplane-suite.js";
import { send, signedPost, type Credential } from "./helpers/sign.js";
import { softhsm } from "./setup/softhsm.js";

const env = softhsm();
const control = join(mkdtempSync(join(tmpdir(), "xks-shim-")), "control");
const shim = (settings: Record<string, unknown>) => writeShimControl(control, settings);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

for (const transport of TRANSPORTS) {
  describe(`resilience against a slow, hung or failing HSM (${transport} transport)`, () => {
    let t: TestDaemon;
    let cred: Credential;
    let base: string;
    let storeId: string;
    const keys: string[] = [];

    beforeAll(async () => {
      shim({});
      process.env.XKS_SHIM_TARGET = env.module;
      process.env.XKS_SHIM_CONTROL = control;
      const modulePath = buildShim();
      t = await startTestDaemon({ transport, hsm: true, modulePath, sessions: 4, partitions: [{ label: env.tokens[0], pinEnv: "XKS_TEST_HSM_PIN", sessions: 4 }] });
      const ks = await t.admin.keyStores("Create", { name: "resilience", kms: "111122223333", region: "us-east-1", local_hosted_params: { partition_id: env.tokens[0], rate_limit: { requests_per_second: 100000, burst: 100000 } } });
      storeId = ks.id;
      cred = { accessKeyId: ks.access_key_id, secretAccessKey: ks.secret_access_key };
      base = ks.aws_param.xks_proxy_uri_path;
      for (let i = 0; i < 2; i++) {
        const sk = await t.admin.sourceKeys("Create", { partition_id: env.tokens[0], label: `res-${i}-${randomBytes(4).toString("hex")}` });
        keys.push((await t.admin.hyokKeys("Create", { local_hosted_params: { custom_key_store_id: ks.id, source_key_id: sk.id } })).id);
      }
    });
    afterAll(async () => {
      shim({});
      await t?.stop();
    });

    const encrypt = (key: string, pt: Buffer) => signedPost(t.daemon.xksPort, `${base}/keys/${key}/encrypt`, { requestMetadata: meta("Encrypt"), plaintext: pt.toString("base64"), encryptionAlgorithm: "AES_GCM" }, cred);
    const decrypt = (key: string, e: Record<string, unknown>) => signedPost(t.daemon.xksPort, `${base}/keys/${key}/decrypt`, { requestMetadata: meta("Decrypt"), encryptionAlgorithm: "AES_GCM", ...e }, cred);
    const fleet = async () => (JSON.parse((await t.admin.keyStores("HealthCheck", { id: storeId })).result) as { healthStatus: string }[])[0]!.healthStatus;
    const ready = async () => (await send(t.daemon.xksPort, "/readyz", "", {}, "GET")).status;

    it("a hung HSM yields DependencyTimeoutException within the deadline while /ping keeps answering", async () => {
      shim({ fail: "hang", failCalls: ["C_Encrypt"] });
      await sleep(100);
      const started = Date.now();
      const pending = encrypt(keys[0]!, randomBytes(32));
      const ping = await send(t.daemon.xksPort, "/ping", "", {}, "GET");
      expect(ping.status).toBe(200);
      const r = await pending;
      expect([r.status, r.json.errorName]).toEqual([503, "DependencyTimeoutException"]);
      expect(Date.now() - started).toBeLessThan(200 + 150); // the 200 ms deadline, plus signing and transport
      shim({});
      await expect.poll(async () => (await encrypt(keys[0]!, randomBytes(32))).status, { timeout: 10_000, interval: 100 }).toBe(200);
    });

    it("a saturated pool answers every request within the deadline: success, throttle or timeout, never a hang", async () => {
      shim({ latencyUs: 40_000 }); // 80 ms per encrypt (EncryptInit + Encrypt): 4 sessions serve ~50/s
      await sleep(100);
      const started = Date.now();
      const answers = await Promise.all(Array.from({ length: 60 }, () => encrypt(keys[0]!, randomBytes(32))));
      const took = Date.now() - started;
      shim({});
      const kinds = new Set(answers.map((a) => (a.status === 200 ? "ok" : String(a.json.errorName))));
      expect(answers.some((a) => a.status === 200)).toBe(true);
      expect([...kinds].every((k) => ["ok", "ThrottlingException", "DependencyTimeoutException"].includes(k))).toBe(true);
      expect(kinds.has("ThrottlingException") || kinds.has("DependencyTimeoutException")).toBe(true);
      expect(took).toBeLessThan(2_000);
    });

    it("device errors answer InternalException and the daemon recovers by itself; no answer carries another key's result", async () => {
      shim({ fail: "device_error", failCalls: ["C_Encrypt"] });
      await sleep(100);
      const r = await encrypt(keys[0]!, randomBytes(32));
      expect([r.status, r.json.errorName]).toEqual([500, "InternalException"]);
      expect(await fleet()).toBe("UNAVAILABLE");
      const h = await signedPost(t.daemon.xksPort, `${base}/health`, { requestMetadata: { kmsRequestId: "r-h", kmsOperation: "KmsHealthCheck" } }, cred);
      expect([h.status, h.json.errorName]).toEqual([500, "InternalException"]);

      // intermittent faults under concurrent load on two keys: every success is that key's own ciphertext
      shim({ fail: "session_handle_invalid", failRate: 0.2, failCalls: ["C_Encrypt", "C_EncryptInit"] });
      await sleep(100);
      const jobs = Array.from({ length: 120 }, (_, i) => ({ key: keys[i % 2]!, pt: randomBytes(24 + (i % 7)) }));
      const results: Awaited<ReturnType<typeof encrypt>>[] = [];
      for (let i = 0; i < jobs.length; i += 8) results.push(...(await Promise.all(jobs.slice(i, i + 8).map((j) => encrypt(j.key, j.pt)))));
      shim({});
      await sleep(100);
      const ok = results.map((res, i) => ({ res, job: jobs[i]! })).filter((x) => x.res.status === 200);
      expect(ok.length).toBeGreaterThan(60);
      for (const x of results) expect([200, 500, 503, 429]).toContain(x.status);
      for (const { res, job } of ok) {
        const d = await decrypt(job.key, res.json);
        expect(d.json.plaintext).toBe(job.pt.toString("base64"));
        const other = keys.find((k) => k !== job.key)!;
        expect((await decrypt(other, res.json)).json.errorName).toBe("InvalidCiphertextException");
      }
      await expect.poll(fleet, { timeout: 10_000, interval: 200 }).toBe("ACTIVE");
    });

    it("a removed token: UNAVAILABLE, /readyz 503, then ACTIVE and ready again once it is back", async () => {
      shim({ fail: "token_not_present", failCalls: ["C_Encrypt", "C_EncryptInit", "C_Decrypt", "C_DecryptInit", "C_OpenSession", "C_GetSlotList", "C_Login", "C_GetSessionInfo"] });
      await sleep(100);
      for (let i = 0; i < 10; i++) await encrypt(keys[0]!, randomBytes(8));
      await expect.poll(fleet, { timeout: 10_000, interval: 200 }).toBe("UNAVAILABLE");
      await expect.poll(ready, { timeout: 10_000, interval: 200 }).toBe(503);
      const down = await encrypt(keys[0]!, randomBytes(8));
      expect(down.json.errorName).toBe("InternalException");
      shim({});
      await expect.poll(fleet, { timeout: 20_000, interval: 250 }).toBe("ACTIVE");
      await expect.poll(ready, { timeout: 10_000, interval: 200 }).toBe(200);
      expect((await encrypt(keys[0]!, randomBytes(8))).status).toBe(200);
    });
  });
}
