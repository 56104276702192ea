import type * as grpc from "@grpc/grpc-js";
import type { HyokKey, JsonObject } from "../../store/index.js";
import type { AdminDeps } from "../deps.js";
import { AdminError, invalid, missing, precondition } from "../errors.js";
import { hyokKeyMsg } from "../mappers.js";
import type {
  CreateHyokKeyRequest,
  DeleteHyokKeyRequest,
  DeleteHyokKeyResponse,
  HyokKeyMsg,
  IdRequest,
  ListHyokKeysRequest,
  ListResponse,
  ListVersionsRequest,
  VirtualKeyVersionMsg,
} from "../messages.js";
import * as v from "../validate.js";
import type { CallContext } from "../rpc.js";
import type { ServiceContext } from "./context.js";
import { listVersions } from "./virtualKeys.js";
import { deleteHyokKey, linkHyokKey } from "./hyokKeyAws.js";
import { aliasProblem } from "../../aws/aliases.js";
import { AwsKmsError } from "../../aws/errors.js";
import { PENDING_WINDOW_DEFAULT, PENDING_WINDOW_MAX, PENDING_WINDOW_MIN } from "../../aws/key-deletion.js";
import { checkPrincipals, givenLists, parsePolicyDocument, PolicyInputError, PRINCIPAL_FIELDS } from "../../aws/key-policy.js";
import { linkedConnection } from "../aws-link.js";

/**
 * The seed's policy rule: aws_param.Policy, policytemplate and the principal lists are mutually
 * exclusive (the lists may be combined with each other). None given = AWS's default policy. A
 * template is named by id or name and kept by id; its account must be the store's.
 */
async function policyParams(deps: AdminDeps, req: CreateHyokKeyRequest, keyStoreId: string): Promise<{ awsPolicy: unknown; policy: JsonObject }> {
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
  const policy: JsonObject = { reserved: req.local_hosted_params?.policy?.reserved ?? false };
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
function checkAwsParams(req: CreateHyokKeyRequest): void {
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

async function create(deps: AdminDeps, req: CreateHyokKeyRequest, ctx: CallContext): Promise<HyokKey> {
  const lhp = req.local_hosted_params;
  if (!lhp) throw invalid("local_hosted_params", "is required (custom_key_store_id and source_key_id)");
  const keyStoreId = v.required(lhp.custom_key_store_id, "local_hosted_params.custom_key_store_id");
  if (lhp.virtual_key_id && lhp.source_key_id && lhp.virtual_key_id !== lhp.source_key_id) {
    throw invalid("local_hosted_params.source_key_id", "and virtual_key_id name different keys; give one of them");
  }
  v.answerOnly(req.aws_param?.XksKeyConfiguration?.Id, "aws_param.XksKeyConfiguration.Id");
  for (const f of ["Arn", "KeyID", "KeyState", "AWSAccountId"] as const) v.answerOnly(req.aws_param?.[f], `aws_param.${f}`);
  const ref = lhp.virtual_key_id || lhp.source_key_id;
  if (!ref) throw invalid("local_hosted_params.source_key_id", "is required: the virtual key id (or a source key id, for which a virtual key is made)");
  checkAwsParams(req);
  const { awsPolicy, policy } = await policyParams(deps, req, keyStoreId);
  // create --linked-state: the store must be linked before anything is written
  if (lhp.linked_state) await linkedConnection(deps, await deps.store.keyStores.get(keyStoreId));
  const a = req.aws_param;
  const awsParam: JsonObject = {};
  if (a?.Alias) awsParam["Alias"] = a.Alias;
  if (a?.Description) awsParam["Description"] = a.Description;
  if (a?.Tags.length) awsParam["Tags"] = a.Tags.map((t) => ({ TagKey: t.TagKey, TagValue: t.TagValue }));
  if (awsPolicy !== undefined) awsParam["Policy"] = awsPolicy;
  if (a?.BypassPolicyLockoutSafetyCheck) awsParam["BypassPolicyLockoutSafetyCheck"] = true;
  const created = await ctx.commit(async () => {
    let virtualKeyId = ref;
    if (!(await deps.store.virtualKeys.find(ref))) {
      // the seed's source_key_id is the virtual key; accept a source key id too and wrap it
      if (lhp.virtual_key_id || !(await deps.store.sourceKeys.find(ref))) {
        throw missing(`local_hosted_params.${lhp.virtual_key_id ? "virtual_key_id" : "source_key_id"}: no virtual key or source key ${ref} exists`);
      }
      virtualKeyId = (await deps.store.virtualKeys.create(ref)).id;
    }
    return deps.store.hyokKeys.create({ keyStoreId, virtualKeyId, blocked: lhp.blocked, awsParam, policy });
  }, (h) => ({ targetId: h.id, keyStoreId: h.keyStoreId }));
  if (!lhp.linked_state) return created;
  // AWS checks the key with the proxy's GetKeyMetadata: the data plane must serve it first
  await deps.onChange();
  try {
    return await linkHyokKey(deps, created.id, ctx);
  } catch (e) {
    // linked, only the alias missing: linkHyokKey's own message says so
    if ((await deps.store.hyokKeys.find(created.id))?.linkedState) throw e;
    // the key stays, unlinked: a CreateKey that reached AWS is adopted by the retry
    const note = `HYOK key ${created.id} was created but not linked; "hyokkey link --id ${created.id}" retries`;
    if (e instanceof AwsKmsError) throw new AwsKmsError(e.awsName, `${e.message} (${note})`, e.requestId, e.fromService);
    if (e instanceof AdminError) throw new AdminError(e.code, `${e.message} (${note})`);
    throw e;
  }
}

export function hyokKeyService(ctx: ServiceContext): grpc.UntypedServiceImplementation {
  const { deps } = ctx;
  const u = ctx.unary("HyokKeyService");
  const msg = async (h: HyokKey) => hyokKeyMsg(h, (await deps.store.keyStores.find(h.keyStoreId))?.sourceKeyTier ?? "");
  const target = async (q: IdRequest) => {
    const h = await deps.store.hyokKeys.find(q.id);
    return { targetId: q.id, keyStoreId: h?.keyStoreId };
  };
  const setBlocked = (blocked: boolean) => async (req: IdRequest, ctx: CallContext) => {
    const id = v.required(req.id, "id");
    return msg(await ctx.commit(() => deps.store.hyokKeys.setBlocked(id, blocked), (h) => ({ targetId: h.id, keyStoreId: h.keyStoreId })));
  };
  return {
    Create: u<CreateHyokKeyRequest, HyokKeyMsg>(
      "Create",
      { mutates: true, target: (_q, r) => ({ targetId: r?.id, keyStoreId: r?.custom_key_store_id }) },
      async (req, ctx) => msg(await create(deps, req, ctx)),
    ),
    List: u<ListHyokKeysRequest, ListResponse<HyokKeyMsg>>("List", { mutates: false }, async (req) => {
      const page = await deps.store.hyokKeys.list(
        {
          id: req.id,
          keyStoreId: req.custom_key_store_id,
          virtualKeyId: req.virtual_key_id,
          blocked: req.blocked,
          linkedState: req.linked_state,
          kms: req.kms,
          region: req.region,
        },
        v.pageParams(req),
      );
      return { ...page, resources: await Promise.all(page.resources.map(msg)) };
    }),
    Get: u<IdRequest, HyokKeyMsg>("Get", { mutates: false }, async (req) => msg(await deps.store.hyokKeys.get(v.required(req.id, "id")))),
    ListVersions: u<ListVersionsRequest, ListResponse<VirtualKeyVersionMsg>>("ListVersions", { mutates: false }, async (req) =>
      listVersions(deps, (await deps.store.hyokKeys.get(v.required(req.id, "id"))).virtualKeyId, req),
    ),
    Block: u<IdRequest, HyokKeyMsg>("Block", { mutates: true, target }, setBlocked(true)),
    Unblock: u<IdRequest, HyokKeyMsg>("Unblock", { mutates: true, target }, setBlocked(false)),
    Delete: u<DeleteHyokKeyRequest, DeleteHyokKeyResponse>("Delete", { mutates: true, target }, async (req, ctx) => {
      const id = v.required(req.id, "id");
      const days = req.pending_window_days;
      if (days !== 0 && (days < PENDING_WINDOW_MIN || days > PENDING_WINDOW_MAX)) {
        throw invalid("pending_window_days", `must be ${PENDING_WINDOW_MIN} to ${PENDING_WINDOW_MAX} days, as AWS allows (0 = ${PENDING_WINDOW_DEFAULT})`);
      }
      const d = await deleteHyokKey(deps, id, days, ctx);
      return { deleted: d.deleted, deletion_date: d.deletionDate, message: d.message, key: d.key ? await msg(d.key) : null };
    }),
    Link: u<IdRequest, HyokKeyMsg>("Link", { mutates: true, target }, async (req, ctx) => msg(await linkHyokKey(deps, v.required(req.id, "id"), ctx))),
  };
}
