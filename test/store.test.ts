import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSealer } from "../src/crypto/local/sealer.js";
import { AuditSink } from "../src/obs/audit.js";
import { openStore, readSnapshot, StoreError, type Store } from "../src/store/index.js";
import { MIGRATIONS } from "../src/store/migrations.js";
import { localKey, newKeyStore } from "./helpers/store-rows.js";

let dir: string;
let path: string;
let store: Store;
const sealer = createSealer(randomBytes(32));



beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "xks-store-"));
  path = join(dir, "db", "xks.db");
  store = openStore(path);
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("store", () => {
  it("applies migrations once and is idempotent on reopen", () => {
    expect(store.schemaVersion).toBe(MIGRATIONS.length);
    newKeyStore(store, "a");
    store.close();
    store = openStore(path);
    const rows = store.db.prepare("SELECT version FROM schema_migrations ORDER BY version").all() as { version: number }[];
    expect(rows.map((r) => r.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    expect(store.keyStores.list({}, {}).total).toBe(1);
    expect(store.db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(store.db.pragma("foreign_keys", { simple: true })).toBe(1);
  });

  it("round-trips sealed secrets and key material through readSnapshot, never storing them in the clear", () => {
    const sk = localKey(store, sealer);
    const ks = newKeyStore(store, "a", { healthCheckKeyId: sk.id });
    const cred = store.credentials.create(ks.id, "AKIAEXAMPLEEXAMPLE22", "s3cr3t-secret-value-that-is-long-enough-123", sealer);
    const vk = store.virtualKeys.create(sk.id);
    const sk2 = localKey(store, sealer);
    store.virtualKeys.rotate(vk.id, sk2.id);
    const h = store.hyokKeys.create({ keyStoreId: ks.id, virtualKeyId: vk.id, blocked: true, awsParam: {}, policy: {} });

    const snap = readSnapshot(store, sealer);
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
      },
    ]);
    expect(snap.credentials).toEqual([{ id: cred.id, keyStoreId: ks.id, accessKeyId: "AKIAEXAMPLEEXAMPLE22", secretAccessKey: "s3cr3t-secret-value-that-is-long-enough-123" }]);
    expect(snap.sourceKeys.map((k) => k.material?.length)).toEqual([32, 32]);
    expect(snap.virtualKeys).toEqual([{ id: vk.id, versions: [{ version: 1, sourceKeyId: sk.id }, { version: 2, sourceKeyId: sk2.id }] }]);
    expect(snap.hyokKeys).toEqual([{ id: h.id, keyStoreId: ks.id, virtualKeyId: vk.id, blocked: true }]);

    // the raw rows hold only sealed blobs
    const raw = store.db.prepare("SELECT secret FROM credentials").get() as { secret: Buffer };
    expect(raw.secret.toString("latin1")).not.toContain("s3cr3t");
    const material = snap.sourceKeys[0]!.material!;
    const rawKey = store.db.prepare("SELECT material FROM source_keys WHERE id = ?").get(sk.id) as { material: Buffer };
    expect(rawKey.material.includes(material)).toBe(false);
    // a different master key cannot open them
    expect(() => readSnapshot(store, createSealer(randomBytes(32)))).toThrow(/does not open/);
  });

  it("enforces credential limits, unique names and uri paths, and refuses deleting stores with HYOK keys", () => {
    const ks = newKeyStore(store, "a", { maxCredentials: 2 });
    store.credentials.create(ks.id, "A".repeat(20), "x".repeat(43), sealer);
    store.credentials.create(ks.id, "B".repeat(20), "x".repeat(43), sealer);
    expect(() => store.credentials.create(ks.id, "C".repeat(20), "x".repeat(43), sealer)).toThrow(StoreError);
    expect(store.keyStores.get(ks.id).credentialVersion).toBe(2);
    expect(() => newKeyStore(store, "a")).toThrow(/named "a" already exists/);
    expect(() => newKeyStore(store, "b", { xksProxyUriPath: ks.xksProxyUriPath })).toThrow(/xks_proxy_uri_path/);
    const vk = store.virtualKeys.create(localKey(store, sealer).id);
    const h = store.hyokKeys.create({ keyStoreId: ks.id, virtualKeyId: vk.id, blocked: false, awsParam: {}, policy: {} });
    expect(() => store.keyStores.delete(ks.id)).toThrow(/HYOK key/);
    store.hyokKeys.delete(h.id);
    store.keyStores.delete(ks.id);
    expect(store.credentials.allUnsealed(sealer)).toEqual([]);
  });

  it("lists with filters, multi-column sort, paging and a total", () => {
    for (let i = 0; i < 30; i++) newKeyStore(store, `ks-${String(i).padStart(2, "0")}`, { region: i % 3 === 0 ? "eu-west-1" : "us-east-1", blocked: i % 2 === 0 });
    const p = store.keyStores.list({ region: "eu-west-1" }, { skip: 2, limit: 3, sort: "-name" });
    expect(p.total).toBe(10);
    expect(p.resources.map((k) => k.name)).toEqual(["ks-21", "ks-18", "ks-15"]);
    const q = store.keyStores.list({ blocked: true }, { sort: "region,-name", limit: 100 });
    expect(q.total).toBe(15);
    expect(q.resources[0]!.region).toBe("eu-west-1");
    expect(q.resources[0]!.name).toBe("ks-24");
    expect(() => store.keyStores.list({}, { sort: "secret" })).toThrow(/cannot sort by "secret"/);
    expect(() => store.keyStores.list({}, { limit: 5000 })).toThrow(/limit/);
  });

  it("audit records written through the sink survive reopening the database", async () => {
    const sink = new AuditSink(store, { flushIntervalMs: 10_000 });
    for (let i = 0; i < 250; i++) {
      sink.record({ kind: "xks", operation: i % 2 ? "Encrypt" : "Decrypt", keyStoreId: "ks1", keyId: "k1", kmsRequestId: `r${i}`, outcome: i % 5 ? "success" : "failure", errorName: i % 5 ? undefined : "InvalidCiphertextException", at: new Date(Date.UTC(2024, 0, 1, 0, 0, i)).toISOString() });
    }
    expect(sink.pending).toBe(250);
    await sink.close();
    store.close();
    store = openStore(path);
    const all = store.audit.list({}, { limit: 1000 });
    expect(all.total).toBe(250);
    // default order: write order (seq ascending)
    expect(all.resources.map((r) => r.kmsRequestId)).toEqual(Array.from({ length: 250 }, (_, i) => `r${i}`));
    expect(all.resources.map((r) => r.seq)).toEqual(Array.from({ length: 250 }, (_, i) => i + 1));
    const failures = store.audit.list({ outcome: "failure", kind: "xks" }, { limit: 5, sort: "at" });
    expect(failures.total).toBe(50);
    expect(failures.resources[0]!.kmsRequestId).toBe("r0");
    const window = store.audit.list({ since: "2024-01-01T00:01:00.000Z", until: "2024-01-01T00:02:00.000Z" }, { limit: 100 });
    expect(window.total).toBe(60);
  });
});
