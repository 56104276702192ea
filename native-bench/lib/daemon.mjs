// Daemon launcher and provisioning: a private SoftHSM2 token dir, fresh data dirs, free loopback
// ports, `xks-proxy serve` as a child process, and keys created through the admin CLI.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { get } from "node:http";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort, run, spawnChild, stopChild, waitUntil } from "./proc.mjs";

export const ROOT = resolve(fileURLToPath(import.meta.url), "../../..");
const CLI = join(ROOT, "dist/cli/main.js");
export const SOFTHSM_MODULE = ["/usr/lib/softhsm/libsofthsm2.so", "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so", "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so"].find(existsSync);

/** One temp dir per bench run: SoftHSM2 tokens + daemon data dirs. */
export function makeWorkDir() {
  return mkdtempSync(join(tmpdir(), "xks-bench-"));
}

/** Private SoftHSM2 config with one initialised token; returns { conf, module, label, pin }. */
export function setupSoftHsm(workDir, label = "bench") {
  if (!SOFTHSM_MODULE) throw new Error("SoftHSM2 not installed (apt-get install -y softhsm2)");
  const tokenDir = join(workDir, "tokens");
  mkdirSync(tokenDir, { recursive: true });
  const conf = join(workDir, "softhsm2.conf");
  writeFileSync(conf, `directories.tokendir = ${tokenDir}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n`);
  const pin = `bench-${randomBytes(6).toString("hex")}`;
  execFileSync("softhsm2-util", ["--init-token", "--free", "--label", label, "--pin", pin, "--so-pin", `so-${pin}`], {
    env: { ...process.env, SOFTHSM2_CONF: conf }, stdio: "ignore",
  });
  return { conf, module: SOFTHSM_MODULE, label, pin };
}

export function httpGet(port, path) {
  return new Promise((res, rej) => {
    const req = get({ host: "127.0.0.1", port, path, agent: false }, (r) => { r.resume(); r.on("end", () => res(r.statusCode)); });
    req.on("error", rej);
    req.setTimeout(2000, () => req.destroy(new Error("timeout")));
  });
}

/**
 * Starts `xks-proxy serve` with a fresh data dir.
 * o: { workDir, name, threads?, nice? (xks.nice), hsm?: {module, label, pin, conf, sessions}, env? }
 */
export async function startDaemon(o) {
  const dataDir = join(o.workDir, `data-${o.name}`);
  mkdirSync(dataDir, { recursive: true });
  const [port, adminPort, metricsPort] = [await freePort(), await freePort(), await freePort()];
  const token = randomBytes(24).toString("hex");
  const cfg = {
    dataDir,
    xks: { host: "127.0.0.1", port, requestTimeoutMs: 200, ...(o.threads ? { threads: o.threads } : {}), ...(o.nice ? { nice: o.nice } : {}), ...(o.transport ? { transport: o.transport } : {}) },
    admin: { host: "127.0.0.1", port: adminPort, tokens: [token] },
    metrics: { host: "127.0.0.1", port: metricsPort },
    log: { level: "warn" },
  };
  const env = { ...process.env, ...(o.env ?? {}) };
  if (o.hsm) {
    cfg.pkcs11 = { modulePath: o.hsm.modulePath ?? o.hsm.module, partitions: [{ label: o.hsm.label, pinEnv: "XKS_BENCH_PIN", sessions: o.hsm.sessions ?? 4 }] };
    env.XKS_BENCH_PIN = o.hsm.pin;
    env.SOFTHSM2_CONF = o.hsm.conf;
  }
  const cfgFile = join(o.workDir, `config-${o.name}.json`);
  writeFileSync(cfgFile, JSON.stringify(cfg, null, 2));
  const child = spawnChild(process.execPath, [CLI, "serve", "--config", cfgFile], { env });
  await waitUntil(`daemon ${o.name}`, async () => (await httpGet(port, "/ping")) === 200, 30_000, child);
  if (o.hsm) await waitUntil(`daemon ${o.name} /readyz`, async () => (await httpGet(port, "/readyz")) === 200, 30_000, child);
  const d = {
    name: o.name, child, pid: child.pid, port, adminPort, metricsPort, token, hsm: o.hsm,
    async admin(...args) {
      const out = await run(process.execPath, [CLI, "admin", ...args], { env: { ...process.env, XKS_ADMIN_ADDRESS: `127.0.0.1:${adminPort}`, XKS_ADMIN_TOKEN: token }, timeoutMs: 30_000 });
      return JSON.parse(out);
    },
    stop: () => stopChild(child, 12_000),
  };
  return d;
}

/**
 * Key store + source key + virtual key + HYOK key through the admin CLI.
 * Returns { keyId, uriPath, cred: {accessKeyId, secretAccessKey}, sourceLabel }.
 */
export async function provision(d) {
  const part = d.hsm ? ["--partition-id", d.hsm.label] : [];
  const ks = await d.admin("keystore", "create", "--name", `bench-${d.name}`, "--kms", "123456789012", "--region", "us-east-1", ...part, "--rate-limit-rps", "1000000", "--rate-limit-burst", "1000000");
  const sourceLabel = d.hsm ? `bench-key-${randomBytes(4).toString("hex")}` : undefined;
  const src = await d.admin("sourcekey", "create", ...part, ...(sourceLabel ? ["--label", sourceLabel] : []));
  const vk = await d.admin("virtualkey", "create", "--source-key-id", src.id);
  const hk = await d.admin("hyokkey", "create", "--custom-key-store-id", ks.id, "--virtual-key-id", vk.id);
  return {
    keyId: hk.id,
    uriPath: ks.aws_param.xks_proxy_uri_path,
    cred: { accessKeyId: ks.access_key_id, secretAccessKey: ks.secret_access_key },
    sourceLabel,
    port: d.port,
  };
}

/** Non-empty error_name counts of xks_requests_total from /metrics, e.g. { "Encrypt ThrottlingException": 3 }. */
export async function errorCounts(d) {
  const text = await new Promise((res, rej) => {
    get({ host: "127.0.0.1", port: d.metricsPort, path: "/metrics", agent: false }, (r) => { let t = ""; r.on("data", (c) => { t += c; }); r.on("end", () => res(t)); }).on("error", rej);
  });
  const out = {};
  for (const m of text.matchAll(/^xks_requests_total\{([^}]*)\}\s+(\d+(?:\.\d+)?)/gm)) {
    const labels = Object.fromEntries([...m[1].matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    if (labels.error_name) out[`${labels.operation} ${labels.error_name}`] = Number(m[2]);
  }
  return out;
}

/** VmRSS of a process in MiB. */
export function rssMiB(pid) {
  const m = /VmRSS:\s*(\d+)\s*kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** CPU seconds (user + system) a process has used so far (clock ticks of 10 ms). */
export function cpuSeconds(pid) {
  const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(f[11]) + Number(f[12])) / 100;
}
