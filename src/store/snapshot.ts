import type { Sealer } from "../crypto/local/sealer.js";
import type { Snapshot } from "../keys/records.js";
import type { Store } from "./db.js";

/**
 * Reads the whole key model in one read transaction (a consistent view even while the admin
 * plane writes) and unseals secrets and local key material for the in-memory key view.
 */
export function readSnapshot(store: Store, sealer: Sealer): Snapshot {
  return store.db.transaction((): Snapshot => ({
    keyStores: store.keyStores.all().map((ks) => ({
      id: ks.id,
      name: ks.name,
      uriPath: ks.xksProxyUriPath,
      region: ks.region,
      // always a 12-digit account: the repository and the schema refuse anything else
      kmsAccount: ks.kms,
      tier: ks.sourceKeyTier,
      partition: ks.partition,
      blocked: ks.blocked,
      healthCheckKeyId: ks.healthCheckKeyId,
      rateLimit: { rps: ks.rateLimit.requestsPerSecond, burst: ks.rateLimit.burst },
      enableSuccessAuditEvent: ks.enableSuccessAuditEvent,
    })),
    credentials: store.credentials.allUnsealed(sealer),
    sourceKeys: store.sourceKeys.allUnsealed(sealer).map((k) => ({
      id: k.id,
      tier: k.tier,
      partition: k.partition,
      label: k.label,
      keySpec: k.keySpec,
      encrypt: k.encrypt,
      decrypt: k.decrypt,
      enabled: k.enabled,
      material: k.material,
    })),
    virtualKeys: store.virtualKeys.allWithVersions(),
    hyokKeys: store.hyokKeys.all().map((h) => ({ id: h.id, keyStoreId: h.keyStoreId, virtualKeyId: h.virtualKeyId, blocked: h.blocked })),
  })).deferred();
}
