import { createXksKey } from "../../aws/keys.js";
import type { HyokKey } from "../../store/index.js";
import { linkedConnection, withKms } from "../aws-link.js";
import type { AdminDeps } from "../deps.js";
import { exists, precondition } from "../errors.js";
import type { CallContext } from "../rpc.js";

/** Policy parameters whose AWS key policy this build does not compose: linking refuses them rather than use AWS's default policy. */
const UNCOMPOSED = ["policytemplate", "external_accounts", "key_admins", "key_admins_roles", "key_users", "key_users_roles"] as const;

/**
 * Creates the HYOK key's AWS KMS key in its store's AWS custom key store and records the ARN. A
 * retry after a CreateKey that reached AWS but was never recorded adopts the key AWS already has.
 */
export async function linkHyokKey(deps: AdminDeps, id: string, c: CallContext): Promise<HyokKey> {
  const hk = await deps.store.hyokKeys.get(id);
  if (hk.linkedState) throw exists(`HYOK key ${id} is already linked with AWS KMS key ${String(hk.awsParam["Arn"] ?? "")}`);
  const given = UNCOMPOSED.filter((k) => hk.policy[k] !== undefined);
  if (given.length) throw precondition(`HYOK key ${id} has ${given.join(", ")}; composing a key policy from them is not supported in this build: give the key an aws_param.Policy document instead`);
  if (hk.awsParam["Alias"]) throw precondition(`HYOK key ${id} has an aws_param.Alias; creating aliases in AWS KMS is not supported in this build`);
  const ks = await deps.store.keyStores.get(hk.keyStoreId);
  const conn = await linkedConnection(deps, ks);
  const a = hk.awsParam;
  const key = await withKms(deps, conn, ks.region, (client) =>
    createXksKey(client, {
      customKeyStoreId: ks.awsCustomKeyStoreId,
      xksKeyId: hk.id,
      description: typeof a["Description"] === "string" ? a["Description"] : "",
      tags: Array.isArray(a["Tags"]) ? (a["Tags"] as { TagKey: string; TagValue: string }[]) : [],
      ...(a["Policy"] !== undefined ? { policy: JSON.stringify(a["Policy"]) } : {}),
      bypassPolicyLockoutSafetyCheck: a["BypassPolicyLockoutSafetyCheck"] === true,
    }),
  );
  return c.commit(
    () => deps.store.hyokKeys.setLinked(id, { Arn: key.arn, KeyID: key.keyId, KeyState: key.keyState, AWSAccountId: key.accountId }),
    (h) => ({ targetId: h.id, keyStoreId: h.keyStoreId, kmsRequestId: key.requestId }),
  );
}
