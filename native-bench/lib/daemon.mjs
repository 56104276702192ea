// Daemon launcher and provisioning: a private SoftHSM2 token dir, fresh data dirs, free loopback
// ports, `xks-proxy serve` as a child process, and keys created through the admin CLI.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { get } from "node:http";
import { get as httpsGet } from "node:https";
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

/** tls: { cert, key, ca } PEM bytes of a client certificate (mutual TLS), or absent for plain HTTP */
export function httpGet(port, path, tls) {
  return new Promise((res, rej) => {
    const opts = { host: "127.0.0.1", port, path, agent: false };
    const onAnswer = (r) => { r.resume(); r.on("end", () => res(r.statusCode)); };
    const req = tls ? httpsGet({ ...opts, ...tls, servername: "localhost" }, onAnswer) : get(opts, onAnswer);
    req.on("error", rej);
    req.setTimeout(2000, () => req.destroy(new Error("timeout")));
  });
}

/** The body of a plain HTTP GET on loopback. */
export function httpGetText(port, path) {
  return new Promise((res, rej) => {
    get({ host: "127.0.0.1", port, path, agent: false }, (r) => { let t = ""; r.on("data", (c) => { t += c; }); r.on("end", () => res(t)); }).on("error", rej);
  });
}

/**
 * Starts `xks-proxy serve` with a fresh data dir.
 * o: { workDir, name, threads?, nice? (xks.nice), hsm?: {module, label, pin, conf, sessions}, env?, nodeArgs? (e.g. --cpu-prof),
 *      mtls?: makeMtlsCerts' result (xks.tls with clientAuth; needs transport "node") }
 */
export async function startDaemon(o) {
  const dataDir = join(o.workDir, `data-${o.name}`);
  mkdirSync(dataDir, { recursive: true });
  const [port, adminPort, metricsPort] = [await freePort(), await freePort(), await freePort()];
  const token = randomBytes(24).toString("hex");
  const cfg = {
    dataDir,
    xks: { host: "127.0.0.1", port, requestTimeoutMs: 200, ...(o.threads ? { threads: o.threads } : {}), ...(o.nice ? { nice: o.nice } : {}), ...(o.transport ? { transport: o.transport } : {}),
      ...(o.mtls ? { tls: { certFile: o.mtls.serverCert, keyFile: o.mtls.serverKey, clientAuth: { caFile: o.mtls.caFile, subjects: [o.mtls.subject] } } } : {}) },
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
  const child = spawnChild(process.execPath, [...(o.nodeArgs ?? []), CLI, "serve", "--config", cfgFile], { env });
  await waitUntil(`daemon ${o.name}`, async () => (await httpGet(port, "/ping", o.mtls?.client)) === 200, 30_000, child);
  if (o.hsm) await waitUntil(`daemon ${o.name} /readyz`, async () => (await httpGet(port, "/readyz")) === 200, 30_000, child);
  const d = {
    name: o.name, child, pid: child.pid, port, adminPort, metricsPort, token, hsm: o.hsm, mtls: o.mtls,
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
/** A key store (mtls_enabled when the daemon runs with mutual TLS), a source key, a virtual key and a HYOK key. */
export async function provision(d) {
  const part = d.hsm ? ["--partition-id", d.hsm.label] : [];
  const mtls = d.mtls ? ["--mtls-enabled"] : [];
  const create = () => d.admin("keystore", "create", "--name", `bench-${d.name}`, "--kms", "123456789012", "--region", "us-east-1", ...part, ...mtls, "--rate-limit-rps", "1000000", "--rate-limit-burst", "1000000");
  // The data plane answers /ping before the admin listener may be up (seen on a loaded machine):
  // the first call is retried for a few seconds on a refused or closed connection.
  let ks;
  for (let i = 0; ; i++) {
    try {
      ks = await create();
      break;
    } catch (e) {
      if (i >= 20 || !/closed the connection|ECONNREFUSED|UNAVAILABLE/i.test(String(e.message))) throw e;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
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
  const text = await httpGetText(d.metricsPort, "/metrics");
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

/**
 * Certificates for a mutual TLS daemon, made with openssl in dir: a CA, a server certificate for
 * 127.0.0.1, and a client certificate from the CA with AWS KMS's subject for us-east-1 (what a key
 * store with mtls_enabled in that region admits). EC P-256, as test/helpers/certs.ts makes them.
 */
export function makeMtlsCerts(dir) {
  const f = (n) => join(dir, n);
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
  const ssl = (...a) => execFileSync("openssl", a, { stdio: "pipe" });
  ssl("req", "-x509", ...ec, "-keyout", f("ca.key"), "-out", f("ca.pem"), "-days", "2", "-subj", "/CN=bench-ca", "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign");
  ssl("req", "-x509", ...ec, "-keyout", f("server.key"), "-out", f("server.pem"), "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1");
  ssl("req", "-new", ...ec, "-keyout", f("client.key"), "-out", f("client.csr"), "-subj", "/CN=cks.kms.us-east-1.amazonaws.com");
  ssl("x509", "-req", "-in", f("client.csr"), "-CA", f("ca.pem"), "-CAkey", f("ca.key"), "-set_serial", `0x${randomBytes(8).toString("hex")}`, "-days", "2", "-out", f("client.pem"));
  return {
    caFile: f("ca.pem"), serverCert: f("server.pem"), serverKey: f("server.key"), subject: "cks.kms.us-east-1.amazonaws.com",
    client: { cert: readFileSync(f("client.pem")), key: readFileSync(f("client.key")), ca: readFileSync(f("server.pem")) },
  };
}
