import type * as grpc from "@grpc/grpc-js";
import type { HyokKey } from "../../store/index.js";
import type { AdminDeps } from "../deps.js";
import { AdminError, invalid, missing } from "../errors.js";
import { hyokKeyMsg } from "../mappers.js";
import type {
  CreateHyokKeyRequest,
  DeleteHyokKeyRequest,
  DeleteHyokKeyResponse,
  LinkHyokKeyRequest,
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
import { answersOnly, awsParamOf, checkAwsParams, policyParams, withLinkParams } from "../hyok-params.js";
import { AwsKmsError } from "../../aws/errors.js";
import { PENDING_WINDOW_DEFAULT, PENDING_WINDOW_MAX, PENDING_WINDOW_MIN } from "../../aws/key-deletion.js";
import { linkedConnection } from "../aws-link.js";

async function create(deps: AdminDeps, req: CreateHyokKeyRequest, ctx: CallContext): Promise<HyokKey> {
  const lhp = req.local_hosted_params;
  if (!lhp) throw invalid("local_hosted_params", "is required (custom_key_store_id and source_key_id)");
  const keyStoreId = v.required(lhp.custom_key_store_id, "local_hosted_params.custom_key_store_id");
  if (lhp.virtual_key_id && lhp.source_key_id && lhp.virtual_key_id !== lhp.source_key_id) {
    throw invalid("local_hosted_params.source_key_id", "and virtual_key_id name different keys; give one of them");
  }
  answersOnly(req);
  const ref = lhp.virtual_key_id || lhp.source_key_id;
  if (!ref) throw invalid("local_hosted_params.source_key_id", "is required: the virtual key id (or a source key id, for which a virtual key is made)");
  checkAwsParams(req);
  const { awsPolicy, policy } = await policyParams(deps, req, keyStoreId, req.local_hosted_params?.policy?.reserved ?? false);
  // create --linked-state: the store must be linked before anything is written
  if (lhp.linked_state) await linkedConnection(deps, await deps.store.keyStores.get(keyStoreId));
  const awsParam = awsParamOf(req.aws_param, awsPolicy);
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
    return await linkHyokKey(deps, created, ctx);
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
    Link: u<LinkHyokKeyRequest, HyokKeyMsg>("Link", { mutates: true, target }, async (req, ctx) => {
      const hk = await deps.store.hyokKeys.get(v.required(req.id, "id"));
      return msg(await linkHyokKey(deps, await withLinkParams(deps, hk, req), ctx));
    }),
  };
}
