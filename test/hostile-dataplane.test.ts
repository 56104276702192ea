/**
 * Hostile XKS request bodies and HTTP methods against a real daemon, signed with the AWS SDK's
 * signer so each body reaches the JSON and field checks: bodies that JSON.parse alone would accept
 * but that are ambiguous or not what the caller sent are refused with a ValidationException naming
 * the problem, and HEAD answers carry no body.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestDaemon, TRANSPORTS, type TestDaemon } from "./helpers/daemon.js";
import { exchange } from "./helpers/raw-http.js";
import { send, signedHeaders, type Credential, type Reply } from "./helpers/sign.js";

const ACCOUNT = "111122223333";
const KEY_ARN = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const meta = (op: string) => ({ awsPrincipalArn: "arn:aws:iam::123456789012:user/Alice", kmsKeyArn: KEY_ARN, kmsOperation: op, kmsRequestId: "req-1" });

for (const transport of TRANSPORTS) {
  describe(`hostile XKS bodies and methods (${transport} transport)`, () => {
    let t: TestDaemon;
    let port: number;
    let cred: Credential;
    let encryptPath: string;
    let storeId: string;

    beforeAll(async () => {
      t = await startTestDaemon({ transport });
      port = t.daemon.xksPort;
      const ks = await t.admin.keyStores("Create", {
        name: "hostile-body",
        region: "us-east-1",
        kms: ACCOUNT,
        local_hosted_params: { source_key_tier: "local", partition_id: "", max_credentials: 5, rate_limit: { requests_per_second: 100000, burst: 100000 } },
      });
      cred = { accessKeyId: ks.access_key_id, secretAccessKey: ks.secret_access_key };
      storeId = ks.id;
      const sk = await t.admin.sourceKeys("Create", { source_key_tier: "local", partition_id: "", label: "hostile-body" });
      const vk = await t.admin.virtualKeys("Create", { source_key_id: sk.id });
      const hk = await t.admin.hyokKeys("Create", { local_hosted_params: { custom_key_store_id: ks.id, virtual_key_id: vk.id } });
      encryptPath = `${ks.aws_param.xks_proxy_uri_path}/keys/${hk.id}/encrypt`;
    });
    afterAll(async () => {
      await t?.stop();
    });

    const post = async (body: string | Buffer): Promise<Reply> => send(port, encryptPath, body, await signedHeaders(port, encryptPath, body, cred));
    const encrypt = (o: Record<string, unknown> = {}, m: Record<string, unknown> = {}) =>
      JSON.stringify({ requestMetadata: { ...meta("Encrypt"), ...m }, encryptionAlgorithm: "AES_GCM", plaintext: "QUFB", ...o });
    const refused = (r: Reply, message: RegExp) => {
      expect({ status: r.status, errorName: r.json.errorName }).toEqual({ status: 400, errorName: "ValidationException" });
      expect(r.json.errorMessage).toMatch(message);
    };

    it("a body that is not UTF-8 is refused, not decoded into U+FFFD (invalid byte, overlong form, encoded surrogate)", async () => {
      const [before, after] = encrypt().split("req-1");
      for (const bad of [[0xff], [0xc0, 0xaf], [0xed, 0xa0, 0x80]]) {
        refused(await post(Buffer.concat([Buffer.from(before!), Buffer.from(bad), Buffer.from(after!)])), /not valid UTF-8/);
      }
      expect((await post(encrypt({}, { kmsRequestId: "req-ü-€-😀" }))).status).toBe(200);
    });

    it("a lone surrogate in a requestMetadata string (a JSON escape UTF-8 cannot carry) is refused; a pair is accepted", async () => {
      for (const [field, bad] of [["kmsRequestId", "req-\\ud800"], ["awsPrincipalArn", "arn:aws:iam::123456789012:user/\\udc00"], ["kmsViaService", "ec2\\ud83d"]] as const) {
        const body = encrypt({}, { [field]: "@@" }).replace('"@@"', `"${bad}"`);
        refused(await post(body), new RegExp(`^requestMetadata\\.${field} is not well-formed Unicode`));
      }
      expect((await post(encrypt({}).replace('"req-1"', '"req-\\ud83d\\ude00"'))).status).toBe(200);
    });

    it("a member name twice in one object is refused, at the top and in requestMetadata", async () => {
      refused(await post(encrypt().replace('"plaintext":"QUFB"', '"plaintext":"QUFB","plaintext":"QkJC"')), /member name twice/);
      refused(await post(encrypt().replace('"awsPrincipalArn"', '"awsPrincipalArn":"arn:aws:iam::123456789012:root" , "awsPrincipalArn"')), /member name twice/);
      refused(await post(encrypt({ x: [{ a: 1 }] }).replace('{"a":1}', '{"a":1,"a":2}')), /member name twice/);
    });

    it("names are counted exactly: escaped quotes, colons in values and deep nesting are accepted", async () => {
      for (const id of ['a":"b', 'a\\":', "\\", '\\"', 'x" : "y']) expect((await post(encrypt({}, { kmsRequestId: id }))).status).toBe(200);
      expect((await post(encrypt({ __proto__x: { plaintext: "QkJC" } }).replace("__proto__x", "__proto__"))).status).toBe(200);
      const deep = encrypt({ x: 0 }).replace('"x":0', `"x":${"[".repeat(20000)}{"k":1}${"]".repeat(20000)}`);
      expect((await post(deep)).status).toBe(200);
    });

    it("Base64 with nonzero bits before the padding is refused; the canonical spelling is accepted", async () => {
      refused(await post(encrypt({ plaintext: "QR==" })), /plaintext is not canonical Base64/);
      refused(await post(encrypt({ plaintext: "QUFC", additionalAuthenticatedData: "QUE=" }).replace("QUE=", "QUF=")), /additionalAuthenticatedData is not canonical Base64/);
      expect((await post(encrypt({ plaintext: "QQ==" }))).status).toBe(200);
    });

    it("null for an optional field is refused, not read as absent", async () => {
      refused(await post(encrypt({ additionalAuthenticatedData: null })), /^additionalAuthenticatedData must be a string$/);
      refused(await post(encrypt({ ciphertextDataIntegrityValueAlgorithm: null })), /^ciphertextDataIntegrityValueAlgorithm must be a string$/);
      refused(await post(encrypt({}, { kmsViaService: null })), /^requestMetadata\.kmsViaService must be a string$/);
      refused(await post(encrypt({ plaintext: null })), /^plaintext must be a string$/);
    });

    it("a body that arrives in pieces (head, 40 KB, tail: three writes) is read whole and served", async () => {
      // The usual body comes in one chunk and is read in place; this one takes the copying path.
      const filler = 40_000;
      const body = encrypt({ x: "a".repeat(filler) });
      const [prefix, tail] = body.split("a".repeat(filler)) as [string, string];
      const signed = await signedHeaders(port, encryptPath, body, cred);
      const headers = Object.entries(signed).map(([k, v]) => `${k}: ${v}\r\n`).join("");
      const r = await exchange(port, { head: `POST ${encryptPath} HTTP/1.1\r\n${headers}Content-Length: ${body.length}\r\nConnection: close\r\n\r\n${prefix}`, bodyBytes: filler, tail, waitMs: 5000 });
      expect(r.statuses).toEqual([200]);
      expect(r.text).toMatch(/"ciphertext":"[A-Za-z0-9+/=]+"/);
    });

    it("a one-value header sent twice is refused, even when the two Authorization halves would join into a valid one", async () => {
      const body = encrypt();
      const signed = await signedHeaders(port, encryptPath, body, cred);
      const auth = signed.authorization!;
      const cut = auth.indexOf(", SignedHeaders=");
      const others = Object.entries(signed).filter(([k]) => k !== "authorization").map(([k, v]) => `${k}: ${v}\r\n`).join("");
      const raw = (extra: string) => exchange(port, { head: `POST ${encryptPath} HTTP/1.1\r\n${others}${extra}Content-Length: ${body.length}\r\nConnection: close\r\n\r\n`, tail: body, bodyBytes: 0, waitMs: 5000 });
      expect((await raw(`Authorization: ${auth}\r\n`)).statuses).toEqual([200]);
      const cases: [string, string][] = [
        [`Authorization: ${auth.slice(0, cut)}\r\nAuthorization: ${auth.slice(cut + 2)}\r\n`, "authorization"], // accepted before
        [`Authorization: ${auth}\r\nX-Amz-Date: ${signed["x-amz-date"]}\r\n`, "x-amz-date"],
        [`Authorization: ${auth}\r\nHost: elsewhere\r\n`, "host"],
      ];
      for (const [extra, name] of cases) {
        const r = await raw(extra);
        expect(r.statuses).toEqual([400]);
        expect(r.text).toContain(`{"errorName":"ValidationException","errorMessage":"More than one ${name} header"}`);
      }
    });

    it("HEAD is answered as GET without a body, so the next answer on the connection is not corrupted", async () => {
      const r = await exchange(port, { head: "HEAD /ping HTTP/1.1\r\nHost: x\r\n\r\nHEAD /nowhere HTTP/1.1\r\nHost: x\r\n\r\nGET /readyz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", waitMs: 5000 });
      const answers = r.text.split(/(?=HTTP\/1\.1 \d{3} )/);
      expect(answers.map((a) => Number(a.slice(9, 12)))).toEqual([200, 404, 200]);
      // headers only, announcing the length GET would get
      expect(answers[0]).toMatch(/\r\nContent-Length: 2\r\n[^]*\r\n\r\n$/i);
      expect(answers[1]).toMatch(/\r\nContent-Length: \d+\r\n[^]*\r\n\r\n$/i);
      expect(answers[2]).toMatch(/\r\n\r\nready$/);
      // the unauthenticated key store health check answers HEAD too (a load balancer's probe)
      const health = await exchange(port, { head: `HEAD /keystores/${storeId}/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`, waitMs: 5000 });
      expect(health.statuses).toEqual([200]);
    });
  });
}
