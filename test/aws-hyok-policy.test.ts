/**
 * HYOK keys, AWS side, end to end: a real daemon, the AWS KMS emulator on loopback, the admin API
 * over real gRPC and the built CLI. Key policies composed from key_admins/key_users/external
 * accounts and from policy templates (GetKeyPolicy in the emulator returns them), aliases created
 * after CreateKey (ListAliases shows them, a taken alias is AWS's AlreadyExistsException), create
 * --linked-state, and deleting a linked key: AWS's deletion is scheduled and the proxy keeps
 * serving the key until AWS has deleted it.
 */
import { CreateAliasCommand, CreateKeyCommand, DeleteAliasCommand, DescribeKeyCommand, GetKeyPolicyCommand, KMSClient, ListAliasesCommand } from "@aws-sdk/client-kms";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { composeKeyPolicy, emptyLists } from "../src/aws/key-policy.js";
import type { KmsEmulator } from "../tools/kms-emulator/server.js";
import { callProxy, metadataRequest } from "../tools/kms-emulator/xks-client.js";
import { startAwsRig, type AwsRig } from "./helpers/aws-rig.js";
import type { TestDaemon } from "./helpers/daemon.js";
import { grpcError, runCli as cli } from "./helpers/cli.js";

const ACCOUNT = "111122223333";
const OTHER = "444455556666";
const REGION = "us-east-1";
const AWS_CRED = { accessKeyId: "AKIAXKSPROXYTEST0002", secretAccessKey: "kms/emulator/secret/for/hyok-policy/tst/00" };
const DAY = 86_400_000;

type Row = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test-side JSON

const INVALID_ARGUMENT = 3;
const NOT_FOUND = 5;
const ALREADY_EXISTS = 6;
const FAILED_PRECONDITION = 9;

describe("HYOK keys on the AWS side: key policies, policy templates, aliases and deletion", () => {
  let t: TestDaemon;
  let emu: KmsEmulator;
  let aws: KMSClient;
  let env: NodeJS.ProcessEnv;
  let ks: Row;
  let proxyEndpoint: string;

  const admin = (args: string[]) => cli(["admin", ...args], env);
  const virtualKey = async (): Promise<string> => {
    const sk = await t.admin.sourceKeys("Create", { source_key_tier: "local", label: `hp-${randomBytes(4).toString("hex")}` });
    return (await t.admin.virtualKeys("Create", { source_key_id: sk.id })).id as string;
  };
  const hyok = async (extra: Row = {}, linked = false): Promise<Row> =>
    t.admin.hyokKeys("Create", { local_hosted_params: { custom_key_store_id: ks.id, virtual_key_id: await virtualKey(), linked_state: linked }, ...extra });
  const keyPolicy = async (keyId: string): Promise<unknown> => JSON.parse((await aws.send(new GetKeyPolicyCommand({ KeyId: keyId }))).Policy!);
  const aliasesOf = async (keyId: string) => ((await aws.send(new ListAliasesCommand({ KeyId: keyId }))).Aliases ?? []).map((a) => ({ AliasName: a.AliasName, TargetKeyId: a.TargetKeyId }));

  let rig: AwsRig | undefined;
  beforeAll(async () => {
    rig = await startAwsRig({ account: ACCOUNT, cred: AWS_CRED, region: REGION, connection: true });
    ({ t, emu, aws, proxyEndpoint, env } = rig);
    ks = await t.admin.keyStores("Create", { name: "policy-store", region: REGION, kms: ACCOUNT, local_hosted_params: { source_key_tier: "local", max_credentials: 5 } });
    await t.admin.keyStores("Link", { id: ks.id, kms: "emulator", xks_proxy_uri_endpoint: proxyEndpoint });
    expect((await t.admin.keyStores("Connect", { id: ks.id })).aws_param.connection_state).toBe("CONNECTED");
  });
  afterAll(async () => {
    await rig?.stop();
  });

  it("create --linked-state from the CLI: AWS holds the key policy composed from the principals, and the alias", async () => {
    const vk = await virtualKey();
    const r = await admin([
      "hyokkey", "create", "--custom-key-store-id", ks.id, "--virtual-key-id", vk, "--linked-state",
      "--key-admins", "alice", "--key-admins-roles", "ops/KeyAdmin", "--key-users", "bob,carol", "--key-users-roles", "aws-service-role/support.amazonaws.com/AWSServiceRoleForSupport",
      "--external-accounts", OTHER, "--alias", "alias/orders", "--description", "orders key",
    ]); // prettier-ignore
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const hk = JSON.parse(r.out) as Row;
    expect(hk).toMatchObject({ linked_state: true, key_admins: ["alice"], key_users: ["bob", "carol"], external_accounts: [OTHER] });
    const keyId = hk.aws_param.KeyID as string;
    expect(hk.aws_param).toMatchObject({ Alias: "alias/orders", AliasArn: `arn:aws:kms:${REGION}:${ACCOUNT}:alias/orders`, Arn: `arn:aws:kms:${REGION}:${ACCOUNT}:key/${keyId}` });

    const policy = (await keyPolicy(keyId)) as Row;
    expect(policy).toEqual(
      composeKeyPolicy(ACCOUNT, REGION, {
        key_admins: ["alice"],
        key_admins_roles: ["ops/KeyAdmin"],
        key_users: ["bob", "carol"],
        key_users_roles: ["aws-service-role/support.amazonaws.com/AWSServiceRoleForSupport"],
        external_accounts: [OTHER],
      }),
    );
    // spelled out, not only as the composer says
    expect(policy.Statement.map((s: Row) => s.Sid)).toEqual(["Enable IAM User Permissions", "Allow access for Key Administrators", "Allow use of the key", "Allow attachment of persistent resources"]);
    expect(policy.Statement[1].Principal.AWS).toEqual([`arn:aws:iam::${ACCOUNT}:user/alice`, `arn:aws:iam::${ACCOUNT}:role/ops/KeyAdmin`]);
    expect(policy.Statement[2].Principal.AWS).toContain(`arn:aws:iam::${OTHER}:root`);
    expect(hk.aws_param.Policy && JSON.parse(hk.aws_param.Policy)).toEqual(policy);
    expect(await aliasesOf(keyId)).toEqual([{ AliasName: "alias/orders", TargetKeyId: keyId }]);
    // DescribeKey by the alias finds the same key
    expect((await aws.send(new DescribeKeyCommand({ KeyId: "alias/orders" }))).KeyMetadata!.KeyId).toBe(keyId);

    // a key without policy parameters gets AWS's default policy
    const plain = await hyok({}, true);
    expect(await keyPolicy(plain.aws_param.KeyID)).toEqual({ Version: "2012-10-17", Id: "key-default-1", Statement: [expect.objectContaining({ Sid: "Enable IAM User Permissions" })] });
    const recs = (await t.admin.audit("List", { operation: "HyokKeyService.Create", limit: 100 })).resources as Row[];
    // the local create, then CreateKey and CreateAlias with AWS's request ids, in one call
    const mine = recs.filter((x) => x.outcome === "success" && x.target_id === hk.id);
    expect(mine.length).toBe(3);
    expect(mine.filter((x) => /^[0-9a-f-]{36}$/.test(x.kms_request_id)).length).toBe(2);
  });

  it("policy templates: created from the CLI, named by HYOK keys, applied at link with the template tag; deletion refused while an unlinked key names one", async () => {
    const made = await admin(["policytemplate", "create", "--name", "team-a", "--kms", "emulator", "--key-users-roles", "app", "--key-admins", "dana"]);
    expect(made.err).toBe("");
    const tpl = JSON.parse(made.out) as Row;
    expect(tpl).toMatchObject({ name: "team-a", account_id: ACCOUNT, key_users_roles: ["app"], key_admins: ["dana"], policy: "" });
    const listed = JSON.parse((await admin(["policytemplate", "list"])).out) as Row;
    expect(listed.resources.map((x: Row) => x.name)).toContain("team-a");
    expect(JSON.parse((await admin(["policytemplate", "get", "--id", "team-a"])).out).id).toBe(tpl.id);

    const hk = await hyok({ policytemplate: "team-a" });
    expect(hk.policytemplate).toBe(tpl.id);
    const refused = await admin(["policytemplate", "delete", "--id", "team-a"]);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/FAILED_PRECONDITION.*not linked yet/);

    const linked = await t.admin.hyokKeys("Link", { id: hk.id });
    expect(await keyPolicy(linked.aws_param.KeyID)).toEqual(composeKeyPolicy(ACCOUNT, REGION, { ...emptyLists(), key_admins: ["dana"], key_users_roles: ["app"] }));
    expect(linked.aws_param.Tags).toEqual([{ TagKey: "cckm_policy_template_id", TagValue: tpl.id }]);

    // a template holding a document: AWS gets it as written
    const doc = { Version: "2012-10-17", Id: "team-b", Statement: [{ Sid: "Root", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*", Resource: "*" }] };
    await t.admin.policyTemplates("Create", { name: "team-b", account_id: ACCOUNT, policy: JSON.stringify(doc) });
    const withDoc = await hyok({ policytemplate: "team-b" }, true);
    expect(await keyPolicy(withDoc.aws_param.KeyID)).toEqual(doc);

    // update: the lists replace the document; keys already linked keep what AWS was given
    const updated = await t.admin.policyTemplates("Update", { id: "team-b", key_users: ["erin"] });
    expect(updated).toMatchObject({ policy: "", key_users: ["erin"] });
    expect(await keyPolicy(withDoc.aws_param.KeyID)).toEqual(doc);

    // a template for another account cannot serve this store's keys
    await t.admin.policyTemplates("Create", { name: "elsewhere", account_id: OTHER, key_users: ["x"] });
    const wrong = await grpcError(hyok({ policytemplate: "elsewhere" }));
    expect(wrong.code).toBe(FAILED_PRECONDITION);
    expect(wrong.details).toContain(OTHER);
    expect((await grpcError(hyok({ policytemplate: "no-such-template" }))).code).toBe(NOT_FOUND);

    // no unlinked key names team-a any more
    expect((await admin(["policytemplate", "delete", "--id", "team-a"])).code).toBe(0);
    expect((await grpcError(t.admin.policyTemplates("Get", { id: tpl.id }))).code).toBe(NOT_FOUND);
  });

  it("refuses mixed policy inputs naming both, and principals, accounts, documents and aliases AWS would refuse", async () => {
    const vk = await virtualKey();
    const base = ["hyokkey", "create", "--custom-key-store-id", ks.id, "--virtual-key-id", vk];
    const doc = JSON.stringify({ Version: "2012-10-17", Statement: [] });
    const cases: [string[], RegExp][] = [
      [["--policy", doc, "--key-users", "bob"], /INVALID_ARGUMENT: aws_param\.Policy.*mutually exclusive with key_users/],
      [["--policy", doc, "--policytemplate", "team-b"], /aws_param\.Policy.*mutually exclusive with policytemplate/],
      [["--policytemplate", "team-b", "--key-admins", "alice", "--external-accounts", OTHER], /policytemplate.*mutually exclusive with key_admins, external_accounts/],
      [["--external-accounts", "12345"], /external_accounts.*12-digit/],
      [["--key-users", "arn:aws:iam::111122223333:role/app"], /key_users.*is an IAM role/],
      [["--key-admins-roles", "bad name"], /key_admins_roles.*IAM role name/],
      [["--policy", "{not json"], /aws_param\.Policy.*JSON/],
      [["--alias", "alias/aws/mine"], /aws_param\.Alias.*alias\/aws\//],
      [["--alias", "orders"], /aws_param\.Alias.*alias\/<name>/],
    ];
    for (const [args, msg] of cases) {
      const r = await admin([...base, ...args]);
      expect({ code: r.code, err: r.err }, args.join(" ")).toMatchObject({ code: 1, err: expect.stringMatching(msg) });
    }
    expect((await t.admin.hyokKeys("List", { virtual_key_id: vk })).total).toBe(0);
    const both = await grpcError(t.admin.policyTemplates("Create", { name: "both", policy: doc, key_users: ["bob"] }));
    expect(both).toMatchObject({ code: INVALID_ARGUMENT, details: expect.stringMatching(/policy.*mutually exclusive with key_users/) });
    expect((await grpcError(t.admin.policyTemplates("Create", { name: "empty" }))).code).toBe(INVALID_ARGUMENT);
    expect((await grpcError(t.admin.policyTemplates("Create", { name: "both-accounts", kms: "emulator", account_id: ACCOUNT, key_users: ["b"] }))).code).toBe(INVALID_ARGUMENT);
    expect((await grpcError(t.admin.policyTemplates("Create", { name: "team-b", key_users: ["b"] }))).code).toBe(ALREADY_EXISTS);
  });

  it("an alias in use is AWS's AlreadyExistsException; the key stays linked and a retry completes the alias; an alias already on the key is adopted", async () => {
    const first = await hyok({ aws_param: { Alias: "alias/shared" } }, true);
    expect(first.aws_param.AliasArn).toBe(`arn:aws:kms:${REGION}:${ACCOUNT}:alias/shared`);
    const vk = await virtualKey();
    const r = await admin(["hyokkey", "create", "--custom-key-store-id", ks.id, "--virtual-key-id", vk, "--alias", "alias/shared", "--linked-state"]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/ALREADY_EXISTS: AWS KMS AlreadyExistsException: .*alias\/shared already exists.*is linked, its alias alias\/shared is not.*\(AWS request id [0-9a-f-]{36}\)/);
    const second = ((await t.admin.hyokKeys("List", { virtual_key_id: vk })).resources as Row[])[0]!;
    expect(second).toMatchObject({ linked_state: true, aws_param: { Alias: "alias/shared", AliasArn: "" } });
    expect(await aliasesOf(second.aws_param.KeyID)).toEqual([]);

    // the alias freed in AWS: linking again creates it only
    await aws.send(new DeleteAliasCommand({ AliasName: "alias/shared" }));
    const done = await t.admin.hyokKeys("Link", { id: second.id });
    expect(done.aws_param.AliasArn).toBe(`arn:aws:kms:${REGION}:${ACCOUNT}:alias/shared`);
    expect(done.aws_param.KeyID).toBe(second.aws_param.KeyID);
    expect(await aliasesOf(second.aws_param.KeyID)).toEqual([{ AliasName: "alias/shared", TargetKeyId: second.aws_param.KeyID }]);
    expect((await grpcError(t.admin.hyokKeys("Link", { id: second.id }))).code).toBe(ALREADY_EXISTS);

    // a link whose CreateKey and CreateAlias reached AWS but were never recorded: the retry adopts both
    const orphan = await hyok({ aws_param: { Alias: "alias/adopted" } });
    const awsStoreId = (await t.admin.keyStores("Get", { id: ks.id })).aws_param.custom_key_store_id as string;
    const made = (await aws.send(new CreateKeyCommand({ Origin: "EXTERNAL_KEY_STORE", CustomKeyStoreId: awsStoreId, XksKeyId: orphan.id }))).KeyMetadata!;
    await aws.send(new CreateAliasCommand({ AliasName: "alias/adopted", TargetKeyId: made.KeyId! }));
    const adopted = await t.admin.hyokKeys("Link", { id: orphan.id });
    expect(adopted.aws_param).toMatchObject({ Arn: made.Arn, AliasArn: `arn:aws:kms:${REGION}:${ACCOUNT}:alias/adopted` });
  });

  it("link takes the seed's parameters too: given ones replace those the key was created with", async () => {
    const doc = JSON.stringify({ Version: "2012-10-17", Id: "created-with", Statement: [{ Sid: "Root", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*", Resource: "*" }] });
    const hk = await hyok({ aws_param: { Policy: doc, Description: "first" } });
    const mixed = await admin(["hyokkey", "link", "--id", hk.id, "--key-users", "bob", "--policytemplate", "team-b"]);
    expect(mixed.code).toBe(1);
    expect(mixed.err).toMatch(/INVALID_ARGUMENT: policytemplate.*mutually exclusive with key_users/);
    const r = await admin(["hyokkey", "link", "--id", hk.id, "--key-users", "bob", "--alias", "alias/late"]);
    expect(r.err).toBe("");
    const linked = JSON.parse(r.out) as Row;
    expect(linked).toMatchObject({ linked_state: true, key_users: ["bob"], aws_param: { Description: "first", Alias: "alias/late", AliasArn: `arn:aws:kms:${REGION}:${ACCOUNT}:alias/late` } });
    // the document it was created with is gone: the lists replaced it
    expect(await keyPolicy(linked.aws_param.KeyID)).toEqual(composeKeyPolicy(ACCOUNT, REGION, { ...emptyLists(), key_users: ["bob"] }));
    expect(JSON.parse(linked.aws_param.Policy)).toEqual(await keyPolicy(linked.aws_param.KeyID));
    // a linked key's policy is AWS's now
    expect((await grpcError(t.admin.hyokKeys("Link", { id: hk.id, key_admins: ["x"] }))).code).toBe(FAILED_PRECONDITION);

    // an alias taken by another key: the link names another one
    const clash = await hyok({ aws_param: { Alias: "alias/late" } });
    expect((await grpcError(t.admin.hyokKeys("Link", { id: clash.id }))).code).toBe(ALREADY_EXISTS);
    const renamed = await t.admin.hyokKeys("Link", { id: clash.id, aws_param: { Alias: "alias/late-2" } });
    expect(renamed.aws_param).toMatchObject({ Alias: "alias/late-2", AliasArn: `arn:aws:kms:${REGION}:${ACCOUNT}:alias/late-2` });
    expect(await aliasesOf(renamed.aws_param.KeyID)).toEqual([{ AliasName: "alias/late-2", TargetKeyId: renamed.aws_param.KeyID }]);
  });

  it("create --linked-state: refused before anything is written on an unlinked store; an AWS refusal leaves the key unlinked for a retry", async () => {
    const unlinked = await t.admin.keyStores("Create", { name: "not-linked", region: REGION, kms: ACCOUNT, local_hosted_params: { source_key_tier: "local", max_credentials: 5 } });
    const vk = await virtualKey();
    const early = await grpcError(t.admin.hyokKeys("Create", { local_hosted_params: { custom_key_store_id: unlinked.id, virtual_key_id: vk, linked_state: true } }));
    expect(early.code).toBe(FAILED_PRECONDITION);
    expect(early.details).toContain("not linked");
    expect((await t.admin.hyokKeys("List", { virtual_key_id: vk })).total).toBe(0);

    // AWS creates keys only in a connected store
    await t.admin.keyStores("Disconnect", { id: ks.id });
    try {
      const r = await admin(["hyokkey", "create", "--custom-key-store-id", ks.id, "--virtual-key-id", vk, "--linked-state"]);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/FAILED_PRECONDITION: AWS KMS CustomKeyStoreInvalidStateException: .*\(HYOK key [0-9a-f-]{36} was created but not linked; "hyokkey link --id [0-9a-f-]{36}" retries\)/);
    } finally {
      expect((await t.admin.keyStores("Connect", { id: ks.id })).aws_param.connection_state).toBe("CONNECTED");
    }
    const left = ((await t.admin.hyokKeys("List", { virtual_key_id: vk })).resources as Row[])[0]!;
    expect(left.linked_state).toBe(false);
    expect((await t.admin.hyokKeys("Link", { id: left.id })).linked_state).toBe(true);
  });

  it("deleting a linked key schedules AWS's deletion, says when, keeps serving until AWS deleted it, then removes it", async () => {
    const hk = await hyok({ aws_param: { Alias: "alias/retiring" } }, true);
    const arn = hk.aws_param.Arn as string;
    expect((await grpcError(t.admin.hyokKeys("Delete", { id: hk.id, pending_window_days: 6 }))).code).toBe(INVALID_ARGUMENT);
    expect((await grpcError(t.admin.hyokKeys("Delete", { id: hk.id, pending_window_days: 31 }))).code).toBe(INVALID_ARGUMENT);

    const before = Date.now();
    const r = await admin(["hyokkey", "delete", "--id", hk.id, "--pending-window-days", "7"]);
    const after = Date.now();
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const answer = JSON.parse(r.out) as Row;
    expect(answer).toMatchObject({ deleted: false, key: { id: hk.id, linked_state: true, aws_param: { KeyState: "PendingDeletion", PendingWindowInDays: 7 } } });
    expect(answer.message).toContain(`AWS deletes the key ${arn} on ${answer.deletion_date}`);
    const md = (await aws.send(new DescribeKeyCommand({ KeyId: arn }))).KeyMetadata!;
    expect(md.KeyState).toBe("PendingDeletion");
    expect(answer.deletion_date).toBe(md.DeletionDate!.toISOString());
    // AWS's date is whole seconds, seven days on
    expect(md.DeletionDate!.getTime()).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 7 * DAY);
    expect(md.DeletionDate!.getTime()).toBeLessThanOrEqual(after + 7 * DAY);
    expect((await t.admin.hyokKeys("Get", { id: hk.id })).aws_param).toMatchObject({ KeyState: "PendingDeletion", DeletionDate: answer.deletion_date });

    // the proxy still serves the key: AWS may ask for it until the deletion date
    const cred = await t.admin.credentials("Create", { custom_key_store_id: ks.id });
    const target = { uriEndpoint: proxyEndpoint, uriPath: ks.aws_param.xks_proxy_uri_path as string, accessKeyId: cred.access_key_id as string, secretAccessKey: cred.secret_access_key as string, region: REGION };
    const meta = await callProxy(target, `/keys/${hk.id}/metadata`, metadataRequest(`arn:aws:iam::${ACCOUNT}:user/kms`, "Decrypt", arn), 5000);
    expect(meta).toMatchObject({ kind: "ok", body: { keySpec: "AES_256", keyStatus: "ENABLED" } });

    // asked again: the same date, nothing else changes
    const again = await t.admin.hyokKeys("Delete", { id: hk.id });
    expect(again).toMatchObject({ deleted: false, deletion_date: answer.deletion_date });
    const audits = ((await t.admin.audit("List", { operation: "HyokKeyService.Delete", limit: 100 })).resources as Row[]).filter((x) => x.target_id === hk.id && x.outcome === "success");
    expect(audits.length).toBe(2);
    expect(audits.every((x) => /^[0-9a-f-]{36}$/.test(x.kms_request_id))).toBe(true);

    // AWS deletes the key (and its alias) once the date has passed; only then is it removed here
    expect(emu.state.aliasPolicy.deleteDueKeys(Date.now() + 8 * DAY)).toContain(md.KeyId);
    const gone = await admin(["hyokkey", "delete", "--id", hk.id]);
    expect(gone.code).toBe(0);
    expect(JSON.parse(gone.out)).toMatchObject({ deleted: true, message: expect.stringContaining("no longer has") });
    expect((await grpcError(t.admin.hyokKeys("Get", { id: hk.id }))).code).toBe(NOT_FOUND);
    expect(((await aws.send(new ListAliasesCommand({}))).Aliases ?? []).map((a) => a.AliasName)).not.toContain("alias/retiring");

    // an unlinked key is deleted at once; a pending window makes no sense for it
    const local = await hyok();
    expect((await grpcError(t.admin.hyokKeys("Delete", { id: local.id, pending_window_days: 7 }))).code).toBe(FAILED_PRECONDITION);
    expect(await t.admin.hyokKeys("Delete", { id: local.id })).toMatchObject({ deleted: true, deletion_date: "" });
  });
});

