/**
 * Audit that scales, on real SQLite files: seq order (same millisecond included), the migration
 * that introduces it, retention by age and by count in batches, the per-key-store limit on
 * unauthenticated failure records with their summary records, and the dropped/suppressed counts.
 */
import Database from "better-sqlite3";
import { randomUUID } from "node:crypto";
import { rmSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AuditRetention } from "../src/jobs/audit-retention.js";
import { AuditSink, isUnauthenticatedFailure, SUPPRESSED_OPERATION } from "../src/obs/audit.js";
import { FailureLimiter, type SuppressedSummary } from "../src/obs/failure-limiter.js";
import type { NewAuditRecord } from "../src/store/audit.js";
import { openStore, type Store } from "../src/store/index.js";
import { SQLITE_MIGRATIONS as MIGRATIONS } from "../src/store/migrations/sqlite.js";
import { STORE_ENGINES, storeTarget, useStoreEngines, type StoreTarget } from "./helpers/store-engines.js";

useStoreEngines();

function rec(i: number, at: string, over: Partial<NewAuditRecord> = {}): NewAuditRecord {
  return { id: randomUUID(), at, kind: "xks", operation: "Encrypt", outcome: "success", errorName: "", keyStoreId: "ks1", keyId: "k1", kmsRequestId: `r${i}`, actor: "", targetId: "", count: 1, ...over };
}

describe.each(STORE_ENGINES)("audit on %s", (engine) => {
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

  describe("audit order", () => {
    it("orders records written in the same millisecond by seq, in every sort direction, across a reopen", async () => {
      const sink = new AuditSink(store, { flushIntervalMs: 60_000 });
      const at = "2025-06-01T12:00:00.000Z";
      // several batches, so order holds across transactions too
      for (let i = 0; i < 60; i++) {
        sink.record({ kind: "xks", operation: "Encrypt", outcome: "success", keyStoreId: "ks1", kmsRequestId: `r${i}`, at });
        if (i % 20 === 19) await sink.flush();
      }
      await sink.close();
      await store.close();
      store = await target.open();
      const written = Array.from({ length: 60 }, (_, i) => `r${i}`);
      const ids = async (sort?: string) => (await store.audit.list({}, { limit: 100, ...(sort ? { sort } : {}) })).resources.map((r) => r.kmsRequestId);
      expect(await ids()).toEqual(written); // default: seq ascending
      expect(await ids("seq")).toEqual(written);
      expect(await ids("-seq")).toEqual([...written].reverse());
      expect(await ids("createdAt")).toEqual(written);
      expect(await ids("-createdAt")).toEqual([...written].reverse()); // newest first even within one millisecond
      const seqs = (await store.audit.list({}, { limit: 100 })).resources.map((r) => r.seq);
      for (let i = 1; i < seqs.length; i++) expect(seqs[i]).toBe(seqs[i - 1]! + 1);
      // the cursor pages in seq order without counting the rest; any other order is refused
      const after = await store.audit.list({ afterSeq: seqs[49]! }, { limit: 100 });
      expect(after.resources.map((r) => r.kmsRequestId)).toEqual(written.slice(50));
      expect(after.total).toBe(-1);
      expect((await store.audit.list({ afterSeq: seqs[0]!, keyStoreId: "other" }, { limit: 100 })).resources).toEqual([]);
      await expect(store.audit.list({ afterSeq: 1 }, { sort: "-seq" })).rejects.toThrow(/after_seq pages in seq order/);
    });

    // SQLite-only by nature: an upgrade of a version-2 file; PostgreSQL stores begin on the fleet's schema
    it.runIf(engine === "sqlite")("numbers the records of a version-2 database in write order when the audit migration (4) runs", async () => {
      await store.close();
      const path = store.location;
      rmSync(path);
      const db = new Database(path);
      db.exec(`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)`);
      for (let v = 1; v <= 2; v++) {
        db.exec(MIGRATIONS[v - 1]!);
        db.prepare(`INSERT INTO schema_migrations VALUES (?, ?)`).run(v, new Date().toISOString());
      }
      const ins = db.prepare(`INSERT INTO audit_records (id, at, kind, operation, outcome, kms_request_id) VALUES (?, ?, 'xks', 'Encrypt', 'success', ?)`);
      // same millisecond and ids that sort differently from write order: only the write order may decide
      for (let i = 0; i < 30; i++) ins.run(`${(29 - i).toString().padStart(2, "0")}-${randomUUID()}`, "2024-02-02T00:00:00.000Z", `old-${i}`);
      db.close();
      store = await target.open();
      expect((await store.sql.get<{ v: number }>(`SELECT MAX(version) AS v FROM schema_migrations`))!.v).toBe(MIGRATIONS.length);
      const rows = (await store.audit.list({}, { limit: 100 })).resources;
      expect(rows.map((r) => r.kmsRequestId)).toEqual(Array.from({ length: 30 }, (_, i) => `old-${i}`));
      expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
      expect(rows.every((r) => r.count === 1)).toBe(true);
      expect(await store.audit.count()).toBe(30); // the trigger-kept count starts from the rows already there
      // new records continue the sequence
      await store.audit.insertMany([rec(99, "2020-01-01T00:00:00.000Z")]);
      expect((await store.audit.list({}, { sort: "-seq", limit: 1 })).resources[0]).toMatchObject({ seq: 31, kmsRequestId: "r99" });
    });

    it("never reuses a seq after the newest records were deleted", async () => {
      await store.audit.insertMany([rec(1, "2025-01-01T00:00:00.000Z"), rec(2, "2025-01-01T00:00:00.000Z")]);
      await store.sql.exec(`DELETE FROM audit_records`);
      await store.audit.insertMany([rec(3, "2025-01-01T00:00:00.000Z")]);
      expect((await store.audit.list({}, {})).resources[0]!.seq).toBe(3);
    });
  });

  describe("audit retention", () => {
    it("deletes records past the age limit, then the oldest by seq beyond the count limit, in batches that let the event loop run", async () => {
      const now = Date.parse("2026-03-01T00:00:00.000Z");
      const day = 86_400_000;
      const batch: NewAuditRecord[] = [];
      // seq 1..3000: 100 days old (past a 90-day retention)
      for (let i = 0; i < 3000; i++) batch.push(rec(i, new Date(now - 100 * day + i).toISOString(), { kmsRequestId: `expired-${i}` }));
      // seq 3001..12000: recent, with times that do NOT follow seq, so only seq can pick the oldest
      for (let i = 0; i < 9000; i++) batch.push(rec(i, new Date(now - ((i * 7919) % 86_400) * 1000).toISOString(), { kmsRequestId: `recent-${i}` }));
      await store.audit.insertMany(batch);
      await store.close();
      store = await target.open(); // the job runs against what is on disk

      const deleted: unknown[] = [];
      const job = new AuditRetention(store.audit, { retentionDays: 90, maxRecords: 5000, batchSize: 1000, now: () => now, onDeleted: (r) => deleted.push(r) });
      let turns = 0;
      let spinning = true;
      const spin = () => {
        turns++;
        if (spinning) setImmediate(spin);
      };
      setImmediate(spin);
      const r = await job.runOnce();
      spinning = false;
      expect(r).toEqual({ byAge: 3000, byCount: 4000 });
      expect(deleted).toEqual([r]);
      // 3 + 4 full batches: the loop got a turn between each of them
      expect(turns).toBeGreaterThanOrEqual(6);

      const left = await store.audit.list({}, { limit: 1000 });
      expect(left.total).toBe(5000);
      expect(await store.audit.count()).toBe(5000);
      expect(left.resources[0]).toMatchObject({ seq: 7001, kmsRequestId: "recent-4000" });
      expect((await store.audit.list({}, { sort: "-seq", limit: 1 })).resources[0]).toMatchObject({ seq: 12000, kmsRequestId: "recent-8999" });
      expect((await store.audit.list({ until: new Date(now - 90 * day).toISOString() }, {})).total).toBe(0);
      // a second pass finds nothing to do
      expect(await job.runOnce()).toEqual({ byAge: 0, byCount: 0 });
      expect(deleted).toHaveLength(1);
    });

    it("refuses out-of-range settings instead of switching retention off", () => {
      expect(() => new AuditRetention(store.audit, { retentionDays: 0 })).toThrow(/audit.retentionDays must be an integer from 1/);
      expect(() => new AuditRetention(store.audit, { maxRecords: 0 })).toThrow(/audit.maxRecords must be an integer from 1/);
      expect(() => new AuditRetention(store.audit, { maxRecords: 2.5 })).toThrow(/audit.maxRecords/);
      expect(() => new AuditRetention(store.audit, { retentionDays: Number.NaN })).toThrow(/audit.retentionDays/);
    });
  });

  describe("AuditSink limits", () => {
    it("records at most N unauthenticated failures per key store per window, summarizes the rest, and counts them", async () => {
      const sink = new AuditSink(store, { flushIntervalMs: 60_000, unauthenticatedFailuresPerSecond: 5, unauthenticatedWindowMs: 60_000 });
      for (let i = 0; i < 300; i++) {
        sink.record({ kind: "xks", operation: "Encrypt", outcome: "failure", errorName: "AuthenticationFailedException", keyStoreId: i % 3 ? "ks-a" : "ks-b", kmsRequestId: `bad-${i}` });
      }
      // authenticated failures and successes are never limited
      for (let i = 0; i < 40; i++) sink.record({ kind: "xks", operation: "Decrypt", outcome: "failure", errorName: "InvalidCiphertextException", keyStoreId: "ks-a" });
      // unauthenticated admin calls share one limit, whatever ids the caller puts in its request
      for (let i = 0; i < 50; i++) sink.record({ kind: "admin", operation: "KeyStoreService.Block", outcome: "failure", errorName: "UNAUTHENTICATED", actor: "unauthenticated", keyStoreId: `forged-${i}` });
      // a failure the caller marks unauthenticated is limited whatever its name
      for (let i = 0; i < 7; i++) sink.record({ kind: "xks", operation: "Encrypt", outcome: "failure", errorName: "ValidationException", keyStoreId: "ks-c", authenticated: false });
      expect(sink.suppressed).toBe(290 + 45 + 2);
      await sink.close();

      const rows = (await store.audit.list({}, { limit: 1000 })).resources;
      const of = (ks: string, op?: string) => rows.filter((r) => r.keyStoreId === ks && (op === undefined || r.operation === op));
      expect(of("ks-a", "Encrypt")).toHaveLength(5);
      expect(of("ks-b", "Encrypt")).toHaveLength(5);
      expect(of("ks-a", "Decrypt")).toHaveLength(40);
      expect(of("ks-a", SUPPRESSED_OPERATION)).toEqual([expect.objectContaining({ kind: "xks", outcome: "failure", errorName: "AuthenticationFailedException", count: 200 - 5 })]);
      expect(of("ks-b", SUPPRESSED_OPERATION)).toEqual([expect.objectContaining({ count: 100 - 5 })]);
      expect(of("ks-c", SUPPRESSED_OPERATION)).toEqual([expect.objectContaining({ errorName: "ValidationException", count: 2 })]);
      const admin = rows.filter((r) => r.kind === "admin");
      expect(admin.filter((r) => r.operation === "KeyStoreService.Block")).toHaveLength(5);
      expect(admin.filter((r) => r.operation === SUPPRESSED_OPERATION)).toEqual([expect.objectContaining({ errorName: "UNAUTHENTICATED", actor: "unauthenticated", keyStoreId: "", count: 45 })]);
      // every event is accounted for: written rows plus the counts of the summaries
      const accounted = rows.reduce((n, r) => n + r.count, 0);
      expect(accounted).toBe(300 + 40 + 50 + 7);
      // summaries come after the records they summarize
      const lastEncrypt = Math.max(...of("ks-a", "Encrypt").map((r) => r.seq));
      expect(of("ks-a", SUPPRESSED_OPERATION)[0]!.seq).toBeGreaterThan(lastEncrypt);
    });

    it("counts records dropped when the queue is full and keeps a batch whose write failed", async () => {
      const sink = new AuditSink(store, { flushIntervalMs: 60_000, maxQueue: 10, onError: () => {} });
      for (let i = 0; i < 15; i++) sink.record({ kind: "xks", operation: "Encrypt", outcome: "success", keyStoreId: "ks1" });
      expect(sink.dropped).toBe(5);
      expect(sink.pending).toBe(10);
      // a write that fails keeps the batch for the next attempt
      await store.sql.exec(
        engine === "sqlite"
          ? `CREATE TRIGGER refuse BEFORE INSERT ON audit_records BEGIN SELECT RAISE(ABORT, 'disk says no'); END`
          : `CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk says no'; END $$;
             CREATE TRIGGER refuse BEFORE INSERT ON audit_records FOR EACH ROW EXECUTE FUNCTION refuse()`,
      );
      await sink.flush();
      expect(sink.pending).toBe(10);
      sink.record({ kind: "xks", operation: "Encrypt", outcome: "success", keyStoreId: "ks1" });
      expect(sink.dropped).toBe(6);
      await store.sql.exec(engine === "sqlite" ? `DROP TRIGGER refuse` : `DROP TRIGGER refuse ON audit_records`);
      await sink.flush();
      expect(sink.pending).toBe(0);
      expect(await store.audit.count()).toBe(10);
    });

    it("classifies failures answered before authentication as unauthenticated", () => {
      expect(isUnauthenticatedFailure({ kind: "xks", errorName: "AuthenticationFailedException" })).toBe(true);
      expect(isUnauthenticatedFailure({ kind: "xks", errorName: "InvalidUriPathException" })).toBe(true);
      expect(isUnauthenticatedFailure({ kind: "xks", errorName: "InvalidCiphertextException" })).toBe(false);
      expect(isUnauthenticatedFailure({ kind: "xks", errorName: undefined })).toBe(false);
      expect(isUnauthenticatedFailure({ kind: "admin", errorName: "UNAUTHENTICATED" })).toBe(true);
      expect(isUnauthenticatedFailure({ kind: "admin", errorName: "NOT_FOUND" })).toBe(false);
      // when the caller knows, it decides (the data plane: no accessKeyId = SigV4 never succeeded)
      expect(isUnauthenticatedFailure({ kind: "xks", errorName: undefined, authenticated: false })).toBe(true);
      expect(isUnauthenticatedFailure({ kind: "xks", errorName: "UnsupportedOperationException", authenticated: false })).toBe(true);
      expect(isUnauthenticatedFailure({ kind: "xks", errorName: "ThrottlingException", authenticated: true })).toBe(false);
    });
  });
});

// store-independent: runs once
describe("FailureLimiter", () => {
  it("admits perWindow events per key per window and reports the rest once per key and name", () => {
    let t = 0;
    const seen: SuppressedSummary[] = [];
    const l = new FailureLimiter({ perWindow: 3, windowMs: 1000, now: () => t, onSummary: (s) => seen.push(s) });
    const admitted = (key: string, name: string, n: number) => Array.from({ length: n }, () => l.admit(key, name)).filter(Boolean).length;
    expect(admitted("a", "AuthenticationFailedException", 10)).toBe(3);
    expect(admitted("b", "AuthenticationFailedException", 2)).toBe(2);
    expect(admitted("a", "InvalidUriPathException", 4)).toBe(0);
    expect(l.suppressed).toBe(11);
    expect(seen).toEqual([]);
    t = 1000; // the next window of "a" reports the last one first
    expect(l.admit("a", "AuthenticationFailedException")).toBe(true);
    expect(seen).toEqual([
      { key: "a", name: "AuthenticationFailedException", suppressed: 7 },
      { key: "a", name: "InvalidUriPathException", suppressed: 4 },
    ]);
    expect(admitted("a", "AuthenticationFailedException", 5)).toBe(2);
    l.close(); // reports what is still open
    expect(seen.slice(2)).toEqual([{ key: "a", name: "AuthenticationFailedException", suppressed: 3 }]);
    expect(l.suppressed).toBe(14);
  });

  it("ends a window on its timer, so the last summary does not wait for the next event", async () => {
    const seen: SuppressedSummary[] = [];
    const l = new FailureLimiter({ perWindow: 1, windowMs: 20, onSummary: (s) => seen.push(s) });
    l.admit("k", "AuthenticationFailedException");
    l.admit("k", "AuthenticationFailedException");
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => seen.length > 0 && (clearInterval(poll), resolve()), 5);
    });
    expect(seen).toEqual([{ key: "k", name: "AuthenticationFailedException", suppressed: 1 }]);
    l.close();
  });

  it("refuses limits outside 0..100000", () => {
    const onSummary = () => {};
    expect(() => new FailureLimiter({ perWindow: -1, onSummary })).toThrow(RangeError);
    expect(() => new FailureLimiter({ perWindow: 1.5, onSummary })).toThrow(/integer from 0 to 100000/);
    expect(() => new FailureLimiter({ perWindow: 1, windowMs: 0, onSummary })).toThrow(/window/);
    const none = new FailureLimiter({ perWindow: 0, onSummary });
    expect(none.admit("k", "x")).toBe(false); // 0: summaries only
    none.close();
  });
});
