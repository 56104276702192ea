import * as grpc from "@grpc/grpc-js";
import { randomBytes } from "node:crypto";
import { startAdminServer, type AdminServer } from "../src/admin/index.js";
import { loadAdminProto, type ServiceName } from "../src/admin/proto.js";
import type { HsmKeyAdmin } from "../src/crypto/backend.js";
import { createSealer, type Sealer } from "../src/crypto/local/sealer.js";
import { AuditSink } from "../src/obs/audit.js";
import { readSnapshot, type Store } from "../src/store/index.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAdmin } from "../src/cli/admin.js";
import * as protoLoader from "@grpc/proto-loader";
import { protoPath as healthProtoPath } from "grpc-health-check";
import { createRequire } from "node:module";
import { STORE_ENGINES, storeTarget, useStoreEngines, type StoreEngine, type StoreTarget } from "./helpers/store-engines.js";

const reflectionProtoPath = createRequire(import.meta.url).resolve("@grpc/reflection/build/proto/grpc/reflection/v1/reflection.proto");

// ---------- harness: a real admin server on loopback over a real SQLite file or PostgreSQL database ----------

const TOKEN = "test-admin-token-0123456789";

interface Harness {
  target: StoreTarget;
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

/** A real admin server on loopback over a real store on `engine`. */
async function startHarness(engine: StoreEngine, opts: { hsm?: HsmKeyAdmin | null; partitions?: string[] } = {}): Promise<Harness> {
  const target = await storeTarget(engine);
  const store = await target.open();
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
  const harness: Harness = {
    target,
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
      // the restart test hands the harness a new store
      await harness.store.close();
      await target.dispose();
    },
  };
  return harness;
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

// responses are read loosely: each test checks the fields it cares about
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = Record<string, any>;
useStoreEngines();

describe.each(STORE_ENGINES)("admin on %s", (engine) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(engine);
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
      const snap = await readSnapshot(h.store, h.sealer);
      expect(snap.keyStores.find((s) => s.id === ks.id)?.healthCheckKeyId).toBe(ks.local_hosted_params.health_check_key_id);
      expect(snap.credentials.find((c) => c.accessKeyId === ks.access_key_id)?.secretAccessKey).toBe(ks.secret_access_key);
    });

    it("validates create fields", async () => {
      expect(await grpcError(createStore(""), grpc.status.INVALID_ARGUMENT)).toMatch(/^name/);
      expect(await grpcError(h.call("KeyStoreService", "Create", { name: "x", kms: "111122223333" }), grpc.status.INVALID_ARGUMENT)).toMatch(/^region/);
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
      // a key with no usage is allowed (it answers InvalidKeyUsageException in the data plane)
      expect(await h.call<Obj>("SourceKeyService", "Create", { encrypt: false, decrypt: false })).toMatchObject({ encrypt: false, decrypt: false });

      const vk = await h.call<Obj>("VirtualKeyService", "Create", { source_key_id: sk.id });
      expect(vk).toMatchObject({ version: 1, source_key_id: sk.id, source_key_tier: "local", deletable: false });
      await grpcError(h.call("VirtualKeyService", "Create", { source_key_id: "00000000-0000-4000-8000-000000000000" }), grpc.status.NOT_FOUND);
      await grpcError(h.call("VirtualKeyService", "Create", {}), grpc.status.INVALID_ARGUMENT);

      const r1 = await h.call<Obj>("VirtualKeyService", "Rotate", { id: vk.id });
      expect(r1.version).toBe(2);
      expect(r1.source_key_id).not.toBe(sk.id);
      const r2 = await h.call<Obj>("VirtualKeyService", "Rotate", { id: vk.id, source_key_id: sk.id });
      expect(r2).toMatchObject({ version: 3, source_key_id: sk.id });
      // a new version never drops a usage the current one has (its ciphertexts would stop decrypting)
      expect(await grpcError(h.call("VirtualKeyService", "Rotate", { id: vk.id, source_key_id: encOnly.id }), grpc.status.FAILED_PRECONDITION)).toMatch(
        new RegExp(`source key ${encOnly.id} does not allow decrypt, which virtual key ${vk.id}'s current source key ${sk.id} allows`),
      );
      expect((await h.call<Obj>("VirtualKeyService", "Get", { id: vk.id })).version).toBe(3);
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

      const snap = await h.store.hyokKeys.get(hk.id);
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
      const c1 = await run("keystore", "create", "--name", "cli-store", "--kms", "111122223333", "--region", "eu-west-1", "--max-credentials", "4");
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
      const { adminSchema } = await import("../src/cli/admin-schema.js");
      for (const [noun, spec] of adminSchema().nouns) {
        let out = "";
        expect(await runAdmin([noun, "--help"], { out: (t) => (out += t), err: () => {} })).toBe(0);
        expect(out).toContain(`xks-proxy admin ${noun}`);
        for (const [verb, verbSpec] of spec.verbs) {
          let vout = "";
          expect(await runAdmin([noun, verb, "--help"], { out: (t) => (vout += t), err: () => {} })).toBe(0);
          expect(vout).toContain(`xks-proxy admin ${noun} ${verb}`);
          for (const f of verbSpec.flags) expect(vout).toContain(`--${f.name}`);
        }
      }
    });
  });

  // ---------- stage 2: the complete admin plane ----------

  const NO_SUCH = "00000000-0000-4000-8000-000000000000";

  describe("admin: key store update, block, delete, health", () => {
    it("updates the seed's editable fields", async () => {
      const ks = await createStore("upd");
      const sk = await h.call<Obj>("SourceKeyService", "Create", { label: "hc2" });
      const before = h.changes.n;
      const u = await h.call<Obj>("KeyStoreService", "Update", {
        id: ks.id,
        name: "upd-renamed",
        enable_success_audit_event: true,
        local_hosted_params: { health_check_key_id: sk.id, max_credentials: 5, mtls_enabled: false, rate_limit: { requests_per_second: 10, burst: 20 } },
        aws_param: { xks_proxy_uri_path: "/renamed/kms/xks/v1", xks_proxy_uri_endpoint: "https://xks.example.com", xks_proxy_connectivity: "VPC_ENDPOINT_SERVICE", xks_proxy_vpc_endpoint_service_name: "com.amazonaws.vpce.us-east-1.vpce-svc-1" },
      });
      expect(h.changes.n).toBe(before + 1);
      expect(u).toMatchObject({ name: "upd-renamed", enable_success_audit_event: true });
      expect(u.local_hosted_params).toMatchObject({ health_check_key_id: sk.id, max_credentials: 5, mtls_enabled: false, rate_limit: { requests_per_second: 10, burst: 20 } });
      expect(u.aws_param).toMatchObject({ xks_proxy_uri_path: "/renamed/kms/xks/v1", xks_proxy_connectivity: "VPC_ENDPOINT_SERVICE" });
      expect(u.updatedAt >= u.createdAt).toBe(true);
      const snap = (await readSnapshot(h.store, h.sealer)).keyStores.find((s) => s.id === ks.id)!;
      expect(snap).toMatchObject({ name: "upd-renamed", uriPath: "/renamed/kms/xks/v1", rateLimit: { rps: 10, burst: 20 }, enableSuccessAuditEvent: true, healthCheckKeyId: sk.id });
      // fields not given stay as they are
      const u2 = await h.call<Obj>("KeyStoreService", "Update", { id: ks.id, enable_success_audit_event: false });
      expect(u2).toMatchObject({ name: "upd-renamed", enable_success_audit_event: false });
      expect(u2.local_hosted_params.max_credentials).toBe(5);
      // this server's data plane verifies no client certificates: mtls_enabled is refused, never silently ignored
      const noClientAuth = /does not verify client certificates; configure xks\.tls\.clientAuth/;
      expect(await grpcError(h.call("KeyStoreService", "Update", { id: ks.id, local_hosted_params: { mtls_enabled: true } }), grpc.status.FAILED_PRECONDITION)).toMatch(noClientAuth);
      expect(await grpcError(h.call("KeyStoreService", "Create", { name: "mtls", kms: "111122223333", region: "us-east-1", local_hosted_params: { mtls_enabled: true } }), grpc.status.FAILED_PRECONDITION)).toMatch(noClientAuth);
    });

    it("refuses invalid updates", async () => {
      const ks = await createStore("upd-bad");
      await createStore("upd-taken");
      const encOnly = await h.call<Obj>("SourceKeyService", "Create", { encrypt: true });
      await grpcError(h.call("KeyStoreService", "Update", { id: NO_SUCH, name: "x" }), grpc.status.NOT_FOUND);
      await grpcError(h.call("KeyStoreService", "Update", { name: "x" }), grpc.status.INVALID_ARGUMENT);
      expect(await grpcError(h.call("KeyStoreService", "Update", { id: ks.id, name: "upd-taken" }), grpc.status.ALREADY_EXISTS)).toMatch(/upd-taken/);
      expect(await grpcError(h.call("KeyStoreService", "Update", { id: ks.id, name: "" }), grpc.status.INVALID_ARGUMENT)).toMatch(/^name/);
      expect(await grpcError(h.call("KeyStoreService", "Update", { id: ks.id, aws_param: { xks_proxy_uri_path: "nope" } }), grpc.status.INVALID_ARGUMENT)).toMatch(/xks_proxy_uri_path/);
      expect(await grpcError(h.call("KeyStoreService", "Update", { id: ks.id, aws_param: { xks_proxy_connectivity: "VPC_ENDPOINT_SERVICE" } }), grpc.status.INVALID_ARGUMENT)).toMatch(/vpc_endpoint_service_name/);
      expect(await grpcError(h.call("KeyStoreService", "Update", { id: ks.id, local_hosted_params: { max_credentials: 30 } }), grpc.status.INVALID_ARGUMENT)).toMatch(/max_credentials/);
      expect(await grpcError(h.call("KeyStoreService", "Update", { id: ks.id, local_hosted_params: { health_check_key_id: encOnly.id } }), grpc.status.FAILED_PRECONDITION)).toMatch(/encrypt and decrypt/);
      expect(await grpcError(h.call("KeyStoreService", "Update", { id: ks.id, local_hosted_params: { health_check_key_id: NO_SUCH } }), grpc.status.NOT_FOUND)).toMatch(/health_check_key_id/);
      expect(await grpcError(h.call("KeyStoreService", "Update", { id: ks.id, aws_param: { xks_proxy_uri_endpoint: "http://x" } }), grpc.status.INVALID_ARGUMENT)).toMatch(/xks_proxy_uri_endpoint/);
      // lowering max_credentials below the credentials held is refused
      await h.call("CredentialService", "Create", { custom_key_store_id: ks.id });
      await h.call("CredentialService", "Create", { custom_key_store_id: ks.id });
      expect(await grpcError(h.call("KeyStoreService", "Update", { id: ks.id, local_hosted_params: { max_credentials: 2 } }), grpc.status.FAILED_PRECONDITION)).toMatch(/delete some/);
    });

    it("blocks and unblocks live, and runs health checks on demand", async () => {
      const ks = await createStore("blk");
      const b = await h.call<Obj>("KeyStoreService", "Block", { id: ks.id });
      expect(b.local_hosted_params.blocked).toBe(true);
      expect((await readSnapshot(h.store, h.sealer)).keyStores.find((s) => s.id === ks.id)!.blocked).toBe(true);
      const ub = await h.call<Obj>("KeyStoreService", "Unblock", { id: ks.id });
      expect(ub.local_hosted_params.blocked).toBe(false);
      expect((await readSnapshot(h.store, h.sealer)).keyStores.find((s) => s.id === ks.id)!.blocked).toBe(false);
      await grpcError(h.call("KeyStoreService", "Block", { id: NO_SUCH }), grpc.status.NOT_FOUND);
      await grpcError(h.call("KeyStoreService", "Unblock", {}), grpc.status.INVALID_ARGUMENT);
      const hc = await h.call<Obj>("KeyStoreService", "HealthCheck", { id: ks.id });
      expect(JSON.parse(hc.result)).toEqual({ healthStatus: "ACTIVE", keyStoreId: ks.id });
      expect(h.health).toContain(ks.id);
      await grpcError(h.call("KeyStoreService", "HealthCheck", { id: NO_SUCH }), grpc.status.NOT_FOUND);
    });

    it("deletes a store only once its HYOK keys are gone", async () => {
      const ks = await createStore("del");
      const vk = await h.call<Obj>("VirtualKeyService", "Create", { source_key_id: ks.local_hosted_params.health_check_key_id });
      const hk = await h.call<Obj>("HyokKeyService", "Create", { local_hosted_params: { custom_key_store_id: ks.id, virtual_key_id: vk.id } });
      expect(await grpcError(h.call("KeyStoreService", "Delete", { id: ks.id }), grpc.status.FAILED_PRECONDITION)).toMatch(/HYOK key/);
      await h.call("HyokKeyService", "Delete", { id: hk.id });
      await h.call("KeyStoreService", "Delete", { id: ks.id });
      await grpcError(h.call("KeyStoreService", "Get", { id: ks.id }), grpc.status.NOT_FOUND);
      await grpcError(h.call("KeyStoreService", "Delete", { id: ks.id }), grpc.status.NOT_FOUND);
      expect((await readSnapshot(h.store, h.sealer)).credentials.some((c) => c.keyStoreId === ks.id)).toBe(false);
    });
  });

  describe("admin: credentials get, delete, rotate", () => {
    it("rotates (adding a credential), gets, filters and deletes", async () => {
      const ks = await createStore("rot", { local_hosted_params: { max_credentials: 3 } });
      const list0 = await h.call<Obj>("CredentialService", "List", { custom_key_store_id: ks.id });
      const first = list0.resources[0];
      const r = await h.call<Obj>("CredentialService", "Rotate", { custom_key_store_id: ks.id });
      expect(r.credential.version).toBe(2);
      expect(r.credential.secret_access_key.length).toBeGreaterThanOrEqual(43);
      expect(JSON.parse(r.credential.proxy_configuration).XksProxyAuthenticationCredential.AccessKeyId).toBe(r.credential.access_key_id);
      expect(r).toMatchObject({ credential_count: 2, oldest_credentials_id: first.id });
      expect(r.custom_key_store.credential_version).toBe(2);
      const r2 = await h.call<Obj>("CredentialService", "Rotate", { custom_key_store_id: ks.id });
      expect(r2.credential.version).toBe(3);
      expect(await grpcError(h.call("CredentialService", "Rotate", { custom_key_store_id: ks.id }), grpc.status.FAILED_PRECONDITION)).toMatch(/max_credentials/);
      // every credential stays valid until deleted
      const snapCreds = (await readSnapshot(h.store, h.sealer)).credentials.filter((c) => c.keyStoreId === ks.id);
      expect(snapCreds.map((c) => c.accessKeyId).sort()).toEqual([first.access_key_id, r.credential.access_key_id, r2.credential.access_key_id].sort());

      const got = await h.call<Obj>("CredentialService", "Get", { custom_key_store_id: ks.id, id: r.credential.id });
      expect(got).toMatchObject({ id: r.credential.id, version: 2, secret_access_key: "", proxy_configuration: "" });
      await grpcError(h.call("CredentialService", "Get", { custom_key_store_id: ks.id, id: NO_SUCH }), grpc.status.NOT_FOUND);
      await grpcError(h.call("CredentialService", "Get", { custom_key_store_id: NO_SUCH, id: r.credential.id }), grpc.status.NOT_FOUND);
      const byKey = await h.call<Obj>("CredentialService", "List", { custom_key_store_id: ks.id, access_key_id: r2.credential.access_key_id });
      expect(byKey.total).toBe(1);
      const sorted = await h.call<Obj>("CredentialService", "List", { custom_key_store_id: ks.id, sort: "-version", limit: 2 });
      expect(sorted.resources.map((c: Obj) => c.version)).toEqual([3, 2]);
      expect(sorted).toMatchObject({ total: 3, limit: 2 });

      await h.call("CredentialService", "Delete", { custom_key_store_id: ks.id, id: first.id });
      expect((await readSnapshot(h.store, h.sealer)).credentials.some((c) => c.id === first.id)).toBe(false);
      await grpcError(h.call("CredentialService", "Delete", { custom_key_store_id: ks.id, id: first.id }), grpc.status.NOT_FOUND);
      // room again: versions keep counting up
      const c4 = await h.call<Obj>("CredentialService", "Create", { custom_key_store_id: ks.id });
      expect(c4.version).toBe(4);
    });
  });

  describe("admin: source keys, virtual keys, HYOK keys", () => {
    it("lists and gets source keys with the virtual keys using them", async () => {
      const sk = await h.call<Obj>("SourceKeyService", "Create", { label: "listed-key" });
      const vk = await h.call<Obj>("VirtualKeyService", "Create", { source_key_id: sk.id });
      const got = await h.call<Obj>("SourceKeyService", "Get", { id: sk.id });
      expect(got.virtual_key_ids).toEqual([vk.id]);
      const list = await h.call<Obj>("SourceKeyService", "List", { source_key_tier: "local", label: "" , sort: "-createdAt", limit: 1 });
      expect(list.resources[0].id).toBe(sk.id);
      expect(list.total).toBeGreaterThan(1);
      await grpcError(h.call("SourceKeyService", "Get", { id: NO_SUCH }), grpc.status.NOT_FOUND);
      await grpcError(h.call("SourceKeyService", "List", { source_key_tier: "cloud" }), grpc.status.INVALID_ARGUMENT);
      // without an HSM a partition lists what is registered there (nothing here)
      const part = await h.call<Obj>("SourceKeyService", "List", { partition_id: "p1" });
      expect(part.total).toBe(0);
    });

    it("lists, gets, updates, versions and deletes virtual keys", async () => {
      const sk = await h.call<Obj>("SourceKeyService", "Create", {});
      const vk = await h.call<Obj>("VirtualKeyService", "Create", { source_key_id: sk.id });
      await h.call("VirtualKeyService", "Rotate", { id: vk.id });
      const got = await h.call<Obj>("VirtualKeyService", "Get", { id: vk.id });
      expect(got.version).toBe(2);
      const bySource = await h.call<Obj>("VirtualKeyService", "List", { source_key_id: sk.id });
      expect(bySource.resources.map((k: Obj) => k.id)).toEqual([vk.id]);
      const versions = await h.call<Obj>("VirtualKeyService", "ListVersions", { id: vk.id, sort: "-version" });
      expect(versions.resources.map((v: Obj) => v.version)).toEqual([2, 1]);
      expect(versions.resources[1].source_key_id).toBe(sk.id);
      const v1only = await h.call<Obj>("VirtualKeyService", "ListVersions", { id: vk.id, source_key_id: sk.id });
      expect(v1only.total).toBe(1);
      await grpcError(h.call("VirtualKeyService", "ListVersions", { id: NO_SUCH }), grpc.status.NOT_FOUND);
      await grpcError(h.call("VirtualKeyService", "Get", { id: NO_SUCH }), grpc.status.NOT_FOUND);

      expect(await grpcError(h.call("VirtualKeyService", "Delete", { id: vk.id }), grpc.status.FAILED_PRECONDITION)).toMatch(/not deletable/);
      await grpcError(h.call("VirtualKeyService", "Update", { id: vk.id }), grpc.status.INVALID_ARGUMENT);
      await grpcError(h.call("VirtualKeyService", "Update", { id: NO_SUCH, deletable: true }), grpc.status.NOT_FOUND);
      const u = await h.call<Obj>("VirtualKeyService", "Update", { id: vk.id, deletable: true });
      expect(u.deletable).toBe(true);
      const ks = await createStore("vk-user");
      const hk = await h.call<Obj>("HyokKeyService", "Create", { local_hosted_params: { custom_key_store_id: ks.id, virtual_key_id: vk.id } });
      expect(await grpcError(h.call("VirtualKeyService", "Delete", { id: vk.id }), grpc.status.FAILED_PRECONDITION)).toMatch(/HYOK/);
      await h.call("HyokKeyService", "Delete", { id: hk.id });
      await h.call("VirtualKeyService", "Delete", { id: vk.id });
      await grpcError(h.call("VirtualKeyService", "Get", { id: vk.id }), grpc.status.NOT_FOUND);
      expect((await readSnapshot(h.store, h.sealer)).virtualKeys.some((k) => k.id === vk.id)).toBe(false);
    });

    it("lists, gets, versions, blocks and deletes HYOK keys; policy parameters are exclusive", async () => {
      const ks = await createStore("hyok2");
      const vk = await h.call<Obj>("VirtualKeyService", "Create", { source_key_id: ks.local_hosted_params.health_check_key_id });
      const policy = JSON.stringify({ Version: "2012-10-17", Statement: [] });
      const hk = await h.call<Obj>("HyokKeyService", "Create", {
        local_hosted_params: { custom_key_store_id: ks.id, virtual_key_id: vk.id },
        aws_param: { Alias: "alias/app", Description: "d", Tags: [{ TagKey: "k", TagValue: "v" }], Policy: policy },
      });
      expect(hk.aws_param).toMatchObject({ Alias: "alias/app", Description: "d", Tags: [{ TagKey: "k", TagValue: "v" }] });
      expect(JSON.parse(hk.aws_param.Policy)).toEqual(JSON.parse(policy));
      const hk2 = await h.call<Obj>("HyokKeyService", "Create", { local_hosted_params: { custom_key_store_id: ks.id, virtual_key_id: vk.id }, key_users: ["alice"], key_admins: ["bob"] });
      expect(hk2).toMatchObject({ key_users: ["alice"], key_admins: ["bob"] });
      // a template named by name is kept by id
      const tpl = await h.call<Obj>("PolicyTemplateService", "Create", { name: "tpl-1", key_users: ["carol"] });
      const hk3 = await h.call<Obj>("HyokKeyService", "Create", { local_hosted_params: { custom_key_store_id: ks.id, virtual_key_id: vk.id }, policytemplate: "tpl-1" });
      expect(hk3.policytemplate).toBe(tpl.id);
      const base = { local_hosted_params: { custom_key_store_id: ks.id, virtual_key_id: vk.id } };
      expect(await grpcError(h.call("HyokKeyService", "Create", { ...base, aws_param: { Policy: policy }, key_users: ["a"] }), grpc.status.INVALID_ARGUMENT)).toMatch(/Policy.*mutually exclusive/);
      expect(await grpcError(h.call("HyokKeyService", "Create", { ...base, aws_param: { Policy: policy }, policytemplate: "t" }), grpc.status.INVALID_ARGUMENT)).toMatch(/mutually exclusive/);
      expect(await grpcError(h.call("HyokKeyService", "Create", { ...base, policytemplate: "t", external_accounts: ["1"] }), grpc.status.INVALID_ARGUMENT)).toMatch(/policytemplate/);
      expect(await grpcError(h.call("HyokKeyService", "Create", { ...base, aws_param: { Policy: "{not json" } }), grpc.status.INVALID_ARGUMENT)).toMatch(/Policy/);

      const list = await h.call<Obj>("HyokKeyService", "List", { custom_key_store_id: ks.id, sort: "createdAt" });
      expect(list.resources.map((k: Obj) => k.id)).toEqual([hk.id, hk2.id, hk3.id]);
      const got = await h.call<Obj>("HyokKeyService", "Get", { id: hk.id });
      expect(got.id).toBe(hk.id);
      await grpcError(h.call("HyokKeyService", "Get", { id: NO_SUCH }), grpc.status.NOT_FOUND);
      await h.call("VirtualKeyService", "Rotate", { id: vk.id });
      const versions = await h.call<Obj>("HyokKeyService", "ListVersions", { id: hk.id });
      expect(versions.resources.map((v: Obj) => v.version)).toEqual([1, 2]);
      await grpcError(h.call("HyokKeyService", "ListVersions", { id: NO_SUCH }), grpc.status.NOT_FOUND);

      const b = await h.call<Obj>("HyokKeyService", "Block", { id: hk.id });
      expect(b.blocked).toBe(true);
      expect((await readSnapshot(h.store, h.sealer)).hyokKeys.find((k) => k.id === hk.id)!.blocked).toBe(true);
      expect((await h.call<Obj>("HyokKeyService", "List", { custom_key_store_id: ks.id, blocked: true })).total).toBe(1);
      expect((await h.call<Obj>("HyokKeyService", "List", { custom_key_store_id: ks.id, blocked: false })).total).toBe(2);
      const ub = await h.call<Obj>("HyokKeyService", "Unblock", { id: hk.id });
      expect(ub.blocked).toBe(false);
      await grpcError(h.call("HyokKeyService", "Block", { id: NO_SUCH }), grpc.status.NOT_FOUND);
      await grpcError(h.call("HyokKeyService", "Unblock", { id: NO_SUCH }), grpc.status.NOT_FOUND);
      await h.call("HyokKeyService", "Delete", { id: hk3.id });
      await grpcError(h.call("HyokKeyService", "Delete", { id: hk3.id }), grpc.status.NOT_FOUND);
    });
  });

  describe("admin: filters, sort orders and paging over a few hundred records", () => {
    it("pages key stores and HYOK keys consistently with filters and multi-column sort", async () => {
      const regions = ["sa-east-1", "eu-central-1", "ap-south-1"];
      const made: Obj[] = [];
      for (let i = 0; i < 240; i++) {
        made.push(await createStore(`bulk-${String(i).padStart(3, "0")}`, { region: regions[i % 3], local_hosted_params: { blocked: i % 4 === 0 } }));
      }
      // every page of region=eu-central-1 sorted by blocked desc, then name asc
      const expected = made
        .filter((k) => k.region === "eu-central-1")
        .sort((a, b) => Number(b.local_hosted_params.blocked) - Number(a.local_hosted_params.blocked) || a.name.localeCompare(b.name))
        .map((k) => k.id);
      const seen: string[] = [];
      for (let skip = 0; ; skip += 7) {
        const p = await h.call<Obj>("KeyStoreService", "List", { region: "eu-central-1", name: "", sort: "-blocked,name", skip, limit: 7 });
        expect(p).toMatchObject({ skip, limit: 7, total: 80 });
        if (p.resources.length === 0) break;
        seen.push(...p.resources.map((k: Obj) => k.id));
      }
      expect(seen).toEqual(expected);
      const blocked = await h.call<Obj>("KeyStoreService", "List", { blocked: true, source_key_tier: "local", sort: "-name", limit: 1000 });
      expect(blocked.resources.filter((k: Obj) => k.name.startsWith("bulk-")).length).toBe(60);
      expect(blocked.resources.every((k: Obj) => k.local_hosted_params.blocked)).toBe(true);
      expect((await h.call<Obj>("KeyStoreService", "List", { type: "CLOUD_HSM" })).total).toBe(0);
      expect((await h.call<Obj>("KeyStoreService", "List", { custom_key_store_type: "EXTERNAL_KEY_STORE", region: "ap-south-1" })).total).toBeGreaterThanOrEqual(80);
      await grpcError(h.call("KeyStoreService", "List", { limit: 5000 }), grpc.status.INVALID_ARGUMENT);
      await grpcError(h.call("KeyStoreService", "List", { skip: -1 }), grpc.status.INVALID_ARGUMENT);

      const vk = await h.call<Obj>("VirtualKeyService", "Create", { source_key_id: made[0]!.local_hosted_params.health_check_key_id });
      for (let i = 0; i < 60; i++) {
        await h.call("HyokKeyService", "Create", { local_hosted_params: { custom_key_store_id: made[0]!.id, virtual_key_id: vk.id, blocked: i % 3 === 0 } });
      }
      const hp = await h.call<Obj>("HyokKeyService", "List", { custom_key_store_id: made[0]!.id, blocked: true, skip: 5, limit: 10, sort: "-createdAt" });
      expect(hp).toMatchObject({ total: 20, skip: 5, limit: 10 });
      expect(hp.resources).toHaveLength(10);
      const byVk = await h.call<Obj>("HyokKeyService", "List", { virtual_key_id: vk.id, region: "sa-east-1", kms: "111122223333" });
      expect(byVk.total).toBe(60);
    }, 120_000);
  });

  describe("admin: audit, health and reflection", () => {
    it("records admin changes with the caller's fingerprint, never tokens or secrets", async () => {
      const ks = await createStore("audited");
      await grpcError(createStore("audited"), grpc.status.ALREADY_EXISTS);
      const res = await h.call<Obj>("AuditService", "List", { kind: "admin", operation: "KeyStoreService.Create", sort: "-createdAt", limit: 2 });
      expect(res.resources[1]).toMatchObject({ outcome: "success", target_id: ks.id, key_store_id: ks.id });
      expect(res.resources[0]).toMatchObject({ outcome: "failure", error_name: "ALREADY_EXISTS" });
      expect(res.resources[0].actor).toMatch(/^token:sha256:[0-9a-f]{16}$/);
      const all = await h.call<Obj>("AuditService", "List", { limit: 1000 });
      const text = JSON.stringify(all);
      expect(text).not.toContain(TOKEN);
      expect(text).not.toContain(ks.secret_access_key);
      // reads are not audited; calls without a valid token are (refused before their message is read)
      await grpcError(h.call("KeyStoreService", "Block", { id: ks.id }, null), grpc.status.UNAUTHENTICATED);
      const unauth = await h.call<Obj>("AuditService", "List", { operation: "KeyStoreService.Block", outcome: "failure" });
      expect(unauth.resources.some((r: Obj) => r.actor === "unauthenticated" && r.error_name === "UNAUTHENTICATED")).toBe(true);
      expect((await h.call<Obj>("AuditService", "List", { operation: "KeyStoreService.Get" })).total).toBe(0);
      await grpcError(h.call("AuditService", "List", { since: "yesterday" }), grpc.status.INVALID_ARGUMENT);
      await grpcError(h.call("AuditService", "List", { kind: "other" }), grpc.status.INVALID_ARGUMENT);
      await grpcError(h.call("AuditService", "List", { outcome: "maybe" }), grpc.status.INVALID_ARGUMENT);
    });

    it("lists data-plane events with time windows and paging", async () => {
      for (let i = 0; i < 300; i++) {
        h.audit.record({ kind: "xks", operation: "Encrypt", keyStoreId: "ks-xks", keyId: "hk-1", kmsRequestId: `req-${i}`, outcome: i % 10 ? "success" : "failure", errorName: i % 10 ? undefined : "ThrottlingException", at: new Date(Date.UTC(2030, 0, 1, 0, 0, i)) });
      }
      const window = await h.call<Obj>("AuditService", "List", { key_store_id: "ks-xks", since: "2030-01-01T00:01:00Z", until: "2030-01-01T00:03:00Z", sort: "createdAt", limit: 50, skip: 100 });
      expect(window).toMatchObject({ total: 120, skip: 100, limit: 50 });
      expect(window.resources).toHaveLength(20);
      expect(window.resources[0].kms_request_id).toBe("req-160");
      const failures = await h.call<Obj>("AuditService", "List", { key_store_id: "ks-xks", kind: "xks", outcome: "failure", limit: 100 });
      expect(failures.total).toBe(30);
      expect(failures.resources[0]).toMatchObject({ error_name: "ThrottlingException", key_id: "hk-1", operation: "Encrypt" });
    });

    it("serves grpc.health.v1 and server reflection", async () => {
      const healthDef = protoLoader.loadSync(healthProtoPath, { keepCase: true, defaults: true, enums: String });
      const Health = grpc.loadPackageDefinition(healthDef)["grpc"] as unknown as { health: { v1: { Health: grpc.ServiceClientConstructor } } };
      const hc = new Health.health.v1.Health(h.address, grpc.credentials.createInsecure());
      const check = (service: string) =>
        new Promise<unknown>((resolve, reject) =>
          (hc as unknown as { Check(r: object, cb: (e: Error | null, r: unknown) => void): void }).Check({ service }, (e, r) => (e ? reject(e) : resolve(r))),
        );
      expect(await check("")).toEqual({ status: "SERVING" });
      expect(await check("xks.admin.v1.KeyStoreService")).toEqual({ status: "SERVING" });
      hc.close();

      const reflDef = protoLoader.loadSync(reflectionProtoPath, { keepCase: true, defaults: true, oneofs: true });
      const Refl = grpc.loadPackageDefinition(reflDef)["grpc"] as unknown as { reflection: { v1: { ServerReflection: grpc.ServiceClientConstructor } } };
      const rc = new Refl.reflection.v1.ServerReflection(h.address, grpc.credentials.createInsecure());
      const stream = (rc as unknown as { ServerReflectionInfo(): grpc.ClientDuplexStream<object, Obj> }).ServerReflectionInfo();
      const answer = new Promise<Obj>((resolve, reject) => {
        stream.on("data", resolve);
        stream.on("error", reject);
      });
      stream.write({ list_services: "" });
      const names = ((await answer).list_services_response.service as Obj[]).map((s) => s.name);
      stream.end();
      rc.close();
      for (const s of ["KeyStoreService", "CredentialService", "SourceKeyService", "VirtualKeyService", "HyokKeyService", "AuditService"]) {
        expect(names).toContain(`xks.admin.v1.${s}`);
      }
    });

    it("keeps audit records across a restart of server and database", async () => {
      const ks = await createStore("before-restart");
      await h.server.close();
      await h.audit.close();
      await h.store.close();
      const store = await h.target.open();
      const audit = new AuditSink(store);
      const server = await startAdminServer({ store, sealer: h.sealer, hsm: null, partitions: [], onChange: () => {}, audit, host: "127.0.0.1", port: 0, tokens: [TOKEN] });
      try {
        let out = "";
        process.env["XKS_ADMIN_TOKEN"] = TOKEN;
        const code = await runAdmin(["audit", "list", "--address", `127.0.0.1:${server.port}`, "--key-store-id", ks.id, "--kind", "admin"], { out: (t) => (out += t), err: () => {} });
        expect(code).toBe(0);
        const res = JSON.parse(out) as Obj;
        expect(res.resources.some((r: Obj) => r.operation === "KeyStoreService.Create" && r.target_id === ks.id)).toBe(true);
        const got = await store.keyStores.get(ks.id);
        expect(got.name).toBe("before-restart");
      } finally {
        await server.close();
        await audit.close();
        // hand the harness a live store again so its own teardown works
        (h as { store: Store }).store = store;
        (h as { audit: AuditSink }).audit = new AuditSink(store);
        (h as { server: AdminServer }).server = { port: 0, setStoreAvailable: () => {}, reloadTls: () => {}, close: async () => {} };
      }
    });
  });
});
