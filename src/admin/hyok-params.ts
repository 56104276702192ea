import { aliasProblem } from "../aws/aliases.js";
import { checkPrincipals, givenLists, parsePolicyDocument, PolicyInputError, PRINCIPAL_FIELDS, type PrincipalField } from "../aws/key-policy.js";
import type { HyokKey, JsonObject } from "../store/index.js";
import type { AdminDeps } from "./deps.js";
import { invalid, precondition } from "./errors.js";
import type { HyokAwsParam } from "./messages.js";
import * as v from "./validate.js";

/** The AWS-side parameters a HYOK key create or link request carries (the seed's, on both). */
export type HyokParamsRequest = { aws_param: HyokAwsParam | null; policytemplate: string } & Record<PrincipalField, string[]>;

/** Fields of aws_param the proxy fills in its answers: refused in requests. */
export function answersOnly(req: HyokParamsRequest): void {
  v.answerOnly(req.aws_param?.XksKeyConfiguration?.Id, "aws_param.XksKeyConfiguration.Id");
  for (const f of ["Arn", "KeyID", "KeyState", "AWSAccountId", "Enabled", "AliasArn", "DeletionDate"] as const) v.answerOnly(req.aws_param?.[f], `aws_param.${f}`);
  if (req.aws_param?.PendingWindowInDays) throw invalid("aws_param.PendingWindowInDays", "is filled in by the proxy in its answers; give hyokkey delete --pending-window-days");
}

const hasPolicyParams = (req: HyokParamsRequest): boolean => (req.aws_param?.Policy ?? "") !== "" || req.policytemplate !== "" || givenLists(req).length > 0;

/**
 * The seed's policy rule: aws_param.Policy, policytemplate and the principal lists are mutually
 * exclusive (the lists may be combined with each other). None given = AWS's default policy. A
 * template is named by id or name and kept by id; its account must be the store's.
 */
export async function policyParams(deps: AdminDeps, req: HyokParamsRequest, keyStoreId: string, reserved: boolean): Promise<{ awsPolicy: unknown; policy: JsonObject }> {
  const hasPolicy = (req.aws_param?.Policy ?? "") !== "";
  const hasTemplate = req.policytemplate !== "";
  const lists = givenLists(req);
  if (hasPolicy && (hasTemplate || lists.length)) {
    throw invalid("aws_param.Policy", `is mutually exclusive with ${hasTemplate ? "policytemplate" : lists.join(", ")}; give one kind of policy parameter`);
  }
  if (hasTemplate && lists.length) {
    throw invalid("policytemplate", `is mutually exclusive with ${lists.join(", ")}; give one kind of policy parameter`);
  }
  let awsPolicy: unknown;
  try {
    checkPrincipals(req);
    if (hasPolicy) awsPolicy = parsePolicyDocument(req.aws_param!.Policy, "aws_param.Policy");
  } catch (e) {
    if (e instanceof PolicyInputError) throw invalid(e.field, e.message);
    throw e;
  }
  const policy: JsonObject = { reserved };
  for (const k of PRINCIPAL_FIELDS) if (req[k].length) policy[k] = req[k];
  if (hasTemplate) {
    if (req.policytemplate.length > 256) throw invalid("policytemplate", "must be at most 256 characters");
    const t = await deps.store.policyTemplates.resolve(req.policytemplate);
    const ks = await deps.store.keyStores.get(keyStoreId);
    if (t.accountId && t.accountId !== ks.kms) throw precondition(`policytemplate ${t.name} is for AWS account ${t.accountId}, but key store ${ks.id} belongs to account ${ks.kms}`);
    if ((req.aws_param?.Tags.length ?? 0) >= 50) throw invalid("aws_param.Tags", "at most 49 tags with a policytemplate: the AWS key also gets the cckm_policy_template_id tag (AWS allows 50)");
    policy["policytemplate"] = t.id;
  }
  return { awsPolicy, policy };
}

/** AWS KMS's own limits on the key parameters kept for linking, so nothing AWS would refuse is stored. */
export function checkAwsParams(req: HyokParamsRequest): void {
  const a = req.aws_param;
  const aliasWrong = a?.Alias ? aliasProblem(a.Alias) : undefined;
  if (aliasWrong) throw invalid("aws_param.Alias", aliasWrong);
  if ((a?.Description.length ?? 0) > 8192) throw invalid("aws_param.Description", "must be at most 8192 characters");
  const tags = a?.Tags ?? [];
  if (tags.length > 50) throw invalid("aws_param.Tags", `at most 50 tags (got ${tags.length})`);
  const keys = new Set<string>();
  for (const t of tags) {
    if (t.TagKey.length < 1 || t.TagKey.length > 128) throw invalid("aws_param.Tags.TagKey", "must be 1 to 128 characters");
    if (t.TagValue.length > 256) throw invalid("aws_param.Tags.TagValue", "must be at most 256 characters");
    if (keys.has(t.TagKey)) throw invalid("aws_param.Tags.TagKey", `"${t.TagKey.slice(0, 128)}" is given twice`);
    keys.add(t.TagKey);
  }
}

/** The aws_param a key keeps for its link: what the request gave. */
export function awsParamOf(a: HyokAwsParam | null, awsPolicy: unknown): JsonObject {
  const out: JsonObject = {};
  if (a?.Alias) out["Alias"] = a.Alias;
  if (a?.Description) out["Description"] = a.Description;
  if (a?.Tags.length) out["Tags"] = a.Tags.map((t) => ({ TagKey: t.TagKey, TagValue: t.TagValue }));
  if (awsPolicy !== undefined) out["Policy"] = awsPolicy;
  if (a?.BypassPolicyLockoutSafetyCheck) out["BypassPolicyLockoutSafetyCheck"] = true;
  return out;
}

/**
 * The key as a link request would have it: parameters given in the request replace those it was
 * created with (policy parameters as a whole: a new kind drops the old). Kept only once the link
 * is recorded. A linked key (whose alias is missing) takes a new Alias only: its policy,
 * description and tags are AWS's.
 */
export async function withLinkParams(deps: AdminDeps, hk: HyokKey, req: HyokParamsRequest): Promise<HyokKey> {
  answersOnly(req);
  const a = req.aws_param;
  const policyGiven = hasPolicyParams(req);
  const othersGiven = Boolean(a?.Description || a?.Tags.length || a?.BypassPolicyLockoutSafetyCheck);
  if (!policyGiven && !othersGiven && !a?.Alias) return hk;
  checkAwsParams(req);
  if (hk.linkedState) {
    if (policyGiven || othersGiven) throw precondition(`HYOK key ${hk.id} is linked: its key policy, description and tags are AWS's now; a link of a linked key takes only a missing alias`);
    return { ...hk, awsParam: { ...hk.awsParam, Alias: a!.Alias } };
  }
  const given = awsParamOf(a, undefined);
  if (!policyGiven) return { ...hk, awsParam: { ...hk.awsParam, ...given } };
  const { awsPolicy, policy } = await policyParams(deps, req, hk.keyStoreId, hk.policy["reserved"] === true);
  const { Policy: _dropped, ...kept } = hk.awsParam;
  return { ...hk, awsParam: { ...kept, ...given, ...(awsPolicy !== undefined ? { Policy: awsPolicy } : {}) }, policy };
}
