/**
 * Hostile input against a real admin server on loopback over a real SQLite file: every client
 * mistake is INVALID_ARGUMENT naming the field (never INTERNAL, never SQLite's words), the token is
 * checked before a message is read, messages are size-capped, unauthenticated calls cannot grow the
 * audit table one row per call, and a change whose audit record cannot be written is not applied.
 */
import * as grpc from "@grpc/grpc-js";
import Database from "better-sqlite3";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAdminServer, type AdminServer } from "../src/admin/index.js";
import { loadAdminProto, type ServiceName } from "../src/admin/proto.js";
import { createSealer } from "../src/crypto/local/sealer.js";
import { AuditSink, SUPPRESSED_OPERATION } from "../src/obs/audit.js";
import { openStore, readSnapshot, type Store } from "../src/store/index.js";
import { SQLITE_MIGRATIONS as MIGRATIONS } from "../src/store/migrations/sqlite.js";
import { eventually } from "./helpers/eventually.js";
import { STORE_ENGINES, storeTarget, useStoreEngines, type StoreTarget } from "./helpers/store-engines.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = Record<string, any>;

const TOKEN = "hardening-token-0123456789";
const ACCOUNT = "111122223333";
const MAX = 65_536;

useStoreEngines();

let target: StoreTarget;
let store: Store;
let audit: AuditSink;
let server: AdminServer;
let client: grpc.Client;
const sealer = createSealer(randomBytes(32));
const counts = { decodes: 0, changes: 0 };
const internalLog: string[] = [];

const proto = () => loadAdminProto();
function md(token: string | null): grpc.Metadata {
  const m = new grpc.Metadata();
  if (token !== null) m.set("authorization", `Bearer ${token}`);
  return m;
}

function call<T = Obj>(service: ServiceName, method: string, req: object, token: string | null = TOKEN): Promise<T> {
  const def = proto().services[service].service[method]!;
  return new Promise<T>((resolve, reject) =>
    client.makeUnaryRequest(def.path, def.requestSerialize, def.responseDeserialize, req, md(token), { deadline: Date.now() + 10_000 }, (err, res) =>
      err ? reject(err) : resolve(res as T),
    ),
  );
}

/** Sends raw bytes as the request message: what a hostile client can send, byte for byte. */
function raw(service: ServiceName, method: string, bytes: Buffer, token: string | null = TOKEN): Promise<Obj> {
  const def = proto().services[service].service[method]!;
  return new Promise<Obj>((resolve, reject) =>
    client.makeUnaryRequest(def.path, (b: Buffer) => b, def.responseDeserialize, bytes, md(token), { deadline: Date.now() + 10_000 }, (err, res) =>
      err ? reject(err) : resolve(res as Obj),
    ),
  );
}

async function failure(p: Promise<unknown>): Promise<{ code: grpc.status; details: string }> {
  try {
    await p;
  } catch (e) {
    const err = e as grpc.ServiceError;
    return { code: err.code, details: err.details };
  }
  throw new Error("call succeeded");
}

async function invalidArg(p: Promise<unknown>, field: RegExp): Promise<string> {
  const f = await failure(p);
  expect({ code: grpc.status[f.code], details: f.details }).toEqual({ code: "INVALID_ARGUMENT", details: expect.stringMatching(field) });
  return f.details;
}

const createStore = (name: string, extra: Obj = {}) => call("KeyStoreService", "Create", { name, kms: ACCOUNT, region: "us-east-1", ...extra });

// protobuf wire helpers
function varint(v: bigint): Buffer {
  const out: number[] = [];
  let x = BigInt.asUintN(64, v);
  do {
    let b = Number(x & 0x7fn);
    x >>= 7n;
    if (x > 0n) b |= 0x80;
    out.push(b);
  } while (x > 0n);
  return Buffer.from(out);
}
const tag = (field: number, wire: number) => varint(BigInt((field << 3) | wire));
const lenField = (field: number, body: Buffer) => Buffer.concat([tag(field, 2), varint(BigInt(body.length)), body]);
const intField = (field: number, v: bigint) => Buffer.concat([tag(field, 0), varint(v)]);

describe.each(STORE_ENGINES)("admin hardening on %s", (engine) => {
  beforeAll(async () => {
    internalLog.length = 0;
    target = await storeTarget(engine);
    store = await target.open();
    audit = new AuditSink(store, { flushIntervalMs: 20, unauthenticatedFailuresPerSecond: 5 });
    server = await startAdminServer({
      store,
      sealer,
      hsm: null,
      partitions: [],
      onChange: () => {
        counts.changes++;
      },
      audit,
      host: "127.0.0.1",
      port: 0,
      tokens: [TOKEN],
      maxMessageBytes: MAX,
      onDecode: () => counts.decodes++,
      log: { error: (msg, f) => internalLog.push(JSON.stringify({ msg, ...f })) },
    });
    client = new grpc.Client(`127.0.0.1:${server.port}`, grpc.credentials.createInsecure());
  });
  afterAll(async () => {
    client.close();
    await server.close();
    await audit.close();
    await store.close();
    await target.dispose();
  });

  describe("admin hardening: key store fields", () => {
    it("kms must be a 12-digit AWS account on create and update, never silently unset", async () => {
      for (const kms of ["", "123", "1111222233334", "11112222333a", " 11112222333", "١١١١٢٢٢٢٣٣٣٣"]) {
        await invalidArg(createStore(`kms-${randomBytes(3).toString("hex")}`, { kms }), /^kms: must be an AWS connection's name or id \(see "kms list"\) or the 12-digit AWS account/);
      }
      const ks = await createStore("kms-ok");
      expect(ks.kms).toBe(ACCOUNT);
      await invalidArg(call("KeyStoreService", "Update", { id: ks.id, kms: "123" }), /^kms:/);
      await invalidArg(call("KeyStoreService", "Update", { id: ks.id, kms: "" }), /^kms:/);
      const u = await call("KeyStoreService", "Update", { id: ks.id, kms: "444455556666" });
      expect(u.kms).toBe("444455556666");
      expect((await readSnapshot(store, sealer)).keyStores.find((s) => s.id === ks.id)?.kmsAccount).toBe("444455556666");
      // the database itself refuses a store without an account (the schema holds the rule too)
      await expect(store.sql.run("UPDATE key_stores SET kms = '123' WHERE id = ?", [ks.id])).rejects.toThrow(/12-digit/);
    });

    it("region must be an AWS region name", async () => {
      for (const region of ["moon-1", "us-east", "US-EAST-1", " us-east-1", "us-moon-1", "x".repeat(300)]) {
        await invalidArg(createStore(`r-${randomBytes(3).toString("hex")}`, { region }), /^region: /);
      }
      for (const region of ["eu-central-2", "us-gov-west-1", "cn-north-1", "ap-southeast-3", "us-iso-east-1", "us-isob-east-1", "il-central-1"]) {
        expect((await createStore(`r-${region}`, { region })).region).toBe(region);
      }
      const ks = await createStore("r-upd");
      await invalidArg(call("KeyStoreService", "Update", { id: ks.id, region: "moon-1" }), /^region: /);
      expect((await call("KeyStoreService", "Update", { id: ks.id, region: "eu-west-3" })).region).toBe("eu-west-3");
    });

    it("rate limits: 0 is refused, a field left out keeps its default (create) or value (update)", async () => {
      await invalidArg(createStore("rl0", { local_hosted_params: { rate_limit: { requests_per_second: 0 } } }), /requests_per_second: must be an integer from 1/);
      await invalidArg(createStore("rl0b", { local_hosted_params: { rate_limit: { burst: 0 } } }), /burst: must be an integer from 1/);
      await invalidArg(createStore("rlneg", { local_hosted_params: { rate_limit: { requests_per_second: -5 } } }), /requests_per_second/);
      const ks = await createStore("rl", { local_hosted_params: { rate_limit: { requests_per_second: 50 } } });
      expect(ks.local_hosted_params.rate_limit).toEqual({ requests_per_second: 50, burst: 3600 });
      const u = await call("KeyStoreService", "Update", { id: ks.id, local_hosted_params: { rate_limit: { burst: 70 } } });
      expect(u.local_hosted_params.rate_limit).toEqual({ requests_per_second: 50, burst: 70 });
      await invalidArg(call("KeyStoreService", "Update", { id: ks.id, local_hosted_params: { rate_limit: { requests_per_second: 0 } } }), /requests_per_second/);
    });

    it("names, endpoint service names and other strings have bounds", async () => {
      await invalidArg(createStore("n".repeat(129)), /^name: must be at most 128/);
      await invalidArg(createStore("bad\u0007name"), /^name: must not contain control/);
      await invalidArg(
        createStore("vpc", { aws_param: { xks_proxy_connectivity: "VPC_ENDPOINT_SERVICE", xks_proxy_vpc_endpoint_service_name: "anything" } }),
        /^aws_param.xks_proxy_vpc_endpoint_service_name: /,
      );
      await invalidArg(call("SourceKeyService", "Create", { label: "l".repeat(200) }), /^label: /);
    });
  });

  describe("admin hardening: HYOK key parameters", () => {
    it("AWS's limits on alias, description, tags, policy and principal lists are enforced", async () => {
      const ks = await createStore("hyok-params");
      const sk = await call("SourceKeyService", "Create", { label: "hp" });
      const vk = await call("VirtualKeyService", "Create", { source_key_id: sk.id });
      const hk = (extra: Obj) => call("HyokKeyService", "Create", { local_hosted_params: { custom_key_store_id: ks.id, virtual_key_id: vk.id }, ...extra });
      await invalidArg(hk({ aws_param: { Alias: "no-prefix" } }), /^aws_param.Alias/);
      await invalidArg(hk({ aws_param: { Alias: "alias/aws/reserved" } }), /^aws_param.Alias/);
      await invalidArg(hk({ aws_param: { Description: "d".repeat(8193) } }), /^aws_param.Description/);
      await invalidArg(hk({ aws_param: { Tags: Array.from({ length: 51 }, (_, i) => ({ TagKey: `k${i}`, TagValue: "v" })) } }), /^aws_param.Tags: at most 50/);
      await invalidArg(hk({ aws_param: { Tags: [{ TagKey: "a", TagValue: "1" }, { TagKey: "a", TagValue: "2" }] } }), /given twice/);
      await invalidArg(hk({ aws_param: { Tags: [{ TagKey: "", TagValue: "1" }] } }), /^aws_param.Tags.TagKey/);
      await invalidArg(hk({ external_accounts: ["123"] }), /^external_accounts: entries must be 12-digit/);
      await invalidArg(hk({ key_users: Array(101).fill("arn:aws:iam::111122223333:user/u") }), /^key_users: at most 100/);
      await invalidArg(call("HyokKeyService", "Create", { local_hosted_params: { custom_key_store_id: ks.id, virtual_key_id: vk.id, source_key_id: sk.id } }), /^local_hosted_params.source_key_id/);
      expect((await hk({ aws_param: { Alias: "alias/ok-1", Tags: [{ TagKey: "team", TagValue: "x" }] }, external_accounts: [ACCOUNT] })).aws_param.Alias).toBe("alias/ok-1");
    });

    it("partition_id and partition_label must not disagree", async () => {
      await invalidArg(createStore("two-partitions", { local_hosted_params: { partition_id: "p1", partition_label: "p2" } }), /^local_hosted_params.partition_label/);
    });
  });

  describe("admin hardening: lists", () => {
    it("sort lists are capped, unknown and repeated fields refused, all as INVALID_ARGUMENT", async () => {
      await invalidArg(call("KeyStoreService", "List", { sort: Array(5000).fill("name").join(",") }), /^sort: at most 8 sort fields/);
      await invalidArg(call("AuditService", "List", { sort: Array(9).fill("kind").join(",") }), /^sort: at most 8/);
      await invalidArg(call("KeyStoreService", "List", { sort: "name,-name" }), /^sort: "name" is given twice/);
      await invalidArg(call("HyokKeyService", "List", { sort: "secret" }), /^sort: cannot sort by "secret"/);
      await invalidArg(call("KeyStoreService", "List", { limit: 5000 }), /^limit/);
      await invalidArg(call("KeyStoreService", "List", { skip: -1 }), /^skip/);
      expect((await call("KeyStoreService", "List", { sort: "name,-createdAt,region,kms,id,blocked,linked_state,updatedAt" })).total).toBeGreaterThan(0);
      // filters with a fixed set of values refuse others; times must be ISO 8601 (Date.parse takes "1" as 2001)
      await invalidArg(call("KeyStoreService", "List", { source_key_tier: "cloud" }), /^source_key_tier/);
      await invalidArg(call("KeyStoreService", "List", { xks_proxy_connectivity: "INTERNET" }), /^xks_proxy_connectivity/);
      await invalidArg(call("AuditService", "List", { since: "1" }), /^since: must be an ISO 8601 time/);
      await invalidArg(call("AuditService", "List", { until: "March 3" }), /^until/);
      expect((await call("AuditService", "List", { since: "2020-01-01", until: "2999-01-01T00:00:00+02:00" })).total).toBeGreaterThan(0);
    });
  });

  describe("admin hardening: the wire", () => {
    it("an out-of-range int32, an unknown field, a wrong wire type, bad UTF-8 or a truncated message is INVALID_ARGUMENT", async () => {
      // ListKeyStoresRequest: limit = 21 (int32), name = 2 (string)
      await invalidArg(raw("KeyStoreService", "List", intField(21, 1n << 40n)), /^limit: value 1099511627776 is out of range for int32/);
      await invalidArg(raw("KeyStoreService", "List", intField(21, -(1n << 40n))), /^limit: value .* is out of range/);
      await invalidArg(raw("KeyStoreService", "List", intField(99, 1n)), /unknown field number 99/);
      await invalidArg(raw("KeyStoreService", "List", lenField(21, Buffer.from("x"))), /^limit: wire type 2 does not match/);
      await invalidArg(raw("KeyStoreService", "List", lenField(2, Buffer.from([0xff, 0xfe]))), /^name: is not valid UTF-8/);
      await invalidArg(raw("KeyStoreService", "List", Buffer.concat([tag(2, 2), varint(50n), Buffer.from("short")])), /^name: length 50 runs past the end/);
      await invalidArg(raw("KeyStoreService", "List", Buffer.from([0xa8, 0x01, 0xff])), /truncated varint/);
      await invalidArg(raw("KeyStoreService", "List", intField(6, 2n)), /^blocked: value 2 is out of range for bool/);
      // in a nested message: CreateKeyStoreRequest.local_hosted_params (5) . rate_limit (9) . field 7
      const nested = lenField(5, lenField(9, intField(7, 1n)));
      await invalidArg(raw("KeyStoreService", "Create", nested), /^local_hosted_params.rate_limit: unknown field number 7/);
      // negative int32 values are legal on the wire (sign-extended) and reach field validation
      await invalidArg(raw("KeyStoreService", "List", intField(21, -1n)), /^limit/);
      // a well-formed raw request still works
      expect((await raw("KeyStoreService", "List", intField(21, 2n))).limit).toBe(2);
      // the authenticated caller's malformed messages are audited like its other failures
      await audit.flush();
      const rec = await store.sql.all(`SELECT actor FROM audit_records WHERE operation = 'KeyStoreService.List' AND error_name = 'INVALID_ARGUMENT' AND actor LIKE 'token:%'`);
      expect(rec.length).toBe(8); // the eight malformed List messages above (reads are otherwise not audited)
    });

    it("a message over maxMessageBytes is RESOURCE_EXHAUSTED", async () => {
      const f = await failure(call("KeyStoreService", "List", { name: "x".repeat(MAX + 1) }));
      expect(grpc.status[f.code]).toBe("RESOURCE_EXHAUSTED");
    });

    it("calls without a valid token are refused before their message is read or decoded", async () => {
      const before = counts.decodes;
      const big = "y".repeat(MAX - 100);
      const answers = await Promise.all(Array.from({ length: 16 }, (_, i) => failure(call("KeyStoreService", "List", { name: big }, i % 2 ? null : "wrong-token"))));
      for (const a of answers) expect(grpc.status[a.code]).toBe("UNAUTHENTICATED");
      // over the cap too: still UNAUTHENTICATED (nothing was read), not RESOURCE_EXHAUSTED
      expect(grpc.status[(await failure(call("KeyStoreService", "List", { name: "z".repeat(4 * MAX) }, null))).code]).toBe("UNAUTHENTICATED");
      expect(counts.decodes).toBe(before);
      await call("KeyStoreService", "List", { limit: 1 });
      expect(counts.decodes).toBe(before + 1);
    });

    it("health and reflection stay open", async () => {
      const health = new grpc.Client(`127.0.0.1:${server.port}`, grpc.credentials.createInsecure());
      const res = await new Promise<Buffer>((resolve, reject) =>
        health.makeUnaryRequest("/grpc.health.v1.Health/Check", (b: Buffer) => b, (b: Buffer) => b, Buffer.alloc(0), new grpc.Metadata(), (e, r) => (e ? reject(e) : resolve(r!))),
      );
      health.close();
      expect(res.equals(Buffer.from([0x08, 0x01]))).toBe(true); // status: SERVING
    });
  });

  describe("admin hardening: audit", () => {
    it("unauthenticated calls are audited at most N per second; the rest are counted and summarised", async () => {
      type Row = { operation: string; count: number };
      const rows = async () => {
        await audit.flush();
        return await store.sql.all<Row>(`SELECT operation, count FROM audit_records WHERE kind = 'admin' AND actor = 'unauthenticated' ORDER BY seq`);
      };
      // every suppressed call ends up in a summary record (its count) when its one-second window ends
      const summarised = (r: Row[]) => r.filter((x) => x.operation === SUPPRESSED_OPERATION).reduce((n, x) => n + x.count, 0);
      await eventually(async () => expect(summarised(await rows())).toBe(audit.suppressed), 5000);
      const before = (await rows()).length;
      const suppressedBefore = audit.suppressed;
      const N = 300;
      const started = Date.now();
      await Promise.all(Array.from({ length: N }, () => failure(call("KeyStoreService", "Create", { name: "x", kms: ACCOUNT, region: "us-east-1" }, null))));
      const seconds = Math.ceil((Date.now() - started) / 1000) + 1;
      const suppressed = audit.suppressed - suppressedBefore;
      await eventually(async () => expect(summarised(await rows())).toBe(audit.suppressed), 5000);
      const after = (await rows()).slice(before);
      const individual = after.filter((x) => x.operation === "KeyStoreService.Create");
      expect(individual.length + suppressed).toBe(N);
      expect(individual.length).toBeLessThanOrEqual(5 * seconds);
      expect(after.length).toBeLessThan(N / 5);
    });

    it("a change whose audit record cannot be written is not applied, and the client never sees the database's words", async () => {
      const ks = await createStore("audit-fails");
      const changesBefore = counts.changes;
      await store.sql.exec(
        engine === "sqlite"
          ? `CREATE TRIGGER audit_full BEFORE INSERT ON audit_records WHEN NEW.kind = 'admin' AND NEW.outcome = 'success'
        BEGIN SELECT RAISE(ABORT, 'simulated audit disk failure'); END`
          : `CREATE FUNCTION audit_full() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'simulated audit disk failure'; END $$;
        CREATE TRIGGER audit_full BEFORE INSERT ON audit_records FOR EACH ROW WHEN (NEW.kind = 'admin' AND NEW.outcome = 'success') EXECUTE FUNCTION audit_full()`,
      );
      try {
        const f = await failure(call("KeyStoreService", "Block", { id: ks.id }));
        expect(grpc.status[f.code]).toBe("INTERNAL");
        expect(f.details).toMatch(/^internal error in KeyStoreService.Block \(reference [0-9a-f]{8} in the daemon log\)$/);
        expect(f.details).not.toMatch(/simulated|SQLITE|audit_records|plpgsql|P0001/);
        expect(internalLog.some((l) => l.includes("simulated audit disk failure"))).toBe(true);
        expect((await store.keyStores.get(ks.id)).blocked).toBe(false);
        expect(counts.changes).toBe(changesBefore); // the data plane was not told of a change
        const f2 = await failure(call("SourceKeyService", "Create", { label: "never" }));
        expect(grpc.status[f2.code]).toBe("INTERNAL");
        expect((await store.sourceKeys.list({ name: "never" }, {})).total).toBe(0);
      } finally {
        await store.sql.exec(engine === "sqlite" ? "DROP TRIGGER audit_full" : "DROP TRIGGER audit_full ON audit_records");
      }
      // the failures were audited, the changes were not
      const rec = await store.sql.all(`SELECT outcome, error_name FROM audit_records WHERE operation = 'KeyStoreService.Block' AND target_id = ?`, [ks.id]);
      expect(rec).toEqual([{ outcome: "failure", error_name: "INTERNAL" }]);
      await call("KeyStoreService", "Block", { id: ks.id });
      expect((await store.keyStores.get(ks.id)).blocked).toBe(true);
    });

    it("every successful change is audited in its own transaction, failures of authenticated callers too", async () => {
      const ks = await createStore("audited-all");
      const sk = await call("SourceKeyService", "Create", { label: "aud" });
      const vk = await call("VirtualKeyService", "Create", { source_key_id: sk.id });
      const hk = await call("HyokKeyService", "Create", { local_hosted_params: { custom_key_store_id: ks.id, virtual_key_id: vk.id } });
      const cred = await call("CredentialService", "Create", { custom_key_store_id: ks.id });
      await call("CredentialService", "Rotate", { custom_key_store_id: ks.id });
      await call("CredentialService", "Delete", { custom_key_store_id: ks.id, id: cred.id });
      await call("HyokKeyService", "Block", { id: hk.id });
      await call("HyokKeyService", "Unblock", { id: hk.id });
      await call("VirtualKeyService", "Rotate", { id: vk.id });
      await call("VirtualKeyService", "Update", { id: vk.id, deletable: true });
      await call("SourceKeyService", "Update", { id: sk.id, enabled: true });
      await call("KeyStoreService", "Update", { id: ks.id, name: "audited-all-2" });
      await call("HyokKeyService", "Delete", { id: hk.id });
      await call("VirtualKeyService", "Delete", { id: vk.id });
      await call("KeyStoreService", "Delete", { id: ks.id });
      await invalidArg(call("KeyStoreService", "Update", { id: "" }), /^id/);
      const ops = (await store.sql.all<{ o: string }>(`SELECT operation || ':' || outcome AS o FROM audit_records WHERE kind = 'admin' AND actor LIKE 'token:%' AND at >= ?`, [ks.createdAt])).map((r) => r.o);
      for (const op of [
        "KeyStoreService.Create", "SourceKeyService.Create", "VirtualKeyService.Create", "HyokKeyService.Create", "CredentialService.Create",
        "CredentialService.Rotate", "CredentialService.Delete", "HyokKeyService.Block", "HyokKeyService.Unblock", "VirtualKeyService.Rotate",
        "VirtualKeyService.Update", "SourceKeyService.Update", "KeyStoreService.Update", "HyokKeyService.Delete", "VirtualKeyService.Delete", "KeyStoreService.Delete",
      ]) {
        expect(ops).toContain(`${op}:success`);
      }
      expect(ops).toContain("KeyStoreService.Update:failure");
    });
  });

  // SQLite-only by nature: an upgrade of a version-2 file; PostgreSQL stores begin on the fleet's schema
  describe.runIf(engine === "sqlite")("admin hardening: stores from before the account rule", () => {
    it("a store whose kms is not a 12-digit account is blocked by the migration and the schema refuses new ones", async () => {
      const dir = mkdtempSync(join(tmpdir(), "xks-hard-"));
      const path = join(dir, "legacy.db");
      const db = new Database(path);
      db.exec(`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)`);
      for (let v = 1; v <= 2; v++) {
        db.exec(MIGRATIONS[v - 1]!);
        db.prepare(`INSERT INTO schema_migrations VALUES (?, ?)`).run(v, new Date().toISOString());
      }
      const ins = db.prepare(`INSERT INTO key_stores (id, name, kms, region, source_key_tier, rate_limit_rps, rate_limit_burst, xks_proxy_uri_path, created_at, updated_at)
        VALUES (?, ?, ?, 'us-east-1', 'local', 10, 10, ?, '2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z')`);
      ins.run("a", "empty", "", "/a/kms/xks/v1");
      ins.run("b", "short", "123", "/b/kms/xks/v1");
      ins.run("c", "good", ACCOUNT, "/c/kms/xks/v1");
      db.close();
      const s = await openStore(path);
      try {
        expect((await s.keyStores.all()).map((k) => [k.name, k.blocked])).toEqual([["empty", true], ["short", true], ["good", false]]);
        await expect(s.sql.run(`UPDATE key_stores SET kms = '' WHERE id = 'c'`)).rejects.toThrow(/12-digit/);
        await expect(s.keyStores.update("a", { kms: "999" })).rejects.toThrow(/12-digit/);
        expect(await s.keyStores.update("a", { kms: "999988887777", blocked: false })).toMatchObject({ kms: "999988887777", blocked: false });
      } finally {
        await s.close();
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
