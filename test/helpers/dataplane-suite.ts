/**
 * The XKS data-plane suite, run once per key tier against a real daemon over loopback HTTP,
 * provisioned through the real gRPC admin API, with requests signed by @smithy/signature-v4.
 */
import { createHash, randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { send, signedHeaders, signedPost, type Credential, type Reply } from "./sign.js";
import { startTestDaemon, TRANSPORTS, type TestDaemon, type TestTransport } from "./daemon.js";
import { eventually } from "./eventually.js";
import type { StoreEngine } from "./store-engines.js";
import { exchange } from "./raw-http.js";

type Tier = "local" | "luna-hsm";

const ACCOUNT = "111122223333";
const KEY_ARN = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

export function meta(op: string, extra: Record<string, string> = {}) {
  return { awsPrincipalArn: "arn:aws:iam::123456789012:user/Alice", kmsKeyArn: KEY_ARN, kmsOperation: op, kmsRequestId: `req-${randomBytes(6).toString("hex")}`, ...extra };
}

/** `store` "postgres" needs useStoreEngines() in the calling test file. */
export function dataPlaneSuite(tier: Tier, transport: TestTransport = TRANSPORTS[0]!, store: StoreEngine = "sqlite"): void {
  describe(`XKS data plane, ${tier} tier, ${transport} transport, ${store} store`, () => {
    let t: TestDaemon;
    let port: number;
    let base: string;
    let cred1: Credential;
    let cred2: Credential;
    let storeId: string;
    const keys: Record<"full" | "encOnly" | "decOnly" | "blocked" | "rotating", string> = { full: "", encOnly: "", decOnly: "", blocked: "", rotating: "" };
    let rotatingVk = "";
    const partition = tier === "luna-hsm" ? inject("softhsm").tokens[0]! : "";

    async function sourceKey(usage: { encrypt?: boolean; decrypt?: boolean } = {}): Promise<string> {
      const sk = await t.admin.sourceKeys("Create", { source_key_tier: tier, partition_id: partition, label: `t-${randomBytes(5).toString("hex")}`, ...usage });
      return sk.id as string;
    }
    async function hyok(sourceKeyId: string, ks = storeId): Promise<{ id: string; vk: string }> {
      const vk = await t.admin.virtualKeys("Create", { source_key_id: sourceKeyId });
      const hk = await t.admin.hyokKeys("Create", { local_hosted_params: { custom_key_store_id: ks, virtual_key_id: vk.id } });
      return { id: hk.id as string, vk: vk.id as string };
    }
    async function keyStore(name: string, extra: Record<string, unknown> = {}) {
      return t.admin.keyStores("Create", {
        name,
        region: "us-east-1",
        kms: ACCOUNT,
        local_hosted_params: { source_key_tier: tier, partition_id: partition, max_credentials: 5, ...extra },
      });
    }

    const post = (path: string, body: unknown, cred: Credential = cred1) => signedPost(port, path, body, cred);
    const op = (keyId: string, name: string) => `${base}/keys/${keyId}/${name}`;
    const encryptReq = (plaintext: Buffer, aad?: Buffer, cdiv = false) => ({
      requestMetadata: meta("Encrypt"),
      plaintext: plaintext.toString("base64"),
      encryptionAlgorithm: "AES_GCM",
      ...(aad ? { additionalAuthenticatedData: aad.toString("base64") } : {}),
      ...(cdiv ? { ciphertextDataIntegrityValueAlgorithm: "SHA_256" } : {}),
    });
    const decryptReq = (enc: Record<string, unknown>, aad?: Buffer) => ({
      requestMetadata: meta("Decrypt"),
      encryptionAlgorithm: "AES_GCM",
      ciphertext: enc.ciphertext,
      ciphertextMetadata: enc.ciphertextMetadata,
      initializationVector: enc.initializationVector,
      authenticationTag: enc.authenticationTag,
      ...(aad ? { additionalAuthenticatedData: aad.toString("base64") } : {}),
    });
    const expectError = (r: Reply, status: number, name: string) => {
      expect({ status: r.status, errorName: r.json.errorName }).toEqual({ status, errorName: name });
      expect(typeof r.json.errorMessage).toBe("string");
      expect((r.json.errorMessage as string).length).toBeLessThan(512);
    };

    beforeAll(async () => {
      t = await startTestDaemon({ hsm: tier === "luna-hsm", transport, store });
      port = t.daemon.xksPort;
      const ks = await keyStore(`dp-${tier}`, { rate_limit: { requests_per_second: 100000, burst: 100000 } });
      storeId = ks.id;
      base = ks.aws_param.xks_proxy_uri_path;
      cred1 = { accessKeyId: ks.access_key_id, secretAccessKey: ks.secret_access_key };
      const c2 = await t.admin.credentials("Create", { custom_key_store_id: storeId });
      cred2 = { accessKeyId: c2.access_key_id, secretAccessKey: c2.secret_access_key };
      keys.full = (await hyok(await sourceKey())).id;
      keys.encOnly = (await hyok(await sourceKey({ encrypt: true, decrypt: false }))).id;
      keys.decOnly = (await hyok(await sourceKey({ encrypt: false, decrypt: true }))).id;
      keys.blocked = (await hyok(await sourceKey())).id;
      await t.admin.hyokKeys("Block", { id: keys.blocked });
      const r = await hyok(await sourceKey());
      keys.rotating = r.id;
      rotatingVk = r.vk;
    });
    afterAll(async () => {
      await t?.stop();
    });

    it("serves liveness and readiness without authentication", async () => {
      expect((await send(port, "/ping", "", {}, "GET")).status).toBe(200);
      expect((await send(port, "/readyz", "", {}, "GET")).status).toBe(200);
    });

    it(`runs on the ${transport} transport`, () => {
      const started = t.logs.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.msg === "xks-proxy started");
      expect(started?.transport).toBe(transport);
    });

    if (transport === "node") {
      it("answers HTTP/1.0 and Host-less /ping and /readyz (load balancers' plain health checks)", async () => {
        const cases: [string, string][] = [
          ["GET /ping HTTP/1.0\r\n\r\n", "ok"],
          ["GET /readyz HTTP/1.0\r\n\r\n", "ready"],
          ["GET /ping HTTP/1.1\r\nConnection: close\r\n\r\n", "ok"],
          ["GET /readyz HTTP/1.1\r\nConnection: close\r\n\r\n", "ready"],
        ];
        for (const [head, body] of cases) {
          const r = await exchange(port, { head, waitMs: 3000 });
          expect(r.statuses).toEqual([200]);
          expect(r.text.endsWith(`\r\n\r\n${body}`)).toBe(true);
          expect(r.closedByServer).toBe(true);
        }
        // HAProxy's default `option httpchk` is HTTP/1.0 OPTIONS /; with `option httpchk GET /readyz` it sends this
        const lb = await exchange(port, { head: "GET /readyz HTTP/1.0\r\nUser-Agent: HAProxy\r\n\r\n", waitMs: 3000 });
        expect(lb.statuses).toEqual([200]);
      });
    }

    it("answers GetHealthStatus from a real health check", async () => {
      const r = await post(`${base}/health`, { requestMetadata: { kmsRequestId: "h-1", kmsOperation: "KmsHealthCheck" } });
      expect(r.status).toBe(200);
      expect(r.json.xksProxyFleetSize).toBe(1);
      expect(r.json.xksProxyVendor).toBe("xks-proxy");
      expect(r.json.xksProxyModel).toMatch(/^xks-proxy \d+\.\d+\.\d+/);
      expect(typeof r.json.ekmVendor).toBe("string");
      const fleet = r.json.ekmFleetDetails as { id: string; model: string; healthStatus: string }[];
      expect(fleet).toHaveLength(1);
      expect(fleet[0]!.healthStatus).toBe("ACTIVE");
      if (tier === "luna-hsm") {
        expect(fleet[0]!.id).toBe(partition);
        expect(fleet[0]!.model).toMatch(/SoftHSM/);
      }
      // unknown kmsOperation values are accepted
      const other = await post(`${base}/health`, { requestMetadata: { kmsRequestId: "h-2", kmsOperation: "SomeFutureKmsApi" } });
      expect(other.status).toBe(200);
    });

    it("reports key metadata from the source key", async () => {
      const full = await post(op(keys.full, "metadata"), { requestMetadata: meta("CreateKey") });
      expect(full.status).toBe(200);
      expect(full.json).toEqual({ keySpec: "AES_256", keyUsage: ["ENCRYPT", "DECRYPT"], keyStatus: "ENABLED" });
      const enc = await post(op(keys.encOnly, "metadata"), { requestMetadata: meta("DescribeKey") });
      expect(enc.json).toEqual({ keySpec: "AES_256", keyUsage: ["ENCRYPT"], keyStatus: "ENABLED" });
    });

    it("encrypts and decrypts back to the plaintext, with and without AAD", async () => {
      for (const aad of [undefined, Buffer.from("project=nile,department=marketing")]) {
        const pt = randomBytes(32);
        const e = await post(op(keys.full, "encrypt"), encryptReq(pt, aad));
        expect(e.status).toBe(200);
        expect(Buffer.from(e.json.initializationVector as string, "base64")).toHaveLength(12);
        expect(Buffer.from(e.json.authenticationTag as string, "base64")).toHaveLength(16);
        expect(Buffer.from(e.json.ciphertext as string, "base64")).toHaveLength(32);
        expect(Buffer.from(e.json.ciphertextMetadata as string, "base64").length).toBeLessThanOrEqual(20);
        const d = await post(op(keys.full, "decrypt"), decryptReq(e.json, aad));
        expect(d.status).toBe(200);
        expect(d.json.plaintext).toBe(pt.toString("base64"));
      }
    });

    it("handles 4300-byte plaintext with 8192-byte AAD and returns a correct CDIV", async () => {
      const pt = randomBytes(4300);
      const aad = randomBytes(8192);
      const e = await post(op(keys.full, "encrypt"), encryptReq(pt, aad, true));
      expect(e.status).toBe(200);
      const b = (k: string) => Buffer.from(e.json[k] as string, "base64");
      const cdiv = createHash("sha256").update(aad).update(b("ciphertextMetadata")).update(b("initializationVector")).update(b("ciphertext")).update(b("authenticationTag")).digest("base64");
      expect(e.json.ciphertextDataIntegrityValue).toBe(cdiv);
      const d = await post(op(keys.full, "decrypt"), decryptReq(e.json, aad));
      expect(d.json.plaintext).toBe(pt.toString("base64"));
    });

    it("uses a fresh IV for every encrypt", async () => {
      const pt = randomBytes(16);
      const ivs = new Set<string>();
      for (let i = 0; i < 20; i++) ivs.add((await post(op(keys.full, "encrypt"), encryptReq(pt))).json.initializationVector as string);
      expect(ivs.size).toBe(20);
    });

    it("refuses tampered metadata, tag, IV, AAD and ciphertext with InvalidCiphertextException", async () => {
      const pt = randomBytes(48);
      const aad = Buffer.from("context");
      const e = (await post(op(keys.full, "encrypt"), encryptReq(pt, aad))).json;
      const flip = (b64: unknown) => {
        const b = Buffer.from(b64 as string, "base64");
        b[b.length - 1]! ^= 1;
        return b.toString("base64");
      };
      const cases = [
        { ...decryptReq(e, aad), ciphertextMetadata: flip(e.ciphertextMetadata) },
        { ...decryptReq(e, aad), authenticationTag: flip(e.authenticationTag) },
        { ...decryptReq(e, aad), initializationVector: flip(e.initializationVector) },
        { ...decryptReq(e, aad), ciphertext: flip(e.ciphertext) },
        decryptReq(e, Buffer.from("context!")),
        decryptReq(e), // AAD dropped
        { ...decryptReq(e, aad), ciphertextMetadata: undefined }, // metadata dropped
        // metadata moved into the AAD field: lengths in the GCM AAD keep these apart
        { ...decryptReq(e), additionalAuthenticatedData: e.ciphertextMetadata, ciphertextMetadata: undefined },
      ];
      for (const c of cases) expectError(await post(op(keys.full, "decrypt"), c), 400, "InvalidCiphertextException");
    });

    it("decrypts data encrypted before a virtual-key rotation", async () => {
      const pt1 = randomBytes(32);
      const before = (await post(op(keys.rotating, "encrypt"), encryptReq(pt1))).json;
      const rotated = await t.admin.virtualKeys("Rotate", { id: rotatingVk });
      expect(rotated.version).toBe(2);
      const pt2 = randomBytes(32);
      const after = (await post(op(keys.rotating, "encrypt"), encryptReq(pt2))).json;
      expect(after.ciphertextMetadata).not.toBe(before.ciphertextMetadata);
      expect((await post(op(keys.rotating, "decrypt"), decryptReq(before))).json.plaintext).toBe(pt1.toString("base64"));
      expect((await post(op(keys.rotating, "decrypt"), decryptReq(after))).json.plaintext).toBe(pt2.toString("base64"));
    });

    it("accepts both credentials of the store and refuses bad signatures with 401", async () => {
      const body = { requestMetadata: meta("CreateKey") };
      expect((await post(op(keys.full, "metadata"), body, cred1)).status).toBe(200);
      expect((await post(op(keys.full, "metadata"), body, cred2)).status).toBe(200);
      const path = op(keys.full, "metadata");
      const text = JSON.stringify(body);
      const unknown = await post(path, body, { accessKeyId: "ABCDEFGHIJKLMNOPQRST", secretAccessKey: cred1.secretAccessKey });
      const wrongSecret = await post(path, body, { accessKeyId: cred1.accessKeyId, secretAccessKey: cred2.secretAccessKey });
      const stale = await signedPost(port, path, body, cred1, { date: new Date(Date.now() - 6 * 60_000) });
      const h = await signedHeaders(port, path, text, cred1);
      const malformedDate = await send(port, path, text, { ...h, "x-amz-date": "2026-11-23T10:00:00Z" });
      const garbageAuth = await send(port, path, text, { ...h, authorization: "AWS4-HMAC-SHA256 ,,,===" });
      const noAuth = await send(port, path, text, { "content-type": "application/json" });
      const bodyChanged = await send(port, path, text.replace("CreateKey", "CreateKeX"), h);
      for (const r of [unknown, wrongSecret, stale, malformedDate, garbageAuth, noAuth, bodyChanged]) expectError(r, 401, "AuthenticationFailedException");
      // still serving
      expect((await post(op(keys.full, "metadata"), body)).status).toBe(200);
      const logText = t.logs.join("");
      expect(logText).not.toContain(cred1.secretAccessKey);
      expect(logText).not.toContain(cred2.secretAccessKey);
    });

    it("answers 405 to GET on API paths and 404 InvalidUriPathException elsewhere", async () => {
      const get = await send(port, op(keys.full, "encrypt"), "", {}, "GET");
      expect(get.status).toBe(405);
      expect((await send(port, `${base}/health`, "", {}, "GET")).status).toBe(405);
      expectError(await post("/nope/kms/xks/v1/health", { requestMetadata: meta("x") }), 404, "InvalidUriPathException");
      expectError(await post(`${base}/keys/${keys.full}/sign`, { requestMetadata: meta("x") }), 404, "InvalidUriPathException");
      expectError(await send(port, "/", "", {}, "GET"), 404, "InvalidUriPathException");
    });

    it("validates every field the spec lists (ValidationException)", async () => {
      const pt = randomBytes(16);
      const good = (await post(op(keys.full, "encrypt"), encryptReq(pt))).json;
      const bad: [string, unknown][] = [
        ["encrypt", "not json"],
        ["encrypt", []],
        ["encrypt", { plaintext: "AAAA", encryptionAlgorithm: "AES_GCM" }],
        ["encrypt", { ...encryptReq(pt), requestMetadata: { kmsOperation: "Encrypt", kmsRequestId: "r" } }],
        ["encrypt", { ...encryptReq(pt), plaintext: "not base64!" }],
        ["encrypt", { ...encryptReq(pt), plaintext: "AAA" }],
        ["encrypt", { ...encryptReq(pt), plaintext: undefined }],
        ["encrypt", { ...encryptReq(pt), encryptionAlgorithm: undefined }],
        ["decrypt", { ...decryptReq(good), initializationVector: randomBytes(8).toString("base64") }],
        ["decrypt", { ...decryptReq(good), authenticationTag: randomBytes(12).toString("base64") }],
        ["decrypt", { ...decryptReq(good), ciphertextMetadata: randomBytes(21).toString("base64") }],
        ["decrypt", { ...decryptReq(good), ciphertext: 42 }],
        ["metadata", { requestMetadata: { kmsOperation: "CreateKey" } }],
      ];
      for (const [name, body] of bad) expectError(await post(op(keys.full, name), body), 400, "ValidationException");
      expectError(await post(`${base}/health`, { requestMetadata: { kmsOperation: "KmsHealthCheck" } }), 400, "ValidationException");
    });

    it("refuses unsupported algorithms and oversized bodies (UnsupportedOperationException)", async () => {
      expectError(await post(op(keys.full, "encrypt"), { ...encryptReq(randomBytes(8)), encryptionAlgorithm: "AES_CBC" }), 501, "UnsupportedOperationException");
      expectError(await post(op(keys.full, "encrypt"), { ...encryptReq(randomBytes(8)), ciphertextDataIntegrityValueAlgorithm: "MD5" }), 501, "UnsupportedOperationException");
      const huge = encryptReq(randomBytes(200_000));
      expectError(await post(op(keys.full, "encrypt"), huge), 501, "UnsupportedOperationException");
      expect((await post(op(keys.full, "metadata"), { requestMetadata: meta("CreateKey") })).status).toBe(200);
    });

    it("checks key usage before any crypto (InvalidKeyUsageException)", async () => {
      const pt = randomBytes(16);
      expectError(await post(op(keys.decOnly, "encrypt"), encryptReq(pt)), 400, "InvalidKeyUsageException");
      expectError(await post(op(keys.encOnly, "encrypt"), encryptReq(pt, undefined, true)), 400, "InvalidKeyUsageException");
      const e = await post(op(keys.encOnly, "encrypt"), encryptReq(pt));
      expect(e.status).toBe(200);
      expectError(await post(op(keys.encOnly, "decrypt"), decryptReq(e.json)), 400, "InvalidKeyUsageException");
    });

    it("answers KeyNotFoundException, InvalidStateException and AccessDeniedException", async () => {
      expectError(await post(op("no-such-key", "metadata"), { requestMetadata: meta("CreateKey") }), 404, "KeyNotFoundException");
      expectError(await post(op(keys.blocked, "encrypt"), encryptReq(randomBytes(8))), 400, "InvalidStateException");
      const otherAccount = { ...encryptReq(randomBytes(8)), requestMetadata: meta("Encrypt", { kmsKeyArn: "arn:aws:kms:us-east-1:999999999999:key/x" }) };
      expectError(await post(op(keys.full, "encrypt"), otherAccount), 403, "AccessDeniedException");
    });

    it("applies admin changes live: block/unblock store and key, new keys usable at once", async () => {
      const fresh = await hyok(await sourceKey());
      expect((await post(op(fresh.id, "metadata"), { requestMetadata: meta("CreateKey") })).status).toBe(200);
      await t.admin.keyStores("Block", { id: storeId });
      expectError(await post(op(keys.full, "encrypt"), encryptReq(randomBytes(8))), 400, "InvalidStateException");
      expectError(await post(op(keys.full, "decrypt"), decryptReq({ ciphertext: "AAAA", ciphertextMetadata: "AQAAAAE=", initializationVector: randomBytes(12).toString("base64"), authenticationTag: randomBytes(16).toString("base64") })), 400, "InvalidStateException");
      expectError(await post(`${base}/health`, { requestMetadata: { kmsRequestId: "h", kmsOperation: "KmsHealthCheck" } }), 400, "InvalidStateException");
      await t.admin.keyStores("Unblock", { id: storeId });
      expect((await post(op(keys.full, "encrypt"), encryptReq(randomBytes(8)))).status).toBe(200);
      await t.admin.hyokKeys("Block", { id: fresh.id });
      expectError(await post(op(fresh.id, "encrypt"), encryptReq(randomBytes(8))), 400, "InvalidStateException");
      await t.admin.hyokKeys("Unblock", { id: fresh.id });
      expect((await post(op(fresh.id, "encrypt"), encryptReq(randomBytes(8)))).status).toBe(200);
    });

    it("reports a disabled source key as DISABLED and refuses crypto with it until it is enabled again", async () => {
      const src = await sourceKey();
      const k = await hyok(src);
      const before = (await post(op(k.id, "encrypt"), encryptReq(randomBytes(16)))).json;
      const disabled = await t.admin.sourceKeys("Update", { id: src, enabled: false });
      expect(disabled.enabled).toBe(false);
      expect((await post(op(k.id, "metadata"), { requestMetadata: meta("DescribeKey") })).json.keyStatus).toBe("DISABLED");
      expectError(await post(op(k.id, "encrypt"), encryptReq(randomBytes(16))), 400, "InvalidStateException");
      expectError(await post(op(k.id, "decrypt"), decryptReq(before)), 400, "InvalidStateException");
      await t.admin.sourceKeys("Update", { id: src, enabled: true });
      expect((await post(op(k.id, "metadata"), { requestMetadata: meta("DescribeKey") })).json.keyStatus).toBe("ENABLED");
      expect((await post(op(k.id, "decrypt"), decryptReq(before))).status).toBe(200);
    });

    it("throttles a store past its burst with 429 ThrottlingException", async () => {
      const ks = await keyStore(`throttled-${tier}`, { rate_limit: { requests_per_second: 1, burst: 3 } });
      const cred = { accessKeyId: ks.access_key_id, secretAccessKey: ks.secret_access_key };
      const k = await hyok(await sourceKey(), ks.id);
      const path = `${ks.aws_param.xks_proxy_uri_path}/keys/${k.id}/metadata`;
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) statuses.push((await signedPost(port, path, { requestMetadata: meta("CreateKey") }, cred)).status);
      expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
      expect(statuses.slice(3)).toContain(429);
      const r = await signedPost(port, path, { requestMetadata: meta("CreateKey") }, cred);
      if (r.status === 429) expectError(r, 429, "ThrottlingException");
      // other stores are not affected
      expect((await post(op(keys.full, "metadata"), { requestMetadata: meta("CreateKey") })).status).toBe(200);
    });

    it("logs one JSON line per request with ids and outcome, never plaintext", async () => {
      const pt = Buffer.from("top-secret-plaintext-" + randomBytes(8).toString("hex"));
      const m = meta("Encrypt");
      const r = await post(op(keys.full, "encrypt"), { ...encryptReq(pt), requestMetadata: m });
      expect(r.status).toBe(200);
      const line = await eventually(() => {
        const found = t.logs.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.kmsRequestId === m.kmsRequestId);
        expect(found).toBeDefined();
        return found;
      });
      expect(line).toMatchObject({ msg: "xks request", operation: "Encrypt", keyStoreId: storeId, keyId: keys.full, status: 200 });
      expect(typeof line!.durationMs).toBe("number");
      const all = t.logs.join("");
      expect(all).not.toContain(pt.toString("base64"));
      expect(all).not.toContain(pt.toString("utf8"));
    });

    it("exposes Prometheus metrics on the metrics port", async () => {
      const text = await eventually(async () => {
        const res = await fetch(`http://127.0.0.1:${t.daemon.metricsPort}/metrics`);
        const body = await res.text();
        expect(res.status).toBe(200);
        expect(body).toMatch(new RegExp(`xks_requests_total\\{operation="Encrypt",key_store="${storeId}",error_name=""\\} \\d+`));
        expect(body).toMatch(/xks_request_duration_seconds_bucket\{le="0.005",operation="Encrypt"\}/);
        expect(body).toMatch(/xks_throttled_requests_total\{key_store="[^"]+"\} [1-9]/);
        return body;
      });
      expect(text).not.toContain(cred1.accessKeyId);
    });
  });
}
