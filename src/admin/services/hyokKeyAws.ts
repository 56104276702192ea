import { ensureAlias } from "../../aws/aliases.js";
import { AwsKmsError } from "../../aws/errors.js";
import { awsKeyPresence, PENDING_WINDOW_DEFAULT, scheduleKeyDeletion } from "../../aws/key-deletion.js";
import { composeKeyPolicy, emptyLists, PRINCIPAL_FIELDS, type PrincipalLists } from "../../aws/key-policy.js";
import { describeStore } from "../../aws/keyStores.js";
import { createXksKey } from "../../aws/keys.js";
import { StoreError, type HyokKey, type KeyStore } from "../../store/index.js";
import { linkedConnection, withKms } from "../aws-link.js";
import type { AdminDeps } from "../deps.js";
import { exists, precondition } from "../errors.js";
import type { CallContext } from "../rpc.js";

/** The tag the seeds put on an AWS key whose policy came from a template (do not remove it in AWS). */
export const TEMPLATE_TAG = "cckm_policy_template_id";

type Tags = { TagKey: string; TagValue: string }[];

const str = (v: unknown): string => (typeof v === "string" ? v : "");

/**
 * The key policy AWS is given for the key, from what the key was created with: its own document,
 * its template (a document or principals; the template's account must be the store's), or its
 * principal lists composed for the store's account and region. Nothing given: AWS's default policy.
 */
async function keyPolicy(deps: AdminDeps, hk: HyokKey, ks: KeyStore, tags: Tags): Promise<{ policy?: string; tags: Tags }> {
  if (hk.awsParam["Policy"] !== undefined) return { policy: JSON.stringify(hk.awsParam["Policy"]), tags };
  const templateId = str(hk.policy["policytemplate"]);
  if (templateId) {
    const t = await deps.store.policyTemplates.get(templateId).catch((e: unknown) => {
      if (e instanceof StoreError && e.code === "NOT_FOUND") throw precondition(`HYOK key ${hk.id} names policy template ${templateId}, which no longer exists`);
      throw e;
    });
    if (t.accountId && t.accountId !== ks.kms) throw precondition(`policy template ${t.name} is for AWS account ${t.accountId}, but HYOK key ${hk.id} lives in account ${ks.kms}`);
    const tagged = tags.some((x) => x.TagKey === TEMPLATE_TAG) ? tags : [...tags, { TagKey: TEMPLATE_TAG, TagValue: t.id }];
    return { policy: t.policy || JSON.stringify(composeKeyPolicy(ks.kms, ks.region, t.principals)), tags: tagged };
  }
  const lists: PrincipalLists = emptyLists();
  for (const f of PRINCIPAL_FIELDS) {
    const v = hk.policy[f];
    if (Array.isArray(v)) lists[f] = v.map(String);
  }
  if (PRINCIPAL_FIELDS.some((f) => lists[f].length > 0)) return { policy: JSON.stringify(composeKeyPolicy(ks.kms, ks.region, lists)), tags };
  return { tags };
}

/** Says which step failed after the AWS KMS key exists, in AWS's words, and how to finish it. */
function afterKey(e: unknown, note: string): unknown {
  return e instanceof AwsKmsError ? new AwsKmsError(e.awsName, `${e.message} (${note})`, e.requestId, e.fromService) : e;
}

/** Creates the alias of a linked key and records its ARN (a retry after a failure completes it). */
async function linkAlias(deps: AdminDeps, hk: HyokKey, ks: KeyStore, c: CallContext): Promise<HyokKey> {
  const alias = str(hk.awsParam["Alias"]);
  const keyId = str(hk.awsParam["KeyID"]);
  const conn = await linkedConnection(deps, ks);
  const made = await withKms(deps, conn, ks.region, (client) => ensureAlias(client, keyId, alias)).catch((e: unknown) => {
    throw afterKey(e, `the AWS KMS key ${str(hk.awsParam["Arn"])} is linked, its alias ${alias} is not; "hyokkey link --id ${hk.id}" retries the alias`);
  });
  return c.commit(
    () => deps.store.hyokKeys.mergeAwsParam(hk.id, { Alias: alias, AliasArn: made.aliasArn }),
    (h) => ({ targetId: h.id, keyStoreId: h.keyStoreId, kmsRequestId: made.requestId }),
  );
}

/**
 * Creates the HYOK key's AWS KMS key in its store's AWS custom key store with the key policy and
 * tags, records the ARN (and the parameters it was linked with: hk may carry a link request's),
 * then creates the alias. A retry after a CreateKey that reached AWS but was never recorded adopts
 * the key AWS already has; a retry of a linked key whose alias is missing creates the alias only.
 */
export async function linkHyokKey(deps: AdminDeps, hk: HyokKey, c: CallContext): Promise<HyokKey> {
  const id = hk.id;
  const ks = await deps.store.keyStores.get(hk.keyStoreId);
  const alias = str(hk.awsParam["Alias"]);
  if (hk.linkedState) {
    if (alias && !hk.awsParam["AliasArn"]) return linkAlias(deps, hk, ks, c);
    throw exists(`HYOK key ${id} is already linked with AWS KMS key ${str(hk.awsParam["Arn"])}`);
  }
  const conn = await linkedConnection(deps, ks);
  const a = hk.awsParam;
  const { policy, tags } = await keyPolicy(deps, hk, ks, Array.isArray(a["Tags"]) ? (a["Tags"] as Tags) : []);
  const key = await withKms(deps, conn, ks.region, (client) =>
    createXksKey(client, {
      customKeyStoreId: ks.awsCustomKeyStoreId,
      xksKeyId: hk.id,
      description: str(a["Description"]),
      tags,
      ...(policy !== undefined ? { policy } : {}),
      bypassPolicyLockoutSafetyCheck: a["BypassPolicyLockoutSafetyCheck"] === true,
    }),
  );
  const linked = await c.commit(
    () =>
      deps.store.hyokKeys.setLinked(
        id,
        {
          ...a,
          Arn: key.arn,
          KeyID: key.keyId,
          KeyState: key.keyState,
          AWSAccountId: key.accountId,
          ...(policy !== undefined ? { Policy: JSON.parse(policy) as unknown } : {}),
          ...(tags.length ? { Tags: tags } : {}),
        },
        hk.policy,
      ),
    (h) => ({ targetId: h.id, keyStoreId: h.keyStoreId, kmsRequestId: key.requestId }),
  );
  return alias ? linkAlias(deps, linked, ks, c) : linked;
}

export interface HyokDeletion {
  deleted: boolean;
  deletionDate: string;
  message: string;
  key?: HyokKey;
}

/**
 * Deletes a HYOK key. Unlinked: removed here. Linked: AWS is asked first. A key AWS still holds
 * gets its deletion scheduled (or its scheduled date recorded again), and the proxy keeps serving it
 * until AWS deletes it: AWS may ask the proxy for it until the deletion date, and a deletion
 * canceled in AWS needs it forever. Only a key AWS answers NotFound for, while it still finds the
 * key's custom key store (the right account and endpoint), is removed here.
 */
export async function deleteHyokKey(deps: AdminDeps, id: string, days: number, c: CallContext): Promise<HyokDeletion> {
  const hk = await deps.store.hyokKeys.get(id);
  const target = { targetId: id, keyStoreId: hk.keyStoreId };
  if (!hk.linkedState) {
    if (days) throw precondition(`pending_window_days applies to linked keys only; HYOK key ${id} has no AWS KMS key`);
    await c.commit(() => deps.store.hyokKeys.delete(id), () => target);
    return { deleted: true, deletionDate: "", message: `HYOK key ${id} deleted` };
  }
  const ks = await deps.store.keyStores.get(hk.keyStoreId);
  const conn = await linkedConnection(deps, ks);
  const arn = str(hk.awsParam["Arn"]);
  const outcome = await withKms(deps, conn, ks.region, async (client) => {
    const now = await awsKeyPresence(client, arn);
    if (now.kind === "gone") {
      // a wrong account or endpoint would not find the store either: that is refused, never read as "deleted"
      await describeStore(client, ks.awsCustomKeyStoreId);
      return now;
    }
    if (now.keyState === "PendingDeletion") return { kind: "scheduled" as const, deletionDate: now.deletionDate, days: Number(hk.awsParam["PendingWindowInDays"] ?? 0), requestId: now.requestId };
    const s = await scheduleKeyDeletion(client, arn, days || PENDING_WINDOW_DEFAULT);
    return { kind: "scheduled" as const, deletionDate: s.deletionDate, days: s.pendingWindowInDays, requestId: s.requestId };
  });
  if (outcome.kind === "gone") {
    await c.commit(() => deps.store.hyokKeys.deleteGoneFromAws(id), () => ({ ...target, kmsRequestId: outcome.requestId }));
    return { deleted: true, deletionDate: "", message: `AWS KMS no longer has ${arn}; HYOK key ${id} deleted` };
  }
  const key = await c.commit(
    () => deps.store.hyokKeys.mergeAwsParam(id, { KeyState: "PendingDeletion", DeletionDate: outcome.deletionDate, ...(outcome.days ? { PendingWindowInDays: outcome.days } : {}) }),
    () => ({ ...target, kmsRequestId: outcome.requestId }),
  );
  return {
    deleted: false,
    deletionDate: outcome.deletionDate,
    message: `AWS deletes the key ${arn} on ${outcome.deletionDate}. HYOK key ${id} keeps serving AWS KMS until then (a deletion canceled in AWS needs it); run "hyokkey delete --id ${id}" again after that date to remove it here`,
    key,
  };
}
