import type * as grpc from "@grpc/grpc-js";
import type { HyokKey, JsonObject } from "../../store/index.js";
import type { AdminDeps } from "../deps.js";
import { invalid, missing } from "../errors.js";
import { hyokKeyMsg } from "../mappers.js";
import type {
  CreateHyokKeyRequest,
  Empty,
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
import { linkHyokKey } from "./hyokKeyAws.js";

const LISTS = ["external_accounts", "key_admins", "key_admins_roles", "key_users", "key_users_roles"] as const;

/**
 * The seed's policy rule: aws_param.Policy, policytemplate and the principal lists are mutually
 * exclusive (the lists may be combined with each other). None given = AWS's default policy.
 */
function policyParams(req: CreateHyokKeyRequest): { awsPolicy: unknown; policy: JsonObject } {
  const hasPolicy = (req.aws_param?.Policy ?? "") !== "";
  const hasTemplate = req.policytemplate !== "";
  const lists = LISTS.filter((k) => req[k].length > 0);
  if (hasPolicy && (hasTemplate || lists.length)) {
    throw invalid("aws_param.Policy", `is mutually exclusive with ${hasTemplate ? "policytemplate" : lists.join(", ")}; give one kind of policy parameter`);
  }
  if (hasTemplate && lists.length) {
    throw invalid("policytemplate", `is mutually exclusive with ${lists.join(", ")}; give one kind of policy parameter`);
  }
  let awsPolicy: unknown;
  if (hasPolicy) {
    try {
      awsPolicy = JSON.parse(req.aws_param!.Policy);
    } catch {
      throw invalid("aws_param.Policy", "must be a JSON key policy document");
    }
    if (typeof awsPolicy !== "object" || awsPolicy === null || Array.isArray(awsPolicy)) throw invalid("aws_param.Policy", "must be a JSON object");
  }
  const policy: JsonObject = { reserved: req.local_hosted_params?.policy?.reserved ?? false };
  for (const k of LISTS) if (req[k].length) policy[k] = req[k];
  if (hasTemplate) policy["policytemplate"] = req.policytemplate;
  return { awsPolicy, policy };
}

/** AWS KMS's own limits on the key parameters kept for linking, so nothing AWS would refuse is stored. */
function checkAwsParams(req: CreateHyokKeyRequest): void {
  const a = req.aws_param;
  if (a?.Alias && (!/^alias\/[a-zA-Z0-9/_-]{1,250}$/.test(a.Alias) || a.Alias.startsWith("alias/aws/"))) {
    throw invalid("aws_param.Alias", 'must be "alias/<name>" (letters, digits, /, _ and -; at most 256 characters; not "alias/aws/...")');
  }
  if ((a?.Description.length ?? 0) > 8192) throw invalid("aws_param.Description", "must be at most 8192 characters");
  if ((a?.Policy.length ?? 0) > 32768) throw invalid("aws_param.Policy", "must be at most 32768 characters");
  const tags = a?.Tags ?? [];
  if (tags.length > 50) throw invalid("aws_param.Tags", `at most 50 tags (got ${tags.length})`);
  const keys = new Set<string>();
  for (const t of tags) {
    if (t.TagKey.length < 1 || t.TagKey.length > 128) throw invalid("aws_param.Tags.TagKey", "must be 1 to 128 characters");
    if (t.TagValue.length > 256) throw invalid("aws_param.Tags.TagValue", "must be at most 256 characters");
    if (keys.has(t.TagKey)) throw invalid("aws_param.Tags.TagKey", `"${t.TagKey.slice(0, 128)}" is given twice`);
    keys.add(t.TagKey);
  }
  for (const k of LISTS) {
    if (req[k].length > 100) throw invalid(k, `at most 100 entries (got ${req[k].length})`);
    for (const e of req[k]) if (e.length < 1 || e.length > 2048) throw invalid(k, "entries must be 1 to 2048 characters");
  }
  for (const acct of req.external_accounts) if (!/^\d{12}$/.test(acct)) throw invalid("external_accounts", "entries must be 12-digit AWS account ids");
  if (req.policytemplate.length > 256) throw invalid("policytemplate", "must be at most 256 characters");
}

function create(deps: AdminDeps, req: CreateHyokKeyRequest, ctx: CallContext): Promise<HyokKey> {
  const lhp = req.local_hosted_params;
  if (!lhp) throw invalid("local_hosted_params", "is required (custom_key_store_id and source_key_id)");
  const keyStoreId = v.required(lhp.custom_key_store_id, "local_hosted_params.custom_key_store_id");
  if (lhp.virtual_key_id && lhp.source_key_id && lhp.virtual_key_id !== lhp.source_key_id) {
    throw invalid("local_hosted_params.source_key_id", "and virtual_key_id name different keys; give one of them");
  }
  v.answerOnly(lhp.linked_state, "local_hosted_params.linked_state");
  v.answerOnly(req.aws_param?.XksKeyConfiguration?.Id, "aws_param.XksKeyConfiguration.Id");
  for (const f of ["Arn", "KeyID", "KeyState", "AWSAccountId", "Enabled", "DeletionDate"] as const) v.answerOnly(req.aws_param?.[f], `aws_param.${f}`);
  const ref = lhp.virtual_key_id || lhp.source_key_id;
  if (!ref) throw invalid("local_hosted_params.source_key_id", "is required: the virtual key id (or a source key id, for which a virtual key is made)");
  const { awsPolicy, policy } = policyParams(req);
  checkAwsParams(req);
  const a = req.aws_param;
  const awsParam: JsonObject = {};
  if (a?.Alias) awsParam["Alias"] = a.Alias;
  if (a?.Description) awsParam["Description"] = a.Description;
  if (a?.Tags.length) awsParam["Tags"] = a.Tags.map((t) => ({ TagKey: t.TagKey, TagValue: t.TagValue }));
  if (awsPolicy !== undefined) awsParam["Policy"] = awsPolicy;
  if (a?.BypassPolicyLockoutSafetyCheck) awsParam["BypassPolicyLockoutSafetyCheck"] = true;
  return ctx.commit(async () => {
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
    Delete: u<IdRequest, Empty>("Delete", { mutates: true, target }, async (req, ctx) => {
      const id = v.required(req.id, "id");
      const keyStoreId = (await deps.store.hyokKeys.find(id))?.keyStoreId;
      await ctx.commit(() => deps.store.hyokKeys.delete(id), () => ({ targetId: id, keyStoreId }));
      return {};
    }),
    Link: u<IdRequest, HyokKeyMsg>("Link", { mutates: true, target }, async (req, ctx) => msg(await linkHyokKey(deps, v.required(req.id, "id"), ctx))),
  };
}
