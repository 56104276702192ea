/**
 * Authorization rules below the daemon: the compiled matcher's semantics, the rules in SQLite
 * (migration 6 on a database made by the previous schema, round trip, change log) and in the key
 * view (a rules change arrives as a key store delta; a credential change keeps the rules).
 */
import Database from "better-sqlite3";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSealer } from "../src/crypto/local/sealer.js";
import { compileRules, isAllowed } from "../src/keys/authorization.js";
import type { AuthorizationRule } from "../src/keys/records.js";
import { KeyViewHolder } from "../src/keys/view.js";
import { openStore, readChanges, readSnapshotAt, type Store } from "../src/store/index.js";
import { SQLITE_MIGRATIONS as MIGRATIONS } from "../src/store/migrations/sqlite.js";
import { newKeyStore } from "./helpers/store-rows.js";

const ALICE = "arn:aws:iam::123456789012:user/Alice";
const BOB = "arn:aws:iam::123456789012:user/Bob";

describe("compiled rules", () => {
  const allowed = (rules: AuthorizationRule[], principal: string | undefined, op: string, via?: string) => isAllowed(compileRules(rules)!, principal, op, via);

  it("no rules compile to null (allow-all, one check on the hot path)", () => {
    expect(compileRules([])).toBeNull();
  });

  it("principal: exact, or a prefix ending in *", () => {
    expect(allowed([{ principal: ALICE }], ALICE, "Encrypt")).toBe(true);
    expect(allowed([{ principal: ALICE }], BOB, "Encrypt")).toBe(false);
    expect(allowed([{ principal: ALICE }], undefined, "Encrypt")).toBe(false);
    expect(allowed([{ principal: "arn:aws:iam::123456789012:user/*" }], BOB, "Encrypt")).toBe(true);
    expect(allowed([{ principal: "arn:aws:iam::123456789012:user/*" }], "arn:aws:iam::123456789012:role/x", "Encrypt")).toBe(false);
  });

  it("operations and via services: exact; a via-service rule needs kmsViaService", () => {
    expect(allowed([{ operations: ["Encrypt"] }], BOB, "Encrypt")).toBe(true);
    expect(allowed([{ operations: ["Encrypt"] }], BOB, "Decrypt")).toBe(false);
    expect(allowed([{ viaServices: ["ebs"] }], BOB, "Encrypt", "ebs")).toBe(true);
    expect(allowed([{ viaServices: ["ebs"] }], BOB, "Encrypt", "rds")).toBe(false);
    expect(allowed([{ viaServices: ["ebs"] }], BOB, "Encrypt")).toBe(false);
  });

  it("conditions of a rule are AND'ed, rules OR'ed; an empty list matches nothing (fail closed)", () => {
    const rules: AuthorizationRule[] = [{ principal: ALICE, operations: ["Decrypt"] }, { principal: BOB, viaServices: ["ebs"] }, { principal: ALICE, operations: ["Encrypt"] }];
    expect(allowed(rules, ALICE, "Decrypt")).toBe(true);
    expect(allowed(rules, ALICE, "Encrypt")).toBe(true); // the second rule for the same principal
    expect(allowed(rules, ALICE, "ReEncrypt")).toBe(false);
    expect(allowed(rules, BOB, "Decrypt", "ebs")).toBe(true);
    expect(allowed(rules, BOB, "Decrypt")).toBe(false);
    expect(allowed([{ principal: ALICE, operations: [] }], ALICE, "Encrypt")).toBe(false);
  });
});

describe("rules in the store and the key view", () => {
  let dir: string;
  let store: Store;
  const sealer = createSealer(randomBytes(32));
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "xks-authz-"));
  });
  afterEach(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const newStore = (s: Store, name: string, rules?: AuthorizationRule[]) => newKeyStore(s, name, rules ? { authorizationRules: rules } : {});


  it("migration 6 gives a store made by schema 5 no rules (it keeps allowing every request)", async () => {
    const path = join(dir, "old.db");
    const db = new Database(path);
    db.exec("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)");
    for (let v = 1; v <= 5; v++) {
      db.exec(MIGRATIONS[v - 1]!);
      db.prepare("INSERT INTO schema_migrations VALUES (?, ?)").run(v, new Date().toISOString());
    }
    db.prepare(
      `INSERT INTO key_stores (id, name, kms, region, source_key_tier, rate_limit_rps, rate_limit_burst, xks_proxy_uri_path, created_at, updated_at)
       VALUES ('ks-old', 'old', '111122223333', 'us-east-1', 'local', 10, 10, '/old/kms/xks/v1', 'x', 'x')`,
    ).run();
    db.close();
    store = await openStore(path);
    expect(store.schemaVersion).toBe(MIGRATIONS.length); // 6 and every later migration ran
    expect((await store.keyStores.get("ks-old")).authorizationRules).toEqual([]);
    // the column takes only a JSON array
    await expect(store.sql.run("UPDATE key_stores SET authorization_rules = '{}' WHERE id = 'ks-old'")).rejects.toThrow(/CHECK constraint/);
    await expect(store.sql.run("UPDATE key_stores SET authorization_rules = 'nope' WHERE id = 'ks-old'")).rejects.toThrow(/CHECK constraint/);
  });

  it("rules round-trip, and a rules change is one key store update in the change log, applied as a delta", async () => {
    store = await openStore(join(dir, "xks.db"));
    const rules: AuthorizationRule[] = [{ principal: ALICE, operations: ["Encrypt"] }, { viaServices: ["ebs"] }];
    const ks = await newStore(store, "a", rules);
    expect((await store.keyStores.get(ks.id)).authorizationRules).toEqual(rules);

    const keys = new KeyViewHolder();
    const at = await readSnapshotAt(store, sealer);
    keys.load(at.snapshot);
    const view = keys.current.byId.get(ks.id)!;
    expect(isAllowed(view.authorization!, ALICE, "Encrypt", undefined)).toBe(true);
    expect(isAllowed(view.authorization!, BOB, "Encrypt", undefined)).toBe(false);

    await store.keyStores.update(ks.id, { authorizationRules: [{ principal: BOB }] });
    const r = await readChanges(store, sealer, at.seq);
    expect((await store.changeLog.after(at.seq)).map((e) => `${e.entity}:${e.op}`)).toEqual(["key_store:update"]);
    if ("full" in r) throw new Error("expected a delta");
    expect(r.delta.put.keyStores.map((k) => k.authorizationRules)).toEqual([[{ principal: BOB }]]);
    keys.apply(r.delta);
    const after = keys.current.byId.get(ks.id)!;
    expect(isAllowed(after.authorization!, BOB, "Encrypt", undefined)).toBe(true);
    expect(isAllowed(after.authorization!, ALICE, "Encrypt", undefined)).toBe(false);

    // a credential change rebuilds the store's view: the rules stay
    await store.credentials.create(ks.id, "AKIAEXAMPLEEXAMPLE22", "s3cr3t-secret-value-that-is-long-enough-123", sealer);
    const r2 = await readChanges(store, sealer, r.seq);
    if ("full" in r2) throw new Error("expected a delta");
    keys.apply(r2.delta);
    expect(isAllowed(keys.current.byId.get(ks.id)!.authorization!, BOB, "Encrypt", undefined)).toBe(true);

    await store.keyStores.update(ks.id, { authorizationRules: [] });
    const r3 = await readChanges(store, sealer, r2.seq);
    if ("full" in r3) throw new Error("expected a delta");
    keys.apply(r3.delta);
    expect(keys.current.byId.get(ks.id)!.authorization).toBeNull();
  });

  it("a malformed rules column is refused when read, never read as fewer conditions", async () => {
    store = await openStore(join(dir, "xks.db"));
    const ks = await newStore(store, "a");
    await store.sql.run("UPDATE key_stores SET authorization_rules = ? WHERE id = ?", [JSON.stringify([{ principal: ALICE, operation: ["Encrypt"] }]), ks.id]);
    await expect(store.keyStores.get(ks.id)).rejects.toThrow(`key store ${ks.id}: authorization_rules in the database are malformed`);
    await store.sql.run("UPDATE key_stores SET authorization_rules = ? WHERE id = ?", [JSON.stringify([{ principal: 42 }]), ks.id]);
    await expect(store.keyStores.get(ks.id)).rejects.toThrow(/malformed/);
  });
});
