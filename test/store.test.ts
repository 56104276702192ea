import { randomBytes } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSealer } from "../src/crypto/local/sealer.js";
import { AuditSink } from "../src/obs/audit.js";
import { readSnapshot, StoreError, type Store } from "../src/store/index.js";
import { POSTGRES_MIGRATIONS } from "../src/store/migrations/postgres.js";
import { SQLITE_MIGRATIONS } from "../src/store/migrations/sqlite.js";
import { STORE_ENGINES, storeTarget, useStoreEngines, type StoreTarget } from "./helpers/store-engines.js";
import { localKey, newKeyStore } from "./helpers/store-rows.js";

useStoreEngines();
const sealer = createSealer(randomBytes(32));

describe.each(STORE_ENGINES)("store on %s", (engine) => {
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

  const MIGRATIONS = engine === "sqlite" ? SQLITE_MIGRATIONS : POSTGRES_MIGRATIONS;

  it("applies migrations once and is idempotent on reopen", async () => {
    expect(store.schemaVersion).toBe(MIGRATIONS.length);
    await newKeyStore(store, "a");
    await store.close();
    store = await target.open();
    const rows = await store.sql.all<{ version: number }>("SELECT version FROM schema_migrations ORDER BY version");
    expect(rows.map((r) => r.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    expect((await store.keyStores.list({}, {})).total).toBe(1);
    if (engine === "sqlite") {
      // SQLite-only by nature: the file's journal mode and per-connection foreign key enforcement
      expect(await store.sql.get("PRAGMA journal_mode")).toEqual({ journal_mode: "wal" });
      expect(await store.sql.get("PRAGMA foreign_keys")).toEqual({ foreign_keys: 1 });
    }
  });

  it("round-trips sealed secrets and key material through readSnapshot, never storing them in the clear", async () => {
    const sk = await localKey(store, sealer);
    const ks = await newKeyStore(store, "a", { healthCheckKeyId: sk.id });
    const cred = await store.credentials.create(ks.id, "AKIAEXAMPLEEXAMPLE22", "s3cr3t-secret-value-that-is-long-enough-123", sealer);
    const vk = await store.virtualKeys.create(sk.id);
    const sk2 = await localKey(store, sealer);
    await store.virtualKeys.rotate(vk.id, sk2.id);
    const h = await store.hyokKeys.create({ keyStoreId: ks.id, virtualKeyId: vk.id, blocked: true, awsParam: {}, policy: {} });

    const snap = await readSnapshot(store, sealer);
    expect(snap.keyStores).toEqual([
      {
        id: ks.id,
        name: "a",
        uriPath: ks.xksProxyUriPath,
        region: "us-east-1",
        kmsAccount: "111122223333",
        tier: "local",
        partition: null,
        blocked: false,
        healthCheckKeyId: sk.id,
        rateLimit: { rps: 1800, burst: 3600 },
        enableSuccessAuditEvent: false,
        authorizationRules: [],
        mtlsEnabled: false,
      },
    ]);
    expect(snap.credentials).toEqual([{ id: cred.id, keyStoreId: ks.id, accessKeyId: "AKIAEXAMPLEEXAMPLE22", secretAccessKey: "s3cr3t-secret-value-that-is-long-enough-123" }]);
    expect(snap.sourceKeys.map((k) => k.material?.length)).toEqual([32, 32]);
    expect(snap.virtualKeys).toEqual([{ id: vk.id, versions: [{ version: 1, sourceKeyId: sk.id }, { version: 2, sourceKeyId: sk2.id }] }]);
    expect(snap.hyokKeys).toEqual([{ id: h.id, keyStoreId: ks.id, virtualKeyId: vk.id, blocked: true }]);

    // the raw rows hold only sealed blobs
    const raw = (await store.sql.get<{ secret: Buffer }>("SELECT secret FROM credentials"))!;
    expect(raw.secret.toString("latin1")).not.toContain("s3cr3t");
    const material = snap.sourceKeys[0]!.material!;
    const rawKey = (await store.sql.get<{ material: Buffer }>("SELECT material FROM source_keys WHERE id = ?", [sk.id]))!;
    expect(rawKey.material.includes(material)).toBe(false);
    // a different master key cannot open them
    await expect(readSnapshot(store, createSealer(randomBytes(32)))).rejects.toThrow(/does not open/);
  });

  it("enforces credential limits, unique names and uri paths, and refuses deleting stores with HYOK keys", async () => {
    const ks = await newKeyStore(store, "a", { maxCredentials: 2 });
    await store.credentials.create(ks.id, "A".repeat(20), "x".repeat(43), sealer);
    await store.credentials.create(ks.id, "B".repeat(20), "x".repeat(43), sealer);
    await expect(store.credentials.create(ks.id, "C".repeat(20), "x".repeat(43), sealer)).rejects.toThrow(StoreError);
    expect((await store.keyStores.get(ks.id)).credentialVersion).toBe(2);
    await expect(newKeyStore(store, "a")).rejects.toThrow(/named "a" already exists/);
    await expect(newKeyStore(store, "b", { xksProxyUriPath: ks.xksProxyUriPath })).rejects.toThrow(/xks_proxy_uri_path/);
    const vk = await store.virtualKeys.create((await localKey(store, sealer)).id);
    const h = await store.hyokKeys.create({ keyStoreId: ks.id, virtualKeyId: vk.id, blocked: false, awsParam: {}, policy: {} });
    await expect(store.keyStores.delete(ks.id)).rejects.toThrow(/HYOK key/);
    await store.hyokKeys.delete(h.id);
    await store.keyStores.delete(ks.id);
    expect(await store.credentials.allUnsealed(sealer)).toEqual([]);
  });

  it("a repository's check-then-write is atomic without a caller's transaction: concurrent creations never pass max_credentials", async () => {
    const ks = await newKeyStore(store, "a", { maxCredentials: 2 });
    await store.credentials.create(ks.id, "A".repeat(20), "x".repeat(43), sealer);
    const results = await Promise.allSettled(["B", "C", "D"].map((c) => store.credentials.create(ks.id, c.repeat(20), "x".repeat(43), sealer)));
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "rejected"]);
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(StoreError);
    expect((await store.keyStores.get(ks.id)).credentialCount).toBe(2);
  });

  it("lists with filters, multi-column sort, paging and a total", async () => {
    for (let i = 0; i < 30; i++) await newKeyStore(store, `ks-${String(i).padStart(2, "0")}`, { region: i % 3 === 0 ? "eu-west-1" : "us-east-1", blocked: i % 2 === 0 });
    const p = await store.keyStores.list({ region: "eu-west-1" }, { skip: 2, limit: 3, sort: "-name" });
    expect(p.total).toBe(10);
    expect(p.resources.map((k) => k.name)).toEqual(["ks-21", "ks-18", "ks-15"]);
    const q = await store.keyStores.list({ blocked: true }, { sort: "region,-name", limit: 100 });
    expect(q.total).toBe(15);
    expect(q.resources[0]!.region).toBe("eu-west-1");
    expect(q.resources[0]!.name).toBe("ks-24");
    await expect(store.keyStores.list({}, { sort: "secret" })).rejects.toThrow(/cannot sort by "secret"/);
    await expect(store.keyStores.list({}, { limit: 5000 })).rejects.toThrow(/limit/);
  });

  it("audit records written through the sink survive reopening the database", async () => {
    const sink = new AuditSink(store, { flushIntervalMs: 10_000 });
    for (let i = 0; i < 250; i++) {
      sink.record({ kind: "xks", operation: i % 2 ? "Encrypt" : "Decrypt", keyStoreId: "ks1", keyId: "k1", kmsRequestId: `r${i}`, outcome: i % 5 ? "success" : "failure", errorName: i % 5 ? undefined : "InvalidCiphertextException", at: new Date(Date.UTC(2024, 0, 1, 0, 0, i)).toISOString() });
    }
    expect(sink.pending).toBe(250);
    await sink.close();
    await store.close();
    store = await target.open();
    const all = await store.audit.list({}, { limit: 1000 });
    expect(all.total).toBe(250);
    // default order: write order (seq ascending)
    expect(all.resources.map((r) => r.kmsRequestId)).toEqual(Array.from({ length: 250 }, (_, i) => `r${i}`));
    expect(all.resources.map((r) => r.seq)).toEqual(Array.from({ length: 250 }, (_, i) => i + 1));
    const failures = await store.audit.list({ outcome: "failure", kind: "xks" }, { limit: 5, sort: "at" });
    expect(failures.total).toBe(50);
    expect(failures.resources[0]!.kmsRequestId).toBe("r0");
    const window = await store.audit.list({ since: "2024-01-01T00:01:00.000Z", until: "2024-01-01T00:02:00.000Z" }, { limit: 100 });
    expect(window.total).toBe(60);
  });
});
