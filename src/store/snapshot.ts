import type { Sealer } from "../keys/sealer.js";
import type { HyokKeyRecord, KeyStoreRecord, Snapshot, SourceKeyRecord } from "../keys/records.js";
import type { Store } from "./db.js";
import type { HyokKey } from "./hyokKeys.js";
import type { KeyStore } from "./keyStores.js";
import type { UnsealedSourceKey } from "./sourceKeys.js";

/** Repository rows → the records the key view takes (shared by the full read and the deltas). */
export const keyStoreRecord = (ks: KeyStore): KeyStoreRecord => ({
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
  authorizationRules: ks.authorizationRules,
  mtlsEnabled: ks.mtlsEnabled,
});

export const sourceKeyRecord = (k: UnsealedSourceKey): SourceKeyRecord => ({
  id: k.id,
  tier: k.tier,
  partition: k.partition,
  label: k.label,
  keySpec: k.keySpec,
  encrypt: k.encrypt,
  decrypt: k.decrypt,
  enabled: k.enabled,
  material: k.material,
});

export const hyokKeyRecord = (h: HyokKey): HyokKeyRecord => ({ id: h.id, keyStoreId: h.keyStoreId, virtualKeyId: h.virtualKeyId, blocked: h.blocked });

/** The whole key model and the change-log position it reflects (read in one transaction). */
export interface SnapshotAt {
  snapshot: Snapshot;
  seq: number;
}

async function read(store: Store, sealer: Sealer): Promise<SnapshotAt> {
  const seq = await store.changeLog.latestSeq();
  const keyStores = (await store.keyStores.all()).map(keyStoreRecord);
  const credentials = await store.credentials.allUnsealed(sealer);
  const sourceKeys = (await store.sourceKeys.allUnsealed(sealer)).map(sourceKeyRecord);
  const virtualKeys = await store.virtualKeys.allWithVersions();
  const hyokKeys = (await store.hyokKeys.all()).map(hyokKeyRecord);
  return { seq, snapshot: { keyStores, credentials, sourceKeys, virtualKeys, hyokKeys } };
}

/**
 * Reads the whole key model in one read transaction (a consistent view even while the admin
 * plane writes) and unseals secrets and local key material for the in-memory key view, with the
 * change-log seq it reflects: changes after that seq are what a reader applies next.
 */
export function readSnapshotAt(store: Store, sealer: Sealer): Promise<SnapshotAt> {
  return store.sql.readTransaction(() => read(store, sealer));
}

/** The whole key model (see readSnapshotAt). */
export async function readSnapshot(store: Store, sealer: Sealer): Promise<Snapshot> {
  return (await readSnapshotAt(store, sealer)).snapshot;
}
