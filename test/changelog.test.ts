/**
 * The change log and incremental key views at the store/keys level: every write logs its change in
 * its own transaction (and a rolled-back one logs nothing), pruning keeps what a reader needs, a
 * reader behind the pruned log gets everything, and applying the log as deltas gives exactly the
 * view a full read gives, after a random (seeded) sequence of admin writes.
 */
import { randomBytes } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSealer } from "../src/crypto/local/sealer.js";
import { ChangeFollower, type ViewChange } from "../src/keys/follower.js";
import { KeyViewHolder, type KeyView } from "../src/keys/view.js";
import { readChanges, readSnapshot, readSnapshotAt, StoreError, type Store } from "../src/store/index.js";
import { STORE_ENGINES, storeTarget, useStoreEngines, type StoreTarget } from "./helpers/store-engines.js";
import { localKey, newKeyStore } from "./helpers/store-rows.js";

useStoreEngines();
const sealer = createSealer(randomBytes(32));

const log = async (s: Store, after = 0) => (await s.changeLog.after(after)).map((e) => `${e.entity}:${e.op}`);

/** A canonical, comparable description of a view: everything a request can observe. */
function describeView(v: KeyView): unknown {
  const src = (s: { id: string; enabled: boolean; encrypt: boolean; decrypt: boolean; keySpec: string; localKey: { export(): Buffer } | null } | null) =>
    s && { id: s.id, enabled: s.enabled, encrypt: s.encrypt, decrypt: s.decrypt, keySpec: s.keySpec, key: s.localKey?.export().toString("hex") };
  const stores = [...v.byId.values()]
    .map((s) => ({
      record: s.record,
      byPath: v.byUriPath.get(s.record.uriPath) === s,
      credentials: [...s.credentials].sort(),
      healthCheckKey: src(s.healthCheckKey),
      hyokKeys: [...s.hyokKeys.values()]
        .map((h) => ({ id: h.id, blocked: h.blocked, vk: h.virtualKeyId, latest: h.latestVersion, versions: [...h.versions].map(([n, s]) => [n, src(s)]) }))
        .sort((a, b) => a.id.localeCompare(b.id)),
    }))
    .sort((a, b) => a.record.id.localeCompare(b.record.id));
  return { stores, paths: v.byUriPath.size };
}

describe.each(STORE_ENGINES)("change log and key view on %s", (engine) => {
  let target: StoreTarget;
  let store: Store;
  beforeEach(async () => {
    target = await storeTarget(engine);
    store = await target.open();
  });
  afterEach(async () => {
    if (store.open) await store.close();
    await target.dispose();
  });

  describe("change log", () => {
    it("logs each write of every entity in the write's own transaction, with its operation", async () => {
      const ks = await newKeyStore(store, "a");
      const cred = await store.credentials.create(ks.id, "AKIA1", "s1", sealer);
      const sk = await localKey(store, sealer);
      const vk = await store.virtualKeys.create(sk.id);
      const hk = await store.hyokKeys.create({ keyStoreId: ks.id, virtualKeyId: vk.id, blocked: false, awsParam: {}, policy: {} });
      const start = await store.changeLog.latestSeq();
      await store.keyStores.update(ks.id, { blocked: true });
      await store.keyStores.update(ks.id, { region: "eu-west-1" });
      await store.hyokKeys.setBlocked(hk.id, true);
      await store.virtualKeys.rotate(vk.id, (await localKey(store, sealer)).id);
      await store.sourceKeys.setEnabled(sk.id, false);
      await store.credentials.delete(ks.id, cred.id);
      expect(await log(store, start)).toEqual([
        "key_store:block",
        "key_store:update",
        "hyok_key:block",
        "source_key:create",
        "virtual_key:rotate",
        "virtual_key:update",
        "source_key:update",
        "credential:delete",
      ]);
      // a write that fails leaves no entry: the entry is part of the write's transaction
      const seq = await store.changeLog.latestSeq();
      await expect(store.transaction(async () => {
          await store.hyokKeys.setBlocked(hk.id, false);
          await store.keyStores.delete(ks.id); // refused: the store still has a HYOK key
        }),
      ).rejects.toThrow(StoreError);
      expect(await store.changeLog.latestSeq()).toBe(seq);
    });

    it("logs the credentials a key store delete cascades to", async () => {
      const ks = await newKeyStore(store, "a");
      const c1 = await store.credentials.create(ks.id, "AKIA1", "s1", sealer);
      const c2 = await store.credentials.create(ks.id, "AKIA2", "s2", sealer);
      const seq = await store.changeLog.latestSeq();
      await store.keyStores.delete(ks.id);
      const entries = (await store.changeLog.after(seq)).map((e) => `${e.entity}:${e.entityId}:${e.op}`);
      expect(entries.sort()).toEqual([`credential:${c1.id}:delete`, `credential:${c2.id}:delete`, `key_store:${ks.id}:delete`].sort());
    });

    it("prunes applied entries down to the newest N, keeps unapplied ones, and sends a reader behind the pruned log the whole state", async () => {
      const ks = await newKeyStore(store, "a");
      for (let i = 0; i < 20; i++) await store.keyStores.update(ks.id, { region: i % 2 ? "us-east-1" : "eu-west-1" });
      const latest = await store.changeLog.latestSeq();
      expect(await store.changeLog.prune(latest - 5, 3)).toBe(latest - 5 - 3);
      expect(await store.changeLog.oldestSeq()).toBe(latest - 7);
      // nothing applied beyond what is kept: nothing more goes
      expect(await store.changeLog.prune(latest - 5, 3)).toBe(0);
      // pruning never removes the newest entry, so the seq a reader resumes from survives
      await store.changeLog.prune(latest, 0);
      expect(await store.changeLog.oldestSeq()).toBe(latest);
      expect(await store.changeLog.latestSeq()).toBe(latest);

      const behind = await readChanges(store, sealer, 1);
      expect("full" in behind && behind.full).toBe(true);
      expect(behind.seq).toBe(latest);
      const current = await readChanges(store, sealer, latest - 1);
      expect("delta" in current && current.delta.put.keyStores.map((k) => k.region)).toEqual(["us-east-1"]);
    });

    it("reads a changed entity once, with its current state and secrets unsealed, and a deleted one as a removal", async () => {
      const ks = await newKeyStore(store, "a");
      const seq = await store.changeLog.latestSeq();
      const cred = await store.credentials.create(ks.id, "AKIA1", "secret-1", sealer);
      await store.keyStores.update(ks.id, { blocked: true });
      await store.keyStores.update(ks.id, { blocked: false });
      const sk = await localKey(store, sealer);
      const vk = await store.virtualKeys.create(sk.id);
      await store.virtualKeys.setDeletable(vk.id, true);
      await store.virtualKeys.delete(vk.id);
      const r = await readChanges(store, sealer, seq);
      if (!("delta" in r)) throw new Error("expected a delta");
      expect(r.seq).toBe(await store.changeLog.latestSeq());
      expect(r.delta.put.keyStores).toHaveLength(1);
      expect(r.delta.put.keyStores[0]!.blocked).toBe(false);
      expect(r.delta.put.credentials).toEqual([{ id: cred.id, keyStoreId: ks.id, accessKeyId: "AKIA1", secretAccessKey: "secret-1" }]);
      expect(r.delta.put.sourceKeys[0]!.material?.length).toBe(32);
      expect(r.delta.remove.virtualKeys).toEqual([vk.id]);
      expect(r.delta.put.virtualKeys).toEqual([]);
    });
  });

  /** A small deterministic PRNG (mulberry32): the same seed replays the same sequence. */
  function rng(seed: number) {
    return () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  /** One random admin write (as the admin services make them, each in its own transaction); false if none applied. */
  async function randomWrite(s: Store, r: () => number, n: number): Promise<boolean> {
    const pick = <T>(xs: T[]): T | undefined => (xs.length ? xs[Math.floor(r() * xs.length)] : undefined);
    const stores = await s.keyStores.all();
    const sources = await s.sourceKeys.allUnsealed(sealer);
    const virtuals = await s.virtualKeys.allWithVersions();
    const hyoks = await s.hyokKeys.all();
    const creds = await s.credentials.allUnsealed(sealer);
    const op = Math.floor(r() * 14);
    return s.transaction(async () => {
      switch (op) {
        case 0: {
          const ks = await newKeyStore(s, `ks-${n}`);
          await s.credentials.create(ks.id, `AKIA${n}`, `secret-${n}`, sealer);
          return true;
        }
        case 1: {
          const ks = pick(stores);
          if (!ks) return false;
          await s.keyStores.update(ks.id, { blocked: !ks.blocked });
          return true;
        }
        case 2: {
          const ks = pick(stores);
          const sk = pick(sources);
          if (!ks) return false;
          await s.keyStores.update(ks.id, { region: r() < 0.5 ? "eu-west-1" : "us-east-2", healthCheckKeyId: sk?.id ?? null, rateLimit: { requestsPerSecond: n, burst: 2 * n } });
          return true;
        }
        case 3: {
          const ks = pick(stores.filter((k) => !hyoks.some((h) => h.keyStoreId === k.id)));
          if (!ks) return false;
          await s.keyStores.update(ks.id, { xksProxyUriPath: `/moved-${n}/kms/xks/v1` });
          return true;
        }
        case 4: {
          const ks = pick(stores.filter((k) => !hyoks.some((h) => h.keyStoreId === k.id)));
          if (!ks) return false;
          await s.keyStores.delete(ks.id);
          return true;
        }
        case 5: {
          const ks = pick(stores.filter((k) => k.credentialCount < k.maxCredentials));
          if (!ks) return false;
          await s.credentials.create(ks.id, `AKIAC${n}`, `secret-c${n}`, sealer);
          return true;
        }
        case 6: {
          const c = pick(creds);
          if (!c) return false;
          await s.credentials.delete(c.keyStoreId, c.id);
          return true;
        }
        case 7:
          await localKey(s, sealer);
          return true;
        case 8: {
          const sk = pick(sources);
          if (!sk) return false;
          await s.sourceKeys.setEnabled(sk.id, !sk.enabled);
          return true;
        }
        case 9: {
          const sk = pick(sources);
          if (!sk) return false;
          await s.virtualKeys.create(sk.id);
          return true;
        }
        case 10: {
          const vk = pick(virtuals);
          const sk = pick(sources);
          if (!vk || !sk) return false;
          await s.virtualKeys.rotate(vk.id, sk.id);
          return true;
        }
        case 11: {
          const vk = pick(virtuals.filter((v) => !hyoks.some((h) => h.virtualKeyId === v.id)));
          if (!vk) return false;
          await s.virtualKeys.setDeletable(vk.id, true);
          await s.virtualKeys.delete(vk.id);
          return true;
        }
        case 12: {
          const ks = pick(stores);
          const vk = pick(virtuals);
          if (!ks || !vk) return false;
          if (r() < 0.3 && hyoks.length) {
            const h = pick(hyoks)!;
            await s.hyokKeys.setBlocked(h.id, !h.blocked);
          } else await s.hyokKeys.create({ keyStoreId: ks.id, virtualKeyId: vk.id, blocked: r() < 0.2, awsParam: {}, policy: {} });
          return true;
        }
        default: {
          const h = pick(hyoks);
          if (!h) return false;
          await s.hyokKeys.delete(h.id);
          return true;
        }
      }
    });
  }

  describe("incremental key view", () => {
    it("applying the change log as deltas gives the same view as a full read, after a random sequence of admin writes", async () => {
      for (const seed of [1, 2, 3, 4, 5]) {
        const r = rng(seed);
        // one follower from the start (a delta per write), one that catches up in a single delta at the end
        const each = new KeyViewHolder();
        const sent: ViewChange[] = [];
        const follower = new ChangeFollower(each, { read: (after) => readChanges(store, sealer, after) }, async (c) => void sent.push(c), 0);
        const atStart = await readSnapshotAt(store, sealer);
        const late = new KeyViewHolder();
        late.load(atStart.snapshot);
        const lateFollower = new ChangeFollower(late, { read: (after) => readChanges(store, sealer, after) }, async () => undefined, atStart.seq);
        // a thread-side holder fed only what the follower hands on
        const thread = new KeyViewHolder();
        thread.load(each.snapshot());
        let threadGeneration = each.current.generation;

        let writes = 0;
        for (let n = 0; writes < 150 && n < 2000; n++) {
          if (!(await randomWrite(store, r, seed * 10_000 + n))) continue;
          writes++;
          await follower.catchUp();
          for (const c of sent.splice(0)) {
            if ("delta" in c) {
              expect(c.from).toBe(threadGeneration);
              thread.apply(c.delta);
            } else thread.load(c.snapshot);
            threadGeneration = c.generation;
          }
          if (writes % 25 === 0) expect(describeView(each.current)).toEqual(describeView(await fullView()));
        }
        await lateFollower.catchUp();
        const full = describeView(await fullView());
        expect(describeView(each.current)).toEqual(full);
        expect(describeView(late.current)).toEqual(full);
        expect(describeView(thread.current)).toEqual(full);
        // the view's own snapshot rebuilds the same view (what a restarted thread gets)
        const again = new KeyViewHolder();
        again.load(each.snapshot());
        expect(describeView(again.current)).toEqual(full);
        expect((full as { stores: unknown[] }).stores.length).toBeGreaterThan(0);
      }
    });

    async function fullView(): Promise<KeyView> {
      const h = new KeyViewHolder();
      return h.load(await readSnapshot(store, sealer));
    }

    it("a delta touches only what depends on it: other key stores keep their view objects", async () => {
      const a = await newKeyStore(store, "a");
      const b = await newKeyStore(store, "b");
      const sk = await localKey(store, sealer);
      const vk = await store.virtualKeys.create(sk.id);
      const hk = await store.hyokKeys.create({ keyStoreId: a.id, virtualKeyId: vk.id, blocked: false, awsParam: {}, policy: {} });
      const keys = new KeyViewHolder();
      const at = await readSnapshotAt(store, sealer);
      keys.load(at.snapshot);
      const follower = new ChangeFollower(keys, { read: (after) => readChanges(store, sealer, after) }, async () => undefined, at.seq);
      const before = keys.current;
      const bView = before.byId.get(b.id)!;
      const hView = before.byId.get(a.id)!.hyokKeys.get(hk.id)!;

      await store.virtualKeys.rotate(vk.id, (await localKey(store, sealer)).id);
      const r = await follower.catchUp();
      expect(r).toMatchObject({ changed: 2, full: false });
      const after = keys.current;
      expect(after.generation).toBe(before.generation + 1);
      expect(after.byId.get(b.id)).toBe(bView);
      const rotated = after.byId.get(a.id)!.hyokKeys.get(hk.id)!;
      expect(rotated).not.toBe(hView);
      expect(rotated.latestVersion).toBe(2);
      // the old HYOK key view is unchanged for whoever still holds it
      expect(hView.latestVersion).toBe(1);
    });
  });
});
