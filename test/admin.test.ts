import * as grpc from "@grpc/grpc-js";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startAdminServer, type AdminServer } from "../src/admin/index.js";
import { loadAdminProto, type ServiceName } from "../src/admin/proto.js";
import type { HsmKeyAdmin } from "../src/crypto/backend.js";
import { createSealer, type Sealer } from "../src/crypto/local/sealer.js";
import { AuditSink } from "../src/obs/audit.js";
import { openStore, readSnapshot, type Store } from "../src/store/index.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAdmin } from "../src/cli/admin.js";

// ---------- harness: a real admin server on loopback over a real SQLite file ----------

const TOKEN = "test-admin-token-0123456789";

interface Harness {
  dir: string;
  dbPath: string;
  store: Store;
  sealer: Sealer;
  audit: AuditSink;
  server: AdminServer;
  address: string;
  changes: { n: number };
  health: string[];
  call<T = Record<string, unknown>>(service: ServiceName, method: string, req: object, token?: string | null): Promise<T>;
  stop(): Promise<void>;
}

/** A real admin server on loopback over a real SQLite file. */
async function startHarness(opts: { hsm?: HsmKeyAdmin | null; partitions?: string[] } = {}): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), "xks-admin-"));
  const dbPath = join(dir, "xks.db");
  const store = openStore(dbPath);
  const sealer = createSealer(randomBytes(32));
  const audit = new AuditSink(store, { flushIntervalMs: 50 });
  const changes = { n: 0 };
  const health: string[] = [];
  const server = await startAdminServer({
    store,
    sealer,
    hsm: opts.hsm ?? null,
    partitions: opts.partitions ?? [],
    onChange: () => {
      changes.n++;
    },
    healthCheck: async (id) => {
      health.push(id);
      return { healthStatus: "ACTIVE", keyStoreId: id };
    },
    audit,
    host: "127.0.0.1",
    port: 0,
    tokens: [TOKEN, "second-token"],
  });
  const address = `127.0.0.1:${server.port}`;
  const client = new grpc.Client(address, grpc.credentials.createInsecure());
  const proto = loadAdminProto();
  return {
    dir,
    dbPath,
    store,
    sealer,
    audit,
    server,
    address,
    changes,
    health,
    call<T>(service: ServiceName, method: string, req: object, token: string | null = TOKEN): Promise<T> {
      const def = proto.services[service].service[method];
      if (!def) throw new Error(`no ${service}.${method}`);
      const md = new grpc.Metadata();
      if (token !== null) md.set("authorization", `Bearer ${token}`);
      return new Promise<T>((resolve, reject) =>
        client.makeUnaryRequest(def.path, def.requestSerialize, def.responseDeserialize, req, md, { deadline: Date.now() + 10_000 }, (err, res) =>
          err ? reject(err) : resolve(res as T),
        ),
      );
    },
    async stop() {
      client.close();
      await server.close();
      await audit.close();
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Expects a gRPC failure with this status; returns its message. */
async function grpcError(p: Promise<unknown>, code: grpc.status): Promise<string> {
  try {
    await p;
  } catch (e) {
    const err = e as grpc.ServiceError;
    if (err.code !== code) throw new Error(`expected ${grpc.status[code]}, got ${grpc.status[err.code]}: ${err.details}`);
    return err.details;
  }
  throw new Error(`expected ${grpc.status[code]}, call succeeded`);
}

// ---------- tests ----------

type Obj = Record<string, any>;
let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.stop();
});

const createStore = (name: string, extra: Obj = {}) => h.call<Obj>("KeyStoreService", "Create", { name, region: "us-east-1", kms: "111122223333", ...extra });

describe("admin: authentication", () => {
  it("rejects calls without or with a wrong bearer token", async () => {
    await grpcError(h.call("KeyStoreService", "List", {}, null), grpc.status.UNAUTHENTICATED);
    await grpcError(h.call("KeyStoreService", "List", {}, "wrong"), grpc.status.UNAUTHENTICATED);
    await expect(h.call("KeyStoreService", "List", {}, "second-token")).resolves.toBeTruthy();
  });
});

describe("admin: key stores (stage 1)", () => {
  it("creates a local store with a generated health key and its first credential", async () => {
    const before = h.changes.n;
    const ks = await createStore("ks-one");
    expect(h.changes.n).toBe(before + 1);
    expect(ks.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(ks.createdAt).toBeTruthy();
    expect(ks.aws_param.xks_proxy_uri_path).toBe(`/keystores/${ks.id}/kms/xks/v1`);
    expect(ks.aws_param.custom_key_store_type).toBe("EXTERNAL_KEY_STORE");
    expect(ks.local_hosted_params.source_key_tier).toBe("local");
    expect(ks.local_hosted_params.max_credentials).toBe(10);
    expect(ks.local_hosted_params.rate_limit).toEqual({ requests_per_second: 1800, burst: 3600 });
    expect(ks.local_hosted_params.health_check_key_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(ks.credential_version).toBe(1);
    expect(ks.access_key_id).toMatch(/^[A-Z2-7]{20}$/);
    expect(ks.secret_access_key).toMatch(/^[A-Za-z0-9+/]{43,64}$/);
    expect(JSON.parse(ks.proxy_configuration)).toEqual({
      XksProxyUriPath: ks.aws_param.xks_proxy_uri_path,
      XksProxyAuthenticationCredential: { AccessKeyId: ks.access_key_id, RawSecretAccessKey: ks.secret_access_key },
    });
    // live in the data plane's view: the snapshot holds the store and its unsealed credential
    const snap = readSnapshot(h.store, h.sealer);
    expect(snap.keyStores.find((s) => s.id === ks.id)?.healthCheckKeyId).toBe(ks.local_hosted_params.health_check_key_id);
    expect(snap.credentials.find((c) => c.accessKeyId === ks.access_key_id)?.secretAccessKey).toBe(ks.secret_access_key);
  });

  it("validates create fields", async () => {
    expect(await grpcError(createStore(""), grpc.status.INVALID_ARGUMENT)).toMatch(/^name/);
    expect(await grpcError(h.call("KeyStoreService", "Create", { name: "x" }), grpc.status.INVALID_ARGUMENT)).toMatch(/^region/);
    expect(await grpcError(createStore("x", { aws_param: { xks_proxy_uri_path: "/foo/bar" } }), grpc.status.INVALID_ARGUMENT)).toMatch(/xks_proxy_uri_path.*kms\/xks\/v1/);
    expect(await grpcError(createStore("x", { aws_param: { xks_proxy_uri_path: "/a b/kms/xks/v1" } }), grpc.status.INVALID_ARGUMENT)).toMatch(/xks_proxy_uri_path/);
    expect(await grpcError(createStore("x", { aws_param: { xks_proxy_uri_path: `/${"a".repeat(120)}/kms/xks/v1` } }), grpc.status.INVALID_ARGUMENT)).toMatch(/128/);
    expect(await grpcError(createStore("x", { local_hosted_params: { max_credentials: 21 } }), grpc.status.INVALID_ARGUMENT)).toMatch(/max_credentials/);
    expect(await grpcError(createStore("x", { local_hosted_params: { max_credentials: 1 } }), grpc.status.INVALID_ARGUMENT)).toMatch(/max_credentials/);
    expect(await grpcError(createStore("x", { local_hosted_params: { source_key_tier: "cloud" } }), grpc.status.INVALID_ARGUMENT)).toMatch(/source_key_tier/);
    expect(await grpcError(createStore("x", { local_hosted_params: { source_key_tier: "luna-hsm" } }), grpc.status.INVALID_ARGUMENT)).toMatch(/partition_id.*required/);
    expect(await grpcError(createStore("x", { local_hosted_params: { source_key_tier: "local", partition_id: "p1" } }), grpc.status.INVALID_ARGUMENT)).toMatch(/partition_id/);
    expect(await grpcError(createStore("x", { aws_param: { xks_proxy_connectivity: "VPC_ENDPOINT_SERVICE" } }), grpc.status.INVALID_ARGUMENT)).toMatch(/vpc_endpoint_service_name/);
    expect(await grpcError(createStore("x", { local_hosted_params: { health_check_key_id: "00000000-0000-4000-8000-000000000000" } }), grpc.status.NOT_FOUND)).toMatch(/health_check_key_id/);
  });

  it("refuses luna-hsm stores when no PKCS#11 partition is configured", async () => {
    const msg = await grpcError(createStore("luna", { local_hosted_params: { partition_id: "p1" } }), grpc.status.FAILED_PRECONDITION);
    expect(msg).toMatch(/no PKCS#11 partitions are configured/);
  });

  it("refuses duplicate names and uri paths", async () => {
    await createStore("dup", { aws_param: { xks_proxy_uri_path: "/custom/dup/kms/xks/v1" } });
    expect(await grpcError(createStore("dup"), grpc.status.ALREADY_EXISTS)).toMatch(/dup/);
    expect(await grpcError(createStore("dup2", { aws_param: { xks_proxy_uri_path: "/custom/dup/kms/xks/v1" } }), grpc.status.ALREADY_EXISTS)).toMatch(/xks_proxy_uri_path/);
  });

  it("gets and lists", async () => {
    const ks = await createStore("ks-get");
    const got = await h.call<Obj>("KeyStoreService", "Get", { id: ks.id });
    expect(got.name).toBe("ks-get");
    expect(got.secret_access_key).toBe("");
    await grpcError(h.call("KeyStoreService", "Get", { id: "00000000-0000-4000-8000-000000000000" }), grpc.status.NOT_FOUND);
    await grpcError(h.call("KeyStoreService", "Get", {}), grpc.status.INVALID_ARGUMENT);
    const list = await h.call<Obj>("KeyStoreService", "List", { name: "ks-get" });
    expect(list).toMatchObject({ skip: 0, limit: 10, total: 1 });
    expect(list.resources[0].id).toBe(ks.id);
    await grpcError(h.call("KeyStoreService", "List", { sort: "nope" }), grpc.status.INVALID_ARGUMENT);
  });
});

describe("admin: credentials, keys and HYOK keys (stage 1)", () => {
  it("creates credentials up to max_credentials and never lists secrets", async () => {
    const ks = await createStore("creds", { local_hosted_params: { max_credentials: 2 } });
    const c = await h.call<Obj>("CredentialService", "Create", { custom_key_store_id: ks.id });
    expect(c.version).toBe(2);
    expect(c.access_key_id).toMatch(/^[A-Z2-7]{20}$/);
    expect(c.secret_access_key.length).toBeGreaterThanOrEqual(43);
    expect(JSON.parse(c.proxy_configuration).XksProxyAuthenticationCredential.RawSecretAccessKey).toBe(c.secret_access_key);
    expect(await grpcError(h.call("CredentialService", "Create", { custom_key_store_id: ks.id }), grpc.status.FAILED_PRECONDITION)).toMatch(/max_credentials/);
    await grpcError(h.call("CredentialService", "Create", { custom_key_store_id: "00000000-0000-4000-8000-000000000000" }), grpc.status.NOT_FOUND);
    await grpcError(h.call("CredentialService", "Create", {}), grpc.status.INVALID_ARGUMENT);
    const list = await h.call<Obj>("CredentialService", "List", { custom_key_store_id: ks.id });
    expect(list.total).toBe(2);
    for (const r of list.resources) {
      expect(r.secret_access_key).toBe("");
      expect(r.proxy_configuration).toBe("");
    }
    expect(JSON.stringify(list)).not.toContain(c.secret_access_key);
  });

  it("creates local source keys, refuses luna keys without an HSM, and builds virtual and HYOK keys", async () => {
    const sk = await h.call<Obj>("SourceKeyService", "Create", { label: "app-key" });
    expect(sk).toMatchObject({ source_key_tier: "local", key_spec: "AES_256", encrypt: true, decrypt: true, registered: true, name: "app-key" });
    const encOnly = await h.call<Obj>("SourceKeyService", "Create", { encrypt: true });
    expect(encOnly).toMatchObject({ encrypt: true, decrypt: false });
    expect(await grpcError(h.call("SourceKeyService", "Create", { source_key_tier: "luna-hsm", partition_id: "p1" }), grpc.status.FAILED_PRECONDITION)).toMatch(/PKCS#11/);
    expect(await grpcError(h.call("SourceKeyService", "Register", { partition_id: "p1", label: "x" }), grpc.status.FAILED_PRECONDITION)).toMatch(/PKCS#11/);
    await grpcError(h.call("SourceKeyService", "Create", { encrypt: false, decrypt: false }), grpc.status.INVALID_ARGUMENT);

    const vk = await h.call<Obj>("VirtualKeyService", "Create", { source_key_id: sk.id });
    expect(vk).toMatchObject({ version: 1, source_key_id: sk.id, source_key_tier: "local", deletable: false });
    await grpcError(h.call("VirtualKeyService", "Create", { source_key_id: "00000000-0000-4000-8000-000000000000" }), grpc.status.NOT_FOUND);
    await grpcError(h.call("VirtualKeyService", "Create", {}), grpc.status.INVALID_ARGUMENT);

    const r1 = await h.call<Obj>("VirtualKeyService", "Rotate", { id: vk.id });
    expect(r1.version).toBe(2);
    expect(r1.source_key_id).not.toBe(sk.id);
    const r2 = await h.call<Obj>("VirtualKeyService", "Rotate", { id: vk.id, source_key_id: sk.id });
    expect(r2).toMatchObject({ version: 3, source_key_id: sk.id });
    await grpcError(h.call("VirtualKeyService", "Rotate", { id: "00000000-0000-4000-8000-000000000000" }), grpc.status.NOT_FOUND);

    const ks = await createStore("hyok-store");
    const before = h.changes.n;
    const hk = await h.call<Obj>("HyokKeyService", "Create", { local_hosted_params: { custom_key_store_id: ks.id, source_key_id: vk.id } });
    expect(h.changes.n).toBe(before + 1);
    expect(hk).toMatchObject({ custom_key_store_id: ks.id, blocked: false, linked_state: false, kms: "111122223333", region: "us-east-1", key_source: "local" });
    expect(hk.local_hosted_params.virtual_key_id).toBe(vk.id);
    expect(hk.aws_param.XksKeyConfiguration.Id).toBe(hk.id);
    // a source key id is accepted too: a virtual key is made for it
    const hk2 = await h.call<Obj>("HyokKeyService", "Create", { local_hosted_params: { custom_key_store_id: ks.id, source_key_id: encOnly.id, blocked: true } });
    expect(hk2.blocked).toBe(true);
    expect(hk2.local_hosted_params.virtual_key_id).not.toBe(encOnly.id);
    await grpcError(h.call("HyokKeyService", "Create", { local_hosted_params: { custom_key_store_id: ks.id } }), grpc.status.INVALID_ARGUMENT);
    await grpcError(h.call("HyokKeyService", "Create", {}), grpc.status.INVALID_ARGUMENT);
    await grpcError(h.call("HyokKeyService", "Create", { local_hosted_params: { custom_key_store_id: ks.id, source_key_id: "00000000-0000-4000-8000-000000000000" } }), grpc.status.NOT_FOUND);
    await grpcError(h.call("HyokKeyService", "Create", { local_hosted_params: { custom_key_store_id: "00000000-0000-4000-8000-000000000000", source_key_id: vk.id } }), grpc.status.NOT_FOUND);

    const snap = h.store.hyokKeys.get(hk.id);
    expect(snap.virtualKeyId).toBe(vk.id);
  });
});

describe("admin CLI", () => {
  const run = async (...argv: string[]) => {
    let out = "";
    let err = "";
    const code = await runAdmin([...argv.slice(0, 2), "--address", h.address, ...argv.slice(2)], { out: (t) => (out += t), err: (t) => (err += t) });
    return { code, out, err };
  };

  it("creates a store and a credential and lists them", async () => {
    process.env["XKS_ADMIN_TOKEN"] = TOKEN;
    const c1 = await run("keystore", "create", "--name", "cli-store", "--region", "eu-west-1", "--max-credentials", "4");
    expect(c1.err).toBe("");
    expect(c1.code).toBe(0);
    const ks = JSON.parse(c1.out);
    expect(ks.name).toBe("cli-store");
    expect(ks.local_hosted_params.max_credentials).toBe(4);
    const c2 = await run("credential", "create", "--custom-key-store-id", ks.id);
    expect(c2.code).toBe(0);
    const cred = JSON.parse(c2.out);
    expect(cred.version).toBe(2);
    const c3 = await run("credential", "list", "--custom-key-store-id", ks.id);
    expect(JSON.parse(c3.out).total).toBe(2);
    const c4 = await run("keystore", "list", "--name", "cli-store", "--output", "table");
    expect(c4.code).toBe(0);
    expect(c4.out).toMatch(/^ID\s+NAME\s+REGION/);
    expect(c4.out).toContain("cli-store");
    expect(c4.out).toContain("(1 of 1, skip 0)");
  });

  it("reports gRPC errors with a non-zero exit code, and usage errors with 2", async () => {
    process.env["XKS_ADMIN_TOKEN"] = TOKEN;
    const e1 = await run("keystore", "get", "--id", "00000000-0000-4000-8000-000000000000");
    expect(e1.code).toBe(1);
    expect(e1.err).toMatch(/NOT_FOUND: key store/);
    process.env["XKS_ADMIN_TOKEN"] = "bad";
    const e2 = await run("keystore", "list");
    expect(e2.code).toBe(1);
    expect(e2.err).toMatch(/UNAUTHENTICATED/);
    process.env["XKS_ADMIN_TOKEN"] = TOKEN;
    expect((await run("keystore", "create", "--region", "x")).code).toBe(2);
    expect((await run("keystore", "list", "--bogus", "1")).code).toBe(2);
    expect((await runAdmin(["nothing"], { out: () => {}, err: () => {} }))).toBe(2);
  });

  it("prints --help for every noun and verb", async () => {
    const { NOUNS } = await import("../src/cli/admin-spec.js");
    for (const [noun, spec] of Object.entries(NOUNS)) {
      let out = "";
      expect(await runAdmin([noun, "--help"], { out: (t) => (out += t), err: () => {} })).toBe(0);
      expect(out).toContain(`xks-proxy admin ${noun}`);
      for (const verb of Object.keys(spec.verbs)) {
        let vout = "";
        expect(await runAdmin([noun, verb, "--help"], { out: (t) => (vout += t), err: () => {} })).toBe(0);
        expect(vout).toContain(`xks-proxy admin ${noun} ${verb}`);
        for (const f of spec.verbs[verb]!.flags) expect(vout).toContain(`--${f.flag}`);
      }
    }
  });
});
