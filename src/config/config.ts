import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { resolve } from "node:path";

/**
 * Daemon configuration: an optional JSON file (see config/*.json) with environment overrides,
 * validated once at start into a typed, frozen object. Secrets (HSM PINs) are never read from the
 * command line: only from an environment variable or a file the config names.
 */
export interface Pkcs11PartitionSetting {
  /** token label of the partition; key stores name it as their partition */
  label: string;
  /**
   * HA group: the token labels of the members holding the same keys (Luna HA / replicated tokens).
   * Absent: the partition is the single token `label`.
   */
  members?: string[];
  /** name of the environment variable that holds the PIN */
  pinEnv?: string;
  /** file whose first line is the PIN */
  pinFile?: string;
  sessions: number;
  /** requests allowed to wait for a free session (each still bounded by its deadline); beyond: ThrottlingException */
  maxQueue: number;
  /** let the HSM generate GCM IVs (Luna FIPS mode); default: random 12-byte IVs from the proxy */
  useHsmIv: boolean;
}

export interface Config {
  dataDir: string;
  xks: {
    host: string;
    port: number;
    tls: { certFile: string; keyFile: string } | null;
    maxBodyBytes: number;
    requestTimeoutMs: number;
    fleetSize: number;
    /**
     * data-plane threads (uWS apps sharing the port); default: one per CPU, or one fewer (at
     * least 1) with PKCS#11 partitions, whose pools the main thread and session workers serve
     */
    threads: number;
    /**
     * nice value of the data-plane threads (-20..19; default 0, the process's own). Below 0 they
     * win the CPU from everything else on the host, so health probes and throttling stay prompt
     * on a saturated machine; that needs root or CAP_SYS_NICE, and startup fails without it.
     */
    nice: number;
  };
  admin: { host: string; port: number; tokens: string[] };
  metrics: { host: string; port: number };
  health: { intervalMs: number; maxAgeMs: number };
  pkcs11: { modulePath: string; partitions: Pkcs11PartitionSetting[] } | null;
  log: { level: "debug" | "info" | "warn" | "error" };
}

export const DEFAULTS: Config = {
  dataDir: "./data",
  xks: { host: "127.0.0.1", port: 8080, tls: null, maxBodyBytes: 64 * 1024, requestTimeoutMs: 200, fleetSize: 1, threads: availableParallelism(), nice: 0 },
  admin: { host: "127.0.0.1", port: 9090, tokens: [] },
  metrics: { host: "127.0.0.1", port: 9100 },
  health: { intervalMs: 15_000, maxAgeMs: 60_000 },
  pkcs11: null,
  log: { level: "info" },
};

export class ConfigError extends Error {}

type Obj = Record<string, unknown>;

function obj(v: unknown, path: string): Obj {
  if (v === undefined) return {};
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw new ConfigError(`${path} must be an object`);
  return v as Obj;
}

function int(v: unknown, path: string, def: number, min: number, max: number): number {
  if (v === undefined) return def;
  const n = typeof v === "string" && v.trim() !== "" ? Number(v) : v;
  if (typeof n !== "number" || !Number.isInteger(n) || n < min || n > max) throw new ConfigError(`${path} must be an integer in ${min}..${max}`);
  return n;
}

function text(v: unknown, path: string, def: string): string {
  if (v === undefined) return def;
  if (typeof v !== "string" || v.length === 0) throw new ConfigError(`${path} must be a non-empty string`);
  return v;
}

function partitions(v: unknown): Pkcs11PartitionSetting[] {
  if (!Array.isArray(v) || v.length === 0) throw new ConfigError("pkcs11.partitions must be a non-empty array");
  return v.map((p, i) => {
    const o = obj(p, `pkcs11.partitions[${i}]`);
    const s: Pkcs11PartitionSetting = {
      label: text(o.label, `pkcs11.partitions[${i}].label`, ""),
      sessions: int(o.sessions, `pkcs11.partitions[${i}].sessions`, 8, 1, 256),
      useHsmIv: o.useHsmIv === undefined ? false : o.useHsmIv === true,
      maxQueue: 0,
    };
    s.maxQueue = int(o.maxQueue, `pkcs11.partitions[${i}].maxQueue`, 32 * s.sessions, 1, 100_000);
    if (o.useHsmIv !== undefined && typeof o.useHsmIv !== "boolean") throw new ConfigError(`pkcs11.partitions[${i}].useHsmIv must be true or false`);
    if (o.members !== undefined) {
      if (!Array.isArray(o.members) || o.members.length === 0 || o.members.some((m) => typeof m !== "string" || m.length === 0)) {
        throw new ConfigError(`pkcs11.partitions[${i}].members must be a non-empty list of token labels`);
      }
      s.members = o.members as string[];
    }
    if (o.pinEnv !== undefined) s.pinEnv = text(o.pinEnv, `pkcs11.partitions[${i}].pinEnv`, "");
    if (o.pinFile !== undefined) s.pinFile = text(o.pinFile, `pkcs11.partitions[${i}].pinFile`, "");
    if (!s.pinEnv && !s.pinFile) throw new ConfigError(`pkcs11.partitions[${i}] needs pinEnv or pinFile (PINs are never put in the config itself)`);
    return s;
  });
}

/** Builds the config from a parsed file object and the environment. */
export function buildConfig(file: unknown, env: NodeJS.ProcessEnv): Config {
  const f = obj(file, "config");
  const x = obj(f.xks, "xks");
  const a = obj(f.admin, "admin");
  const m = obj(f.metrics, "metrics");
  const h = obj(f.health, "health");
  const l = obj(f.log, "log");
  const D = DEFAULTS;

  let tls: Config["xks"]["tls"] = null;
  const t = x.tls === null || x.tls === undefined ? undefined : obj(x.tls, "xks.tls");
  const certFile = env.XKS_TLS_CERT_FILE ?? t?.certFile;
  const keyFile = env.XKS_TLS_KEY_FILE ?? t?.keyFile;
  if (certFile !== undefined || keyFile !== undefined) {
    tls = { certFile: text(certFile, "xks.tls.certFile", ""), keyFile: text(keyFile, "xks.tls.keyFile", "") };
  }

  const tokens = env.XKS_ADMIN_TOKENS !== undefined ? env.XKS_ADMIN_TOKENS.split(",").filter(Boolean) : a.tokens === undefined ? [] : a.tokens;
  if (!Array.isArray(tokens) || tokens.some((s) => typeof s !== "string" || s.length < 16)) {
    throw new ConfigError("admin.tokens must be a list of strings of at least 16 characters");
  }

  let pkcs11: Config["pkcs11"] = null;
  const p = f.pkcs11 === null || f.pkcs11 === undefined ? undefined : obj(f.pkcs11, "pkcs11");
  if (p) pkcs11 = { modulePath: text(env.XKS_PKCS11_MODULE ?? p.modulePath, "pkcs11.modulePath", ""), partitions: partitions(p.partitions) };

  const level = text(env.XKS_LOG_LEVEL ?? l.level, "log.level", D.log.level);
  if (!["debug", "info", "warn", "error"].includes(level)) throw new ConfigError("log.level must be debug, info, warn or error");

  const cfg: Config = {
    dataDir: resolve(text(env.XKS_DATA_DIR ?? f.dataDir, "dataDir", D.dataDir)),
    xks: {
      host: text(env.XKS_HTTP_HOST ?? x.host, "xks.host", D.xks.host),
      port: int(env.XKS_HTTP_PORT ?? x.port, "xks.port", D.xks.port, 0, 65535),
      tls,
      maxBodyBytes: int(x.maxBodyBytes, "xks.maxBodyBytes", D.xks.maxBodyBytes, 32 * 1024, 16 * 1024 * 1024),
      requestTimeoutMs: int(env.XKS_REQUEST_TIMEOUT_MS ?? x.requestTimeoutMs, "xks.requestTimeoutMs", D.xks.requestTimeoutMs, 10, 250),
      fleetSize: int(x.fleetSize, "xks.fleetSize", D.xks.fleetSize, 1, 1000),
      threads: int(env.XKS_HTTP_THREADS ?? x.threads, "xks.threads", pkcs11 ? Math.max(1, D.xks.threads - 1) : D.xks.threads, 1, 64),
      nice: int(env.XKS_HTTP_NICE ?? x.nice, "xks.nice", D.xks.nice, -20, 19),
    },
    admin: {
      host: text(env.XKS_ADMIN_HOST ?? a.host, "admin.host", D.admin.host),
      port: int(env.XKS_ADMIN_PORT ?? a.port, "admin.port", D.admin.port, 0, 65535),
      tokens: tokens as string[],
    },
    metrics: {
      host: text(env.XKS_METRICS_HOST ?? m.host, "metrics.host", D.metrics.host),
      port: int(env.XKS_METRICS_PORT ?? m.port, "metrics.port", D.metrics.port, 0, 65535),
    },
    health: {
      intervalMs: int(h.intervalMs, "health.intervalMs", D.health.intervalMs, 1000, 60_000),
      maxAgeMs: int(h.maxAgeMs, "health.maxAgeMs", D.health.maxAgeMs, 1000, 60_000),
    },
    pkcs11,
    log: { level: level as Config["log"]["level"] },
  };
  return cfg;
}

export function loadConfig(path: string | undefined, env: NodeJS.ProcessEnv): Config {
  if (!path) return buildConfig({}, env);
  let raw: string;
  try {
    raw = readFileSync(path, "utf8");
  } catch (e) {
    throw new ConfigError(`cannot read config file ${path}: ${(e as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (e) {
    throw new ConfigError(`config file ${path} is not valid JSON: ${(e as Error).message}`);
  }
  return buildConfig(parsed, env);
}

/** Reads a partition's PIN from its env var or file; the PIN never enters logs or errors. */
export function readPin(p: Pkcs11PartitionSetting, env: NodeJS.ProcessEnv): string {
  if (p.pinEnv) {
    const v = env[p.pinEnv];
    if (!v) throw new ConfigError(`PIN for partition ${p.label}: environment variable ${p.pinEnv} is not set`);
    return v;
  }
  try {
    const v = readFileSync(p.pinFile!, "utf8").split(/\r?\n/)[0] ?? "";
    if (!v) throw new Error("empty");
    return v;
  } catch {
    throw new ConfigError(`PIN for partition ${p.label}: cannot read a PIN from ${p.pinFile}`);
  }
}
