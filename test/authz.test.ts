/**
 * Authorization rules on XKS request metadata (issue 11, point 5), end to end: rules set through
 * the real gRPC admin API (and the built CLI) on a real daemon with two data-plane threads, requests
 * signed by an independent SigV4 signer over loopback HTTP. Each rules change is served by both
 * threads once the admin call answers (six requests on fresh connections see the same answer).
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestDaemon, type TestDaemon } from "./helpers/daemon.js";
import { meta } from "./helpers/dataplane-suite.js";
import { eventually } from "./helpers/eventually.js";
import { signedPost, type Credential, type Reply } from "./helpers/sign.js";

const CLI = fileURLToPath(new URL("../dist/cli/main.js", import.meta.url));
const ALICE = "arn:aws:iam::123456789012:user/Alice";
const BOB = "arn:aws:iam::123456789012:user/Bob";
const APP_WEB = "arn:aws:iam::123456789012:role/app-web";
const APP_ROLE_PREFIX = "arn:aws:iam::123456789012:role/app-*";
const OTHER_ROLE = "arn:aws:iam::123456789012:role/other";

type Row = Record<string, unknown>;

describe("authorization rules on XKS request metadata", () => {
  let t: TestDaemon;
  let storeId = "";
  let base = "";
  let cred: Credential;
  let keyId = "";

  const post = (path: string, body: unknown) => signedPost(t.daemon.xksPort, `${base}${path}`, body, cred);
  const encrypt = (extra: Record<string, string> = {}) =>
    post(`/keys/${keyId}/encrypt`, { requestMetadata: meta("Encrypt", extra), plaintext: randomBytes(16).toString("base64"), encryptionAlgorithm: "AES_GCM" });
  const as = (principal: string, extra: Record<string, string> = {}) => encrypt({ awsPrincipalArn: principal, ...extra });
  const metadata = (extra: Record<string, string> = {}) => post(`/keys/${keyId}/metadata`, { requestMetadata: meta("DescribeKey", extra) });
  const health = () => post("/health", { requestMetadata: { kmsRequestId: `h-${randomBytes(4).toString("hex")}`, kmsOperation: "KmsHealthCheck" } });
  /** the same request on six fresh connections (both threads answer some): the set of answers */
  async function everywhere(send: () => Promise<Reply>): Promise<string[]> {
    const replies = await Promise.all(Array.from({ length: 6 }, send));
    return [...new Set(replies.map((r) => `${r.status} ${(r.json.errorName as string | undefined) ?? ""}`.trim()))];
  }
  const setRules = (rules: Row[]) => t.admin.keyStores("Update", { id: storeId, authorization_rules: rules });
  const OK = ["200"];
  const DENIED = ["403 AccessDeniedException"];

  beforeAll(async () => {
    t = await startTestDaemon({ xks: { threads: 2 } });
    const ks = await t.admin.keyStores("Create", { name: "authz", kms: "111122223333", region: "us-east-1" });
    storeId = ks.id;
    base = ks.aws_param.xks_proxy_uri_path;
    cred = { accessKeyId: ks.access_key_id, secretAccessKey: ks.secret_access_key };
    const sk = await t.admin.sourceKeys("Create", {});
    const vk = await t.admin.virtualKeys("Create", { source_key_id: sk.id });
    keyId = (await t.admin.hyokKeys("Create", { local_hosted_params: { custom_key_store_id: storeId, virtual_key_id: vk.id } })).id;
  });
  afterAll(async () => {
    await t?.stop();
  });

  it("a store without rules allows every authenticated request (and says it has none)", async () => {
    expect((await t.admin.keyStores("Get", { id: storeId })).authorization_rules).toEqual([]);
    expect(await everywhere(() => as(BOB, { kmsViaService: "rds" }))).toEqual(OK);
    expect(await everywhere(() => metadata())).toEqual(OK);
  });

  it("an exact principal: that principal is allowed, another refused with 403 AccessDeniedException naming no rule", async () => {
    const ks = await setRules([{ principal: ALICE }]);
    expect(ks.authorization_rules).toEqual([{ principal: ALICE, operations: [], via_services: [] }]);
    expect(await everywhere(() => as(ALICE))).toEqual(OK);
    expect(await everywhere(() => as(BOB))).toEqual(DENIED);
    expect(await everywhere(() => metadata({ awsPrincipalArn: BOB }))).toEqual(DENIED);
    const r = await as(BOB);
    expect(r.json.errorMessage).toBe("The request is not allowed by this external key store's authorization rules");
    // an ARN that merely starts like the allowed one is another principal
    expect(await everywhere(() => as(`${ALICE}2`))).toEqual(DENIED);
  });

  it("a prefix ending in * allows every principal under it, and no other", async () => {
    await setRules([{ principal: APP_ROLE_PREFIX }]);
    expect(await everywhere(() => as(APP_WEB))).toEqual(OK);
    expect(await everywhere(() => as(`${APP_WEB}/session`))).toEqual(OK);
    expect(await everywhere(() => as(OTHER_ROLE))).toEqual(DENIED);
    expect(await everywhere(() => as(ALICE))).toEqual(DENIED);
    // the * is not a wildcard in the request: a principal spelled with it is not under the prefix
    expect(await everywhere(() => as("arn:aws:iam::123456789012:role/app*"))).toEqual(DENIED);
  });

  it("operations: kmsOperation must be one of them (exactly); GetKeyMetadata is checked too", async () => {
    await setRules([{ operations: ["Encrypt", "GenerateDataKey"] }]);
    expect(await everywhere(() => encrypt())).toEqual(OK);
    expect(await everywhere(() => encrypt({ kmsOperation: "GenerateDataKey" }))).toEqual(OK);
    expect(await everywhere(() => encrypt({ kmsOperation: "ReEncrypt" }))).toEqual(DENIED);
    expect(await everywhere(() => encrypt({ kmsOperation: "encrypt" }))).toEqual(DENIED);
    expect(await everywhere(() => metadata())).toEqual(DENIED);
  });

  it("via services: kmsViaService must be one of them; a request without it does not match", async () => {
    await setRules([{ via_services: ["ebs"] }]);
    expect(await everywhere(() => encrypt({ kmsViaService: "ebs" }))).toEqual(OK);
    expect(await everywhere(() => encrypt({ kmsViaService: "rds" }))).toEqual(DENIED);
    expect(await everywhere(() => encrypt())).toEqual(DENIED);
  });

  it("a rule's conditions must all match; any one rule allows", async () => {
    await setRules([
      { principal: ALICE, operations: ["Decrypt", "Encrypt"] },
      { principal: APP_ROLE_PREFIX, via_services: ["ebs", "rds"] },
      { operations: ["DescribeKey"] },
    ]);
    expect(await everywhere(() => as(ALICE))).toEqual(OK); // rule 1
    expect(await everywhere(() => as(ALICE, { kmsOperation: "GenerateDataKey" }))).toEqual(DENIED); // rule 1's operation fails
    expect(await everywhere(() => as(APP_WEB, { kmsViaService: "rds" }))).toEqual(OK); // rule 2
    expect(await everywhere(() => as(APP_WEB))).toEqual(DENIED); // rule 2 needs a via service
    expect(await everywhere(() => as(ALICE, { kmsViaService: "ebs" }))).toEqual(OK); // rule 1 (it sets no via service)
    expect(await everywhere(() => as(BOB, { kmsViaService: "ebs" }))).toEqual(DENIED); // no rule names Bob
    expect(await everywhere(() => metadata({ awsPrincipalArn: BOB }))).toEqual(OK); // rule 3: any principal
  });

  it("GetHealthStatus is exempt, even when no rule could match it", async () => {
    await setRules([{ principal: ALICE, operations: ["Encrypt"], via_services: ["ebs"] }]);
    expect(await everywhere(() => health())).toEqual(OK);
    expect(await everywhere(() => as(ALICE))).toEqual(DENIED);
  });

  it("a refused request is audited as a failure and logged with the metadata no rule allowed", async () => {
    await setRules([{ principal: ALICE }]);
    const kmsRequestId = `denied-${randomBytes(6).toString("hex")}`;
    expect((await as(BOB, { kmsRequestId, kmsViaService: "ebs" })).status).toBe(403);
    const rec = await eventually(async () => {
      const page = await t.admin.audit("List", { key_store_id: storeId, outcome: "failure", limit: 1000 });
      const found = (page.resources as Row[]).find((r) => r.kms_request_id === kmsRequestId);
      expect(found).toBeDefined();
      return found!;
    });
    expect(rec).toMatchObject({ kind: "xks", operation: "Encrypt", outcome: "failure", error_name: "AccessDeniedException", key_store_id: storeId, key_id: keyId });
    const line = t.logs.map((l) => JSON.parse(l) as Row).find((l) => l.msg === "xks request" && l.kmsRequestId === kmsRequestId);
    expect(line).toMatchObject({
      status: 403,
      errorName: "AccessDeniedException",
      reason: `no authorization rule allows awsPrincipalArn ${BOB}, kmsOperation Encrypt, kmsViaService ebs`,
    });
  });

  it("rules are checked before the key is looked up: a refused caller cannot probe for keys", async () => {
    const r = await signedPost(t.daemon.xksPort, `${base}/keys/no-such-key/encrypt`, { requestMetadata: meta("Encrypt", { awsPrincipalArn: BOB }), plaintext: "AAAA", encryptionAlgorithm: "AES_GCM" }, cred);
    expect(r.status).toBe(403);
    expect(r.json.errorName).toBe("AccessDeniedException");
  });

  it("a kmsViaService that is not a string is refused (400 ValidationException), never read as absent", async () => {
    await setRules([{ principal: ALICE }]);
    const body = { requestMetadata: { ...meta("Encrypt", { awsPrincipalArn: ALICE }), kmsViaService: ["ebs"] }, plaintext: "AAAA", encryptionAlgorithm: "AES_GCM" };
    const r = await post(`/keys/${keyId}/encrypt`, body);
    expect({ status: r.status, errorName: r.json.errorName, errorMessage: r.json.errorMessage }).toEqual({
      status: 400,
      errorName: "ValidationException",
      errorMessage: "requestMetadata.kmsViaService must be a string",
    });
  });

  it("clearing the rules restores allow-all at once; replacing them replaces all", async () => {
    await setRules([{ principal: ALICE }, { principal: APP_ROLE_PREFIX }]);
    await setRules([{ principal: BOB }]);
    expect((await t.admin.keyStores("Get", { id: storeId })).authorization_rules).toEqual([{ principal: BOB, operations: [], via_services: [] }]);
    expect(await everywhere(() => as(ALICE))).toEqual(DENIED);
    // an update that does not mention the rules keeps them
    await t.admin.keyStores("Update", { id: storeId, enable_success_audit_event: false });
    expect(await everywhere(() => as(ALICE))).toEqual(DENIED);
    const cleared = await t.admin.keyStores("Update", { id: storeId, clear_authorization_rules: true });
    expect(cleared.authorization_rules).toEqual([]);
    expect(await everywhere(() => as(ALICE))).toEqual(OK);
    expect(await everywhere(() => as(BOB, { kmsViaService: "rds" }))).toEqual(OK);
  });

  it("a store can be created with rules", async () => {
    const ks = await t.admin.keyStores("Create", {
      name: "authz-created",
      kms: "111122223333",
      region: "us-east-1",
      authorization_rules: [{ principal: ALICE, operations: ["Encrypt", "Encrypt"], via_services: ["ebs"] }],
    });
    // duplicates dropped, order kept
    expect(ks.authorization_rules).toEqual([{ principal: ALICE, operations: ["Encrypt"], via_services: ["ebs"] }]);
    const listed = await t.admin.keyStores("List", { name: "authz-created" });
    expect(listed.resources[0].authorization_rules).toEqual(ks.authorization_rules);
  });

  it("invalid rules are refused with INVALID_ARGUMENT naming the field, and change nothing", async () => {
    await setRules([{ principal: ALICE }]);
    const many = Array.from({ length: 101 }, () => ({ principal: ALICE }));
    const cases: [Row, RegExp][] = [
      [{ authorization_rules: many }, /^authorization_rules: at most 100 rules \(got 101\)$/],
      [{ authorization_rules: [{ principal: ALICE }, {}] }, /^authorization_rules\[1\]: sets no condition/],
      [{ authorization_rules: [{ principal: "Alice" }] }, /^authorization_rules\[0\]\.principal: must be a principal ARN/],
      [{ authorization_rules: [{ principal: "arn:aws:iam::1234:user/Alice" }] }, /^authorization_rules\[0\]\.principal: must be a principal ARN/],
      [{ authorization_rules: [{ principal: "arn:aws:iam::123456789012:role/*-admin" }] }, /^authorization_rules\[0\]\.principal: "\*" may only end a prefix/],
      [{ authorization_rules: [{ principal: "*" }] }, /^authorization_rules\[0\]\.principal: a lone "\*" matches every principal/],
      [{ authorization_rules: [{ principal: "arn:*" }] }, /^authorization_rules\[0\]\.principal: a prefix must start with a whole ARN partition/],
      [{ authorization_rules: [{ operations: ["Encrypt", ""] }] }, /^authorization_rules\[0\]\.operations\[1\]: must be 1-128 printable characters/],
      [{ authorization_rules: [{ operations: ["Generate DataKey"] }] }, /^authorization_rules\[0\]\.operations\[0\]: must be 1-128 printable/],
      [{ authorization_rules: [{ via_services: ["eb\u0000s"] }] }, /^authorization_rules\[0\]\.via_services\[0\]: must be 1-128 printable/],
      [{ authorization_rules: [{ via_services: Array.from({ length: 51 }, (_, i) => `s${i}`) }] }, /^authorization_rules\[0\]\.via_services: at most 50 values per rule/],
      [{ authorization_rules: [{ principal: ALICE }], clear_authorization_rules: true }, /^clear_authorization_rules: cannot be given together with authorization_rules/],
    ];
    for (const [req, message] of cases) {
      await expect(t.admin.keyStores("Update", { id: storeId, ...req }), JSON.stringify(req).slice(0, 80)).rejects.toMatchObject({ code: 3, details: expect.stringMatching(message) });
    }
    await expect(t.admin.keyStores("Create", { name: "authz-bad", kms: "111122223333", region: "us-east-1", authorization_rules: [{ principal: "Bob" }] })).rejects.toMatchObject({
      code: 3,
      details: expect.stringMatching(/^authorization_rules\[0\]\.principal:/),
    });
    expect((await t.admin.keyStores("List", { name: "authz-bad" })).total).toBe(0);
    expect((await t.admin.keyStores("Get", { id: storeId })).authorization_rules).toEqual([{ principal: ALICE, operations: [], via_services: [] }]);
    expect(await everywhere(() => as(ALICE))).toEqual(OK);
    expect(await everywhere(() => as(BOB))).toEqual(DENIED);
  });

  it("the CLI sets rules as JSON and clears them; the data plane follows", async () => {
    const env = { PATH: process.env.PATH, XKS_ADMIN_TOKEN: t.daemon.adminToken, XKS_ADMIN_ADDRESS: `127.0.0.1:${t.daemon.adminPort}` };
    const cli = (args: string[]) =>
      new Promise<{ code: number; out: string; err: string }>((resolve) => {
        const child = execFile(process.execPath, [CLI, "admin", "keystore", ...args], { env, timeout: 20_000 }, (err, out, errText) =>
          resolve({ code: child.exitCode ?? (err ? 1 : 0), out, err: errText }),
        );
      });
    const help = await cli(["update", "--help"]);
    expect(help.out).toContain("--authorization-rules");
    expect(help.out).toContain("--clear-authorization-rules");
    const set = await cli(["update", "--id", storeId, "--authorization-rules", JSON.stringify([{ principal: BOB, operations: ["Encrypt"] }])]);
    expect(set.err).toBe("");
    expect(JSON.parse(set.out).authorization_rules).toEqual([{ principal: BOB, operations: ["Encrypt"], via_services: [] }]);
    expect(await everywhere(() => as(BOB))).toEqual(OK);
    expect(await everywhere(() => as(ALICE))).toEqual(DENIED);
    const typo = await cli(["update", "--id", storeId, "--authorization-rules", JSON.stringify([{ princpal: BOB }])]);
    expect(typo.code).not.toBe(0);
    expect(typo.err).toMatch(/unknown field "princpal"/);
    // text that reads two ways, and an empty list that would silently keep the rules, are refused; the rules stay
    for (const [args, message] of [
      [["--authorization-rules", `[{"principal":"${BOB}","principal":"${ALICE}"}]`], /^xks-proxy: --authorization-rules: a field is named twice in one object/],
      [["--json", `{"id":"${storeId}","id":"${storeId}"}`], /^xks-proxy: --json: a field is named twice in one object/],
      [["--authorization-rules", "[]"], /^xks-proxy: --authorization-rules: an empty list sends nothing, the same as leaving the flag out/],
    ] as const) {
      const r = await cli(["update", ...(args[0] === "--json" ? [] : ["--id", storeId]), ...args]);
      expect({ code: r.code, out: r.out }).toEqual({ code: 2, out: "" });
      expect(r.err).toMatch(message);
    }
    expect(await everywhere(() => as(BOB))).toEqual(OK);
    expect(await everywhere(() => as(ALICE))).toEqual(DENIED);
    const cleared = await cli(["update", "--id", storeId, "--clear-authorization-rules"]);
    expect(cleared.err).toBe("");
    expect(JSON.parse(cleared.out).authorization_rules).toEqual([]);
    expect(await everywhere(() => as(ALICE))).toEqual(OK);
  });

  it("every rules change travelled to the data plane as a one-entity delta", () => {
    const updates = t.logs.map((l) => JSON.parse(l) as Row).filter((l) => l.msg === "key view updated");
    expect(updates.length).toBeGreaterThan(10);
    expect(updates.every((l) => l.whole === false)).toBe(true);
  });
});
