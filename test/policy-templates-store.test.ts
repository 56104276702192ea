/**
 * Policy templates and the HYOK key writes of the AWS side (scheduled deletion, removal once AWS
 * deleted the key) on both store engines: names are unique, a template holds one kind of content,
 * and a template an unlinked key names cannot be deleted.
 */
import { randomBytes } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSealer } from "../src/crypto/local/sealer.js";
import { StoreError, type Store } from "../src/store/index.js";
import { STORE_ENGINES, storeTarget, useStoreEngines, type StoreTarget } from "./helpers/store-engines.js";
import { localKey, newKeyStore } from "./helpers/store-rows.js";

useStoreEngines();
const sealer = createSealer(randomBytes(32));
const NONE = { key_admins: [], key_admins_roles: [], key_users: [], key_users_roles: [], external_accounts: [] };

async function storeError(p: Promise<unknown>): Promise<StoreError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof StoreError) return e;
    throw e;
  }
  throw new Error("expected a StoreError");
}

describe.each(STORE_ENGINES)("policy templates on %s", (engine) => {
  let target: StoreTarget;
  let store: Store;
  beforeEach(async () => {
    target = await storeTarget(engine);
    store = await target.open();
  });
  afterEach(async () => {
    if (store.open) await store.close();
    await target.dispose();
  });

  it("keeps templates by unique name, one kind of content, and refuses deleting one an unlinked key names", async () => {
    const t = await store.policyTemplates.create({ name: "ops", accountId: "111122223333", policy: "", principals: { ...NONE, key_users: ["bob"] } });
    expect(await store.policyTemplates.resolve("ops")).toEqual(t);
    expect((await storeError(store.policyTemplates.create({ name: "ops", accountId: "", policy: '{"Statement":[]}', principals: NONE }))).code).toBe("ALREADY_EXISTS");
    expect((await storeError(store.policyTemplates.create({ name: "both", accountId: "", policy: '{"Statement":[]}', principals: { ...NONE, key_users: ["x"] } }))).code).toBe("INVALID_ARGUMENT");
    expect((await storeError(store.policyTemplates.create({ name: "none", accountId: "", policy: "", principals: NONE }))).code).toBe("INVALID_ARGUMENT");
    const doc = await store.policyTemplates.update(t.id, { policy: '{"Statement":[]}' });
    expect(doc).toMatchObject({ policy: '{"Statement":[]}', principals: NONE, accountId: "111122223333" });
    const back = await store.policyTemplates.update(t.id, { principals: { ...NONE, external_accounts: ["444455556666"] } });
    expect(back).toMatchObject({ policy: "", principals: { external_accounts: ["444455556666"] } });
    expect((await store.policyTemplates.list({ accountId: "111122223333" }, {})).resources.map((x) => x.name)).toEqual(["ops"]);

    const sk = await localKey(store, sealer);
    const ks = await newKeyStore(store, "a", { healthCheckKeyId: sk.id });
    const vk = await store.virtualKeys.create(sk.id);
    const hk = await store.hyokKeys.create({ keyStoreId: ks.id, virtualKeyId: vk.id, blocked: false, awsParam: {}, policy: { reserved: false, policytemplate: t.id } });
    expect((await storeError(store.policyTemplates.delete(t.id))).code).toBe("FAILED_PRECONDITION");

    // linked: the template is no longer needed; a second link record is refused
    const linked = await store.hyokKeys.setLinked(hk.id, { Arn: "arn:aws:kms:us-east-1:111122223333:key/k" }, hk.policy);
    expect(linked.linkedState).toBe(true);
    expect((await storeError(store.hyokKeys.setLinked(hk.id, {}, {}))).code).toBe("ALREADY_EXISTS");
    await store.policyTemplates.delete(t.id);
    expect((await storeError(store.policyTemplates.get(t.id))).code).toBe("NOT_FOUND");

    // a linked key is removed only by the path that asked AWS first
    const pending = await store.hyokKeys.mergeAwsParam(hk.id, { KeyState: "PendingDeletion", DeletionDate: "2030-01-01T00:00:00.000Z" });
    expect(pending.awsParam).toMatchObject({ Arn: "arn:aws:kms:us-east-1:111122223333:key/k", KeyState: "PendingDeletion" });
    expect((await storeError(store.hyokKeys.delete(hk.id))).code).toBe("FAILED_PRECONDITION");
    await store.hyokKeys.deleteGoneFromAws(hk.id);
    expect(await store.hyokKeys.find(hk.id)).toBeUndefined();
  });
});
