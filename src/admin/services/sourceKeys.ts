import type * as grpc from "@grpc/grpc-js";
import { pageInMemory } from "../../store/list.js";
import { sourceKeyMsg } from "../mappers.js";
import type { CreateSourceKeyRequest, IdRequest, ListResponse, ListSourceKeysRequest, RegisterSourceKeyRequest, SourceKeyMsg, UpdateSourceKeyRequest } from "../messages.js";
import { commitGenerated, generateSourceKey, registerTokenKey } from "../provision.js";
import * as v from "../validate.js";
import type { AdminDeps } from "../deps.js";
import type { ServiceContext } from "./context.js";
import { exists, invalid } from "../errors.js";

/**
 * Usage of a new key: both when neither is given; otherwise what is given (a usage not given is
 * false). Any subset is allowed, none included: such a key answers InvalidKeyUsageException, as
 * AWS's XKS test client expects of an "impotent" key.
 */
function usage(req: { encrypt?: boolean; decrypt?: boolean }): { encrypt: boolean; decrypt: boolean } {
  const given = req.encrypt !== undefined || req.decrypt !== undefined;
  return { encrypt: given ? (req.encrypt ?? false) : true, decrypt: given ? (req.decrypt ?? false) : true };
}

const SORTABLE: Record<string, (k: SourceKeyMsg) => string | number | boolean> = {
  id: (k) => k.id,
  name: (k) => k.name,
  label: (k) => k.label,
  source_key_tier: (k) => k.source_key_tier,
  partition_label: (k) => k.partition_label,
  createdAt: (k) => k.createdAt,
  updatedAt: (k) => k.updatedAt,
};

/**
 * A luna partition's keys: what the token holds (with its attributes) merged with what is
 * registered here, so unregistered token keys show up too (id "", registered false).
 */
async function listPartition(deps: AdminDeps, req: ListSourceKeysRequest, partition: string): Promise<ListResponse<SourceKeyMsg>> {
  const tokenKeys = deps.hsm && deps.partitions.includes(partition) ? await deps.hsm.listKeys(partition) : [];
  const byLabel = new Map(tokenKeys.map((t) => [t.label, t]));
  const registered = await deps.store.sourceKeys.inPartition(partition);
  const seen = new Set<string>();
  const items: SourceKeyMsg[] = registered.map((k) => {
    seen.add(k.label ?? "");
    const t = byLabel.get(k.label ?? "");
    return { ...sourceKeyMsg(k, t), enabled: k.enabled && (deps.hsm === null || t !== undefined) };
  });
  for (const t of tokenKeys) {
    if (seen.has(t.label)) continue;
    items.push({
      id: "",
      createdAt: "",
      updatedAt: "",
      name: t.label,
      source_key_tier: "luna-hsm",
      partition_id: partition,
      partition_label: partition,
      label: t.label,
      cka_id: t.ckaId,
      key_spec: t.keySpec,
      algorithm: t.keySpec.startsWith("AES") ? "aes" : t.keySpec.toLowerCase(),
      size: Number(/_(\d+)$/.exec(t.keySpec)?.[1] ?? 0),
      encrypt: t.encrypt,
      decrypt: t.decrypt,
      enabled: true,
      origin: "",
      registered: false,
      virtual_key_ids: [],
      sensitive: t.sensitive,
      extractable: t.extractable,
    });
  }
  const filtered = items.filter((k) => (!req.label || k.label === req.label) && (!req.id || k.id === req.id));
  return pageInMemory(filtered, v.pageParams(req), SORTABLE, "label");
}

export function sourceKeyService(ctx: ServiceContext): grpc.UntypedServiceImplementation {
  const { deps } = ctx;
  const u = ctx.unary("SourceKeyService");
  return {
    Create: u<CreateSourceKeyRequest, SourceKeyMsg>("Create", { mutates: true, target: (_q, r) => ({ targetId: r?.id }) }, async (req, c) => {
      const tier = req.source_key_tier ? v.tier(req.source_key_tier, "source_key_tier") : req.partition_id ? "luna-hsm" : "local";
      if (tier === "local" && req.partition_id) throw invalid("partition_id", "must be empty for local keys");
      const label = req.label.trim() === "" ? "" : v.name(req.label, "label");
      const partition = tier === "luna-hsm" ? req.partition_id : null;
      // concurrent creations of one token label would each generate a key: reserve the label first
      const release = partition && label ? ctx.reserve.take([`token-label:${partition}/${label}`], () => exists(`a key labelled "${label}" is being created in partition ${partition} by another call`)) : () => {};
      try {
        const k = await generateSourceKey(deps, { tier, partition, label, ...usage(req) });
        return sourceKeyMsg(await commitGenerated(deps, k, () => c.commit(() => deps.store.sourceKeys.create(k, deps.sealer), (r) => ({ targetId: r.id })), ctx.logInternal));
      } finally {
        release();
      }
    }),
    Register: u<RegisterSourceKeyRequest, SourceKeyMsg>("Register", { mutates: true, target: (_q, r) => ({ targetId: r?.id }) }, async (req, c) => {
      const partition = v.required(req.partition_id, "partition_id");
      const label = v.name(req.label, "label");
      const k = await registerTokenKey(deps, { partition, label, encrypt: req.encrypt, decrypt: req.decrypt });
      return sourceKeyMsg(await c.commit(() => deps.store.sourceKeys.create(k, deps.sealer), (r) => ({ targetId: r.id })));
    }),
    List: u<ListSourceKeysRequest, ListResponse<SourceKeyMsg>>("List", { mutates: false }, async (req) => {
      const tier = req.source_key_tier ? v.tier(req.source_key_tier, "source_key_tier") : undefined;
      if (req.partition_id && tier !== "local") return listPartition(deps, req, req.partition_id);
      const page = await deps.store.sourceKeys.list({ id: req.id, tier, partition: req.partition_id, label: req.label }, v.pageParams(req));
      return { ...page, resources: page.resources.map((k) => sourceKeyMsg(k)) };
    }),
    Get: u<IdRequest, SourceKeyMsg>("Get", { mutates: false }, async (req) => sourceKeyMsg(await deps.store.sourceKeys.get(v.required(req.id, "id")))),
    Update: u<UpdateSourceKeyRequest, SourceKeyMsg>("Update", { mutates: true, target: (q) => ({ targetId: q.id }) }, async (req, c) => {
      const id = v.required(req.id, "id");
      const enabled = req.enabled;
      if (enabled === undefined) throw invalid("enabled", "is the only editable field and was not given");
      return sourceKeyMsg(await c.commit(() => deps.store.sourceKeys.setEnabled(id, enabled)));
    }),
  };
}
