import * as grpc from "@grpc/grpc-js";
import type { AdminDeps } from "../deps.js";
import { AdminError, invalid, type LogInternal } from "../errors.js";
import { versionMsg, virtualKeyMsg } from "../mappers.js";
import type {
  CreateVirtualKeyRequest,
  Empty,
  IdRequest,
  ListResponse,
  ListVersionsRequest,
  ListVirtualKeysRequest,
  RotateVirtualKeyRequest,
  UpdateVirtualKeyRequest,
  VirtualKeyMsg,
  VirtualKeyVersionMsg,
} from "../messages.js";
import { commitGenerated, generateSourceKey } from "../provision.js";
import * as v from "../validate.js";
import type { Reservations } from "../reservations.js";
import type { CallContext } from "../rpc.js";
import type { ServiceContext } from "./context.js";

/** Versions of one virtual key, with the seed's filters; shared with HyokKeyService.ListVersions. */
export async function listVersions(deps: AdminDeps, virtualKeyId: string, req: ListVersionsRequest): Promise<ListResponse<VirtualKeyVersionMsg>> {
  const page = await deps.store.virtualKeys.listVersions(
    virtualKeyId,
    { sourceKeyId: req.source_key_id, partition: req.partition_label || req.partition_id },
    v.pageParams(req),
  );
  return { ...page, resources: page.resources.map(versionMsg) };
}

/** New version: the given source key, or a new key generated where the current one lives. */
async function rotate(deps: AdminDeps, req: RotateVirtualKeyRequest, ctx: CallContext, reserve: Reservations, logInternal: LogInternal): Promise<VirtualKeyMsg> {
  const id = v.required(req.id, "id");
  const cur = await deps.store.virtualKeys.get(id);
  if (req.source_key_id) {
    return virtualKeyMsg(await ctx.commit(() => deps.store.virtualKeys.rotate(id, req.source_key_id)));
  }
  // concurrent rotations would each generate a token key for the same next version: one at a time
  const release = reserve.take([`virtual-key-rotation:${id}`], () =>
    new AdminError(grpc.status.ABORTED, `virtual key ${id} is being rotated by another call; retry once it is done`),
  );
  try {
    const old = await deps.store.sourceKeys.get(cur.sourceKeyId);
    const next = await generateSourceKey(deps, {
      tier: cur.tier,
      partition: cur.partition,
      label: cur.tier === "luna-hsm" ? `xks-${id}-v${cur.version + 1}` : `${id}-v${cur.version + 1}`,
      encrypt: old.encrypt,
      decrypt: old.decrypt,
    });
    return virtualKeyMsg(
      await commitGenerated(
        deps,
        next,
        () =>
          ctx.commit(async () => {
            const k = await deps.store.sourceKeys.create(next, deps.sealer);
            return deps.store.virtualKeys.rotate(id, k.id);
          }),
        logInternal,
      ),
    );
  } finally {
    release();
  }
}

export function virtualKeyService(ctx: ServiceContext): grpc.UntypedServiceImplementation {
  const { deps } = ctx;
  const u = ctx.unary("VirtualKeyService");
  const byId = (q: { id: string }) => ({ targetId: q.id });
  return {
    Create: u<CreateVirtualKeyRequest, VirtualKeyMsg>("Create", { mutates: true, target: (_q, r) => ({ targetId: r?.id }) }, async (req, ctx) => {
      const sourceKeyId = v.required(req.source_key_id, "source_key_id");
      return virtualKeyMsg(await ctx.commit(() => deps.store.virtualKeys.create(sourceKeyId), (k) => ({ targetId: k.id })));
    },
    ),
    List: u<ListVirtualKeysRequest, ListResponse<VirtualKeyMsg>>("List", { mutates: false }, async (req) => {
      const page = await deps.store.virtualKeys.list(
        { id: req.id, sourceKeyId: req.source_key_id, partition: req.partition_label || req.partition_id },
        v.pageParams(req),
      );
      return { ...page, resources: page.resources.map(virtualKeyMsg) };
    }),
    Get: u<IdRequest, VirtualKeyMsg>("Get", { mutates: false }, async (req) => virtualKeyMsg(await deps.store.virtualKeys.get(v.required(req.id, "id")))),
    Update: u<UpdateVirtualKeyRequest, VirtualKeyMsg>("Update", { mutates: true, target: byId }, async (req, ctx) => {
      const id = v.required(req.id, "id");
      const deletable = req.deletable;
      if (deletable === undefined) throw invalid("deletable", "is the only editable field and was not given");
      return virtualKeyMsg(await ctx.commit(() => deps.store.virtualKeys.setDeletable(id, deletable)));
    }),
    Delete: u<IdRequest, Empty>("Delete", { mutates: true, target: byId }, async (req, ctx) => {
      const id = v.required(req.id, "id");
      await ctx.commit(() => deps.store.virtualKeys.delete(id));
      return {};
    }),
    ListVersions: u<ListVersionsRequest, ListResponse<VirtualKeyVersionMsg>>("ListVersions", { mutates: false }, (req) =>
      listVersions(deps, v.required(req.id, "id"), req),
    ),
    Rotate: u<RotateVirtualKeyRequest, VirtualKeyMsg>("Rotate", { mutates: true, target: byId }, (req, c) => rotate(deps, req, c, ctx.reserve, ctx.logInternal)),
  };
}
