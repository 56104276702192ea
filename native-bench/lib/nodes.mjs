// Daemons on seeded stores, for the scale and fleet rows: seeding N HYOK keys straight through the
// build's own repositories in one transaction (SQLite data dir, or a fleet database on PostgreSQL),
// starting `xks-proxy serve` on SQLite or as a fleet node, and a gRPC admin client.
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import { randomBytes, randomUUID } from "node:crypto";
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { httpGet, ROOT } from "./daemon.mjs";
import { freePort, spawnChild, stopChild, waitUntil } from "./proc.mjs";

const dist = (p) => import(pathToFileURL(join(ROOT, "dist", p)).href);

/**
 * A key store with a high rate limit (throughput rows must not be throttled) and one credential; its
 * AWS account is the one lib/sign.mjs names in every request's awsPrincipalArn.
 */
async function seedKeyStore(store, sealer) {
  const id = randomUUID();
  const uriPath = `/keystores/${id}/kms/xks/v1`;
  await store.keyStores.create({
    id, name: `scale-${id.slice(0, 8)}`, kms: "123456789012", region: "us-east-1", linkedState: false, customKeyStoreType: "EXTERNAL_KEY_STORE",
    sourceKeyTier: "local", partition: null, blocked: false, healthCheckKeyId: null, maxCredentials: 10, mtlsEnabled: false,
    enableSuccessAuditEvent: false, rateLimit: { requestsPerSecond: 1_000_000, burst: 1_000_000 }, xksProxyConnectivity: "PUBLIC_ENDPOINT",
    xksProxyUriEndpoint: "", xksProxyUriPath: uriPath, xksProxyVpcEndpointServiceName: "",
  });
  const cred = { accessKeyId: `AKIASCALE${randomBytes(6).toString("hex").toUpperCase()}`, secretAccessKey: randomBytes(24).toString("base64") };
  await store.credentials.create(id, cred.accessKeyId, cred.secretAccessKey, sealer);
  return { storeId: id, uriPath, cred };
}

/**
 * n HYOK keys, each with its own local source key (fresh material, sealed as the repository seals
 * it) and virtual key, as multi-row INSERTs of the repositories' own columns (one row at a time
 * through the repositories takes ~11 ms per key on PostgreSQL: 100k keys would take 20 minutes).
 * The change-log triggers fire as for any write. → the id of the last HYOK key.
 */
async function seedKeys(store, sealer, storeId, n) {
  const { newId, nowIso, sourceKeyContext } = await dist("store/rows.js");
  const BATCH = 500;
  const insert = async (table, cols, rows) => {
    const tuple = `(${cols.map(() => "?").join(", ")})`;
    await store.sql.run(`INSERT INTO ${table} (${cols.join(", ")}) VALUES ${rows.map(() => tuple).join(", ")}`, rows.flat());
  };
  let last;
  for (let done = 0; done < n; done += BATCH) {
    const now = nowIso();
    const sk = [], vk = [], vkv = [], hk = [];
    for (let i = done; i < Math.min(n, done + BATCH); i++) {
      const [s, v, h] = [newId(), newId(), newId()];
      sk.push([s, `seed-${i}`, "local", null, null, "", "AES_256", 1, 1, "generated", sealer.seal(randomBytes(32), sourceKeyContext(s)), now, now]);
      vk.push([v, 0, now, now]);
      vkv.push([newId(), v, 1, s, now, now]);
      hk.push([h, storeId, v, 0, 0, "{}", "{}", now, now]);
      last = h;
    }
    await insert("source_keys", ["id", "name", "tier", "partition", "label", "cka_id", "key_spec", "encrypt", "decrypt", "origin", "material", "created_at", "updated_at"], sk);
    await insert("virtual_keys", ["id", "deletable", "created_at", "updated_at"], vk);
    await insert("virtual_key_versions", ["id", "virtual_key_id", "version", "source_key_id", "created_at", "updated_at"], vkv);
    await insert("hyok_keys", ["id", "key_store_id", "virtual_key_id", "blocked", "linked_state", "aws_param", "policy", "created_at", "updated_at"], hk);
  }
  return last;
}

/**
 * Seeds a store in one transaction → { storeId, uriPath, cred, keyId, seedMs }.
 * engine "sqlite": a fresh data dir `dataDir`; "postgres": the fleet database `url`, its master key
 * created in `dataDir` (the first node's), as the first fleet node would.
 */
export async function seed({ engine, dataDir, n, url, passwordFile }) {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  let store, sealer, close;
  if (engine === "sqlite") {
    const { openDataDir } = await dist("datadir/open.js");
    const dir = await openDataDir(dataDir);
    ({ store, sealer } = dir);
    close = () => dir.close();
  } else {
    const { openFleetStore } = await dist("datadir/fleet.js");
    ({ store, sealer } = await openFleetStore({ url, passwordFile, masterKeyFile: join(dataDir, "master.key"), statementTimeoutMs: 600_000, idleInTransactionTimeoutMs: 600_000 }));
    close = () => store.close();
  }
  try {
    const t0 = performance.now();
    const out = await store.transaction(async () => {
      const ks = await seedKeyStore(store, sealer);
      return { ...ks, keyId: await seedKeys(store, sealer, ks.storeId, n) };
    });
    return { ...out, seedMs: performance.now() - t0 };
  } finally {
    await close();
  }
}

/**
 * Starts `xks-proxy serve` → { child, pid, port, adminPort, metricsPort, token, startMs, stop }.
 * o: { workDir, name, dataDir, threads?, store?: { url, passwordFile }, keyFrom? (a data dir whose
 * master.key this node gets), logLevel? }. startMs: spawn → /metrics and /readyz both answer 200
 * (the metrics endpoint starts last; /readyz once the key view is loaded).
 */
export async function startNode(o) {
  mkdirSync(o.dataDir, { recursive: true, mode: 0o700 });
  if (o.keyFrom) copyFileSync(join(o.keyFrom, "master.key"), join(o.dataDir, "master.key"));
  const [port, adminPort, metricsPort] = [await freePort(), await freePort(), await freePort()];
  const token = randomBytes(24).toString("hex");
  const cfg = {
    dataDir: o.dataDir,
    xks: { host: "127.0.0.1", port, threads: o.threads ?? 2 },
    admin: { host: "127.0.0.1", port: adminPort, tokens: [token] },
    metrics: { host: "127.0.0.1", port: metricsPort },
    log: { level: o.logLevel ?? "warn" },
    ...(o.store ? { store: o.store, fleet: { heartbeatMs: 1000 } } : {}),
  };
  const cfgFile = join(o.workDir, `config-${o.name}.json`);
  writeFileSync(cfgFile, JSON.stringify(cfg, null, 2));
  const t0 = performance.now();
  const child = spawnChild(process.execPath, [join(ROOT, "dist/cli/main.js"), "serve", "--config", cfgFile]);
  await waitUntil(`daemon ${o.name}`, async () => (await httpGet(metricsPort, "/metrics")) === 200 && (await httpGet(port, "/readyz")) === 200, 300_000, child);
  const startMs = performance.now() - t0;
  return { name: o.name, child, pid: child.pid, port, adminPort, metricsPort, token, startMs, stop: () => stopChild(child, 12_000) };
}

/** gRPC admin client: { sourceKeys(method, req), virtualKeys, hyokKeys, keyStores, credentials, close }. */
export function adminClient(port, token) {
  const def = protoLoader.loadSync(join(ROOT, "proto/xks_admin.proto"), { keepCase: true, longs: Number, enums: String, defaults: true, oneofs: true });
  const pkg = grpc.loadPackageDefinition(def).xks.admin.v1;
  const clients = [];
  const make = (service) => {
    const c = new pkg[service](`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    clients.push(c);
    return (method, req) =>
      new Promise((resolve, reject) => {
        const md = new grpc.Metadata();
        md.set("authorization", `Bearer ${token}`);
        c[method](req, md, (err, res) => (err ? reject(err) : resolve(res)));
      });
  };
  return {
    sourceKeys: make("SourceKeyService"), virtualKeys: make("VirtualKeyService"), hyokKeys: make("HyokKeyService"),
    close: () => clients.forEach((c) => c.close()),
  };
}

/** One HYOK key through the admin API: source key + virtual key + HYOK key (three acknowledged writes) → HYOK key id. */
export async function createHyokKey(admin, storeId) {
  const sk = await admin.sourceKeys("Create", {});
  const vk = await admin.virtualKeys("Create", { source_key_id: sk.id });
  const hk = await admin.hyokKeys("Create", { local_hosted_params: { custom_key_store_id: storeId, virtual_key_id: vk.id } });
  return hk.id;
}

export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
export const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
export const percentile = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]; };
