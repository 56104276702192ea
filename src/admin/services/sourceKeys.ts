import type * as grpc from "@grpc/grpc-js";
import { pageInMemory } from "../../store/list.js";
import { sourceKeyMsg } from "../mappers.js";
import type { CreateSourceKeyRequest, IdRequest, ListResponse, ListSourceKeysRequest, RegisterSourceKeyRequest, SourceKeyMsg, UpdateSourceKeyRequest } from "../messages.js";
import { generateSourceKey, registerTokenKey } from "../provision.js";
import * as v from "../validate.js";
import type { AdminDeps } from "../deps.js";
import type { ServiceContext } from "./context.js";
import { invalid } from "../errors.js";

/** encrypt/decrypt default to both when neither is given. */
function usage(req: { encrypt?: boolean; decrypt?: boolean }): { encrypt: boolean; decrypt: boolean } {
  const given = req.encrypt !== undefined || req.decrypt !== undefined;
  const u = { encrypt: given ? (req.encrypt ?? false) : true, decrypt: given ? (req.decrypt ?? false) : true };
  if (!u.encrypt && !u.decrypt) throw invalid("encrypt", "a source key needs at least one of encrypt or decrypt");
  return u;
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
  const registered = deps.store.sourceKeys.inPartition(partition);
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
    Create: u<CreateSourceKeyRequest, SourceKeyMsg>("Create", { mutates: true, target: (_q, r) => ({ targetId: r?.id }) }, async (req) => {
      const tier = req.source_key_tier ? v.tier(req.source_key_tier, "source_key_tier") : req.partition_id ? "luna-hsm" : "local";
      if (tier === "local" && req.partition_id) throw invalid("partition_id", "must be empty for local keys");
      const k = await generateSourceKey(deps, { tier, partition: tier === "luna-hsm" ? req.partition_id : null, label: req.label.trim(), ...usage(req) });
      return sourceKeyMsg(deps.store.transaction(() => deps.store.sourceKeys.create(k, deps.sealer)));
    }),
    Register: u<RegisterSourceKeyRequest, SourceKeyMsg>("Register", { mutates: true, target: (_q, r) => ({ targetId: r?.id }) }, async (req) => {
      const partition = v.required(req.partition_id, "partition_id");
      const label = v.required(req.label, "label");
      const k = await registerTokenKey(deps, { partition, label, ...usage(req) });
      return sourceKeyMsg(deps.store.transaction(() => deps.store.sourceKeys.create(k, deps.sealer)));
    }),
    List: u<ListSourceKeysRequest, ListResponse<SourceKeyMsg>>("List", { mutates: false }, async (req) => {
      const tier = req.source_key_tier ? v.tier(req.source_key_tier, "source_key_tier") : undefined;
      if (req.partition_id && tier !== "local") return listPartition(deps, req, req.partition_id);
      const page = deps.store.sourceKeys.list({ id: req.id, tier, partition: req.partition_id, label: req.label }, v.pageParams(req));
      return { ...page, resources: page.resources.map((k) => sourceKeyMsg(k)) };
    }),
    Get: u<IdRequest, SourceKeyMsg>("Get", { mutates: false }, (req) => sourceKeyMsg(deps.store.sourceKeys.get(v.required(req.id, "id")))),
    Update: u<UpdateSourceKeyRequest, SourceKeyMsg>("Update", { mutates: true, target: (q) => ({ targetId: q.id }) }, (req) => {
      const id = v.required(req.id, "id");
      if (req.enabled === undefined) throw invalid("enabled", "is the only editable field and was not given");
      return sourceKeyMsg(deps.store.transaction(() => deps.store.sourceKeys.setEnabled(id, req.enabled!)));
    }),
  };
}
