import type { Sealer } from "../keys/sealer.js";
import type { ChangeRead, KeyDelta } from "../keys/records.js";
import type { ChangeEntity } from "./changeLog.js";
import type { Store } from "./db.js";
import { hyokKeyRecord, keyStoreRecord, readSnapshotAt, sourceKeyRecord } from "./snapshot.js";

/**
 * Reads the change log after `afterSeq` and the current state of each entity it names, in one read
 * transaction (the delta matches the seq it reports). Secrets are unsealed as readSnapshot does. An
 * entity named many times is loaded once; one that no longer exists is a removal.
 */
export function readChanges(store: Store, sealer: Sealer, afterSeq: number): Promise<ChangeRead> {
  return store.sql.readTransaction(async (): Promise<ChangeRead> => {
    const oldest = await store.changeLog.oldestSeq();
    // entries after afterSeq were pruned: a delta would miss them
    if (oldest !== undefined && afterSeq < oldest - 1) return { full: true, ...(await readSnapshotAt(store, sealer)) };
    const entries = await store.changeLog.after(afterSeq);
    const delta: KeyDelta = {
      put: { keyStores: [], credentials: [], sourceKeys: [], virtualKeys: [], hyokKeys: [] },
      remove: { keyStores: [], credentials: [], sourceKeys: [], virtualKeys: [], hyokKeys: [] },
    };
    const seen = new Set<string>();
    for (const e of entries) {
      const key = `${e.entity}:${e.entityId}`;
      if (seen.has(key)) continue;
      seen.add(key);
      await load(store, sealer, e.entity, e.entityId, delta);
    }
    return { seq: entries.at(-1)?.seq ?? afterSeq, delta };
  });
}

async function load(store: Store, sealer: Sealer, entity: ChangeEntity, id: string, d: KeyDelta): Promise<void> {
  switch (entity) {
    case "key_store": {
      const ks = await store.keyStores.find(id);
      if (ks) d.put.keyStores.push(keyStoreRecord(ks));
      else d.remove.keyStores.push(id);
      return;
    }
    case "credential": {
      const c = await store.credentials.findUnsealed(id, sealer);
      if (c) d.put.credentials.push(c);
      else d.remove.credentials.push(id);
      return;
    }
    case "source_key": {
      const k = await store.sourceKeys.findUnsealed(id, sealer);
      if (k) d.put.sourceKeys.push(sourceKeyRecord(k));
      else d.remove.sourceKeys.push(id);
      return;
    }
    case "virtual_key": {
      const versions = await store.virtualKeys.versionsOf(id);
      if (versions.length > 0) d.put.virtualKeys.push({ id, versions });
      else d.remove.virtualKeys.push(id);
      return;
    }
    case "hyok_key": {
      const h = await store.hyokKeys.find(id);
      if (h) d.put.hyokKeys.push(hyokKeyRecord(h));
      else d.remove.hyokKeys.push(id);
      return;
    }
  }
}
