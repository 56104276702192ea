#!/usr/bin/env node
// Admin write cost against stored keys: `node native-bench/admin-scale.mjs [--keys 1000,10000]
// [--writes 40] [--base <commit>]`. For each count, a fresh data dir is seeded with that many HYOK
// keys (each with its own source and virtual key, written straight into SQLite through the
// build's own repositories, in one transaction), a daemon (`xks-proxy serve`, a child process on
// loopback) is started on it, and HYOK keys are then created one after another through the admin
// API (gRPC over loopback: SourceKeyService.Create + VirtualKeyService.Create +
// HyokKeyService.Create). Prints ms per creation (median and mean), the ratio to the smallest
// count, the daemon's start-up time (spawn → every endpoint answers) and RSS. With --base, the same is
// measured for another commit (exported with `git archive`, built with tsc, node_modules linked)
// in the same run, side by side.
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import { execFileSync } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { httpGet, makeWorkDir, ROOT, rssMiB } from "./lib/daemon.mjs";
import { freePort, killChildrenOnExit, spawnChild, stopChild, waitUntil } from "./lib/proc.mjs";

const argv = process.argv.slice(2);
const arg = (name, dflt) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : dflt;
};
const COUNTS = arg("keys", "1000,10000").split(",").map(Number);
const WRITES = Number(arg("writes", "40"));
const BASE = arg("base", undefined);

killChildrenOnExit();
const work = makeWorkDir();
process.on("exit", () => rmSync(work, { recursive: true, force: true }));
const log = (m) => console.error(`[admin-scale] ${m}`);

/** Exports and builds another commit of this repository (node_modules shared). */
function buildCommit(commit) {
  const dir = join(work, `build-${commit}`);
  mkdirSync(dir);
  execFileSync("sh", ["-c", `git -C "${ROOT}" archive "${commit}" | tar -x -C "${dir}"`]);
  symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"));
  execFileSync(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", join(dir, "tsconfig.json")], { stdio: "inherit" });
  return dir;
}

/** Seeds `n` HYOK keys (and one key store with a credential) through the build's own repositories. */
async function seed(root, dataDir, n) {
  const { openDataDir } = await import(pathToFileURL(join(root, "dist/datadir/open.js")).href);
  const dir = openDataDir(dataDir);
  const { store, sealer } = dir;
  try {
    const id = randomUUID();
    const t0 = Date.now();
    store.transaction(() => {
      store.keyStores.create({
        id, name: "scale", kms: "111122223333", region: "us-east-1", linkedState: false, customKeyStoreType: "EXTERNAL_KEY_STORE",
        sourceKeyTier: "local", partition: null, blocked: false, healthCheckKeyId: null, maxCredentials: 10, mtlsEnabled: false,
        enableSuccessAuditEvent: false, rateLimit: { requestsPerSecond: 1800, burst: 3600 }, xksProxyConnectivity: "PUBLIC_ENDPOINT",
        xksProxyUriEndpoint: "", xksProxyUriPath: `/keystores/${id}/kms/xks/v1`, xksProxyVpcEndpointServiceName: "",
      });
      store.credentials.create(id, `AKIASCALE${randomBytes(6).toString("hex").toUpperCase()}`, randomBytes(24).toString("base64"), sealer);
      for (let i = 0; i < n; i++) {
        const sk = store.sourceKeys.create(
          { name: `seed-${i}`, tier: "local", partition: null, label: null, ckaId: "", keySpec: "AES_256", encrypt: true, decrypt: true, origin: "generated", material: randomBytes(32) },
          sealer,
        );
        const vk = store.virtualKeys.create(sk.id);
        store.hyokKeys.create({ keyStoreId: id, virtualKeyId: vk.id, blocked: false, awsParam: {}, policy: {} });
      }
    });
    log(`seeded ${n} keys in ${Date.now() - t0} ms`);
    return id;
  } finally {
    dir.close(); // the database and the data dir lock
  }
}

function adminClient(root, port, token) {
  const def = protoLoader.loadSync(join(root, "proto/xks_admin.proto"), { keepCase: true, longs: Number, enums: String, defaults: true, oneofs: true });
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
  return { sourceKeys: make("SourceKeyService"), virtualKeys: make("VirtualKeyService"), hyokKeys: make("HyokKeyService"), close: () => clients.forEach((c) => c.close()) };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;

async function measure(label, root, n) {
  const dataDir = join(work, `data-${label}-${n}`);
  const storeId = await seed(root, dataDir, n);
  const [port, adminPort, metricsPort] = [await freePort(), await freePort(), await freePort()];
  const token = randomBytes(24).toString("hex");
  const cfgFile = join(work, `config-${label}-${n}.json`);
  writeFileSync(
    cfgFile,
    JSON.stringify({
      dataDir,
      xks: { host: "127.0.0.1", port, threads: 2 },
      admin: { host: "127.0.0.1", port: adminPort, tokens: [token] },
      metrics: { host: "127.0.0.1", port: metricsPort },
      log: { level: "warn" },
    }),
  );
  const t0 = performance.now();
  const child = spawnChild(process.execPath, [join(root, "dist/cli/main.js"), "serve", "--config", cfgFile]);
  // the metrics endpoint starts last: when it answers, the data plane and the admin API serve
  await waitUntil(`daemon ${label} ${n}`, async () => (await httpGet(metricsPort, "/metrics")) === 200, 120_000, child);
  const startMs = performance.now() - t0;
  const rssStart = rssMiB(child.pid);
  const admin = adminClient(root, adminPort, token);
  const times = [];
  try {
    for (let i = 0; i < WRITES; i++) {
      const w0 = performance.now();
      const sk = await admin.sourceKeys("Create", {});
      const vk = await admin.virtualKeys("Create", { source_key_id: sk.id });
      await admin.hyokKeys("Create", { local_hosted_params: { custom_key_store_id: storeId, virtual_key_id: vk.id } });
      times.push(performance.now() - w0);
    }
  } finally {
    admin.close();
  }
  const rssEnd = rssMiB(child.pid);
  await stopChild(child, 12_000);
  rmSync(dataDir, { recursive: true, force: true });
  const r = { label, keys: n, medianMs: median(times), meanMs: mean(times), startMs, rssStartMiB: rssStart, rssEndMiB: rssEnd };
  log(JSON.stringify(r));
  return r;
}

const builds = [{ label: "this-tree", root: ROOT }];
if (BASE) builds.unshift({ label: BASE.slice(0, 7), root: buildCommit(BASE) });
const results = [];
for (const b of builds) for (const n of COUNTS) results.push(await measure(b.label, b.root, n));

const fmt = (x, d = 1) => x.toFixed(d);
console.log(`\nHYOK key creation through the admin API (source + virtual + HYOK key; ${WRITES} in a row; ms per creation)\n`);
console.log(["build", "keys stored", "median ms", "mean ms", `÷ at ${COUNTS[0]}`, "start-up ms", "RSS MiB (start / end)"].join(" | "));
for (const r of results) {
  const first = results.find((x) => x.label === r.label && x.keys === COUNTS[0]);
  console.log([r.label, r.keys, fmt(r.medianMs, 2), fmt(r.meanMs, 2), fmt(r.medianMs / first.medianMs, 2), fmt(r.startMs, 0), `${fmt(r.rssStartMiB)} / ${fmt(r.rssEndMiB)}`].join(" | "));
}
