import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startAdminServer } from "./admin/server.js";
import { readPin, type Config } from "./config/config.js";
import type { BackendHealthStatus } from "./crypto/backend.js";
import { createSealer, loadOrCreateMasterKey } from "./crypto/local/sealer.js";
import { HaPartition, Pkcs11Backends, Pkcs11Partition, type ManagedPartition } from "./crypto/pkcs11/index.js";
import { createCryptoRouter } from "./crypto/router.js";
import type { KeyStoreRecord } from "./keys/records.js";
import { KeyViewHolder } from "./keys/view.js";
import { AuditRetention } from "./jobs/audit-retention.js";
import { AuditSink } from "./obs/audit.js";
import { FailureLimiter } from "./obs/failure-limiter.js";
import { createLogger, type Logger } from "./obs/logger.js";
import { Metrics } from "./obs/metrics.js";
import { openStore } from "./store/index.js";
import { readSnapshot } from "./store/snapshot.js";
import { HealthMonitor, type FleetMember } from "./xks/health-monitor.js";
import { startDataPlane } from "./xks/plane.js";
import type { XksRequestEvent } from "./xks/server.js";

/** The composition root: builds every part from the config, starts them, and stops them in order. */
export const PRODUCT = "xks-proxy";
export const VERSION = "0.1.0";

export interface Daemon {
  xksPort: number;
  adminPort: number;
  metricsPort: number;
  adminToken: string;
  stop(): Promise<void>;
}

const LOCAL_MEMBER: FleetMember = { id: "local-key-tier", model: `${PRODUCT} ${VERSION} software AES-256-GCM key tier`, status: () => "ACTIVE" };

/** The admin bearer token: from the config, else one generated into the data dir (mode 0600). */
function adminTokens(cfg: Config): string[] {
  if (cfg.admin.tokens.length > 0) return cfg.admin.tokens;
  const file = join(cfg.dataDir, "admin.token");
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString("base64url") + "\n", { mode: 0o600, flag: "wx" });
  chmodSync(file, 0o600);
  return [readFileSync(file, "utf8").trim()];
}

async function openPartitions(cfg: Config, log: Logger): Promise<Pkcs11Backends | null> {
  if (!cfg.pkcs11) return null;
  const parts: ManagedPartition[] = [];
  for (const p of cfg.pkcs11.partitions) {
    const pin = readPin(p, process.env);
    const members: Pkcs11Partition[] = [];
    for (const tokenLabel of p.members ?? [p.label]) {
      const m = await Pkcs11Partition.open({ modulePath: cfg.pkcs11.modulePath, tokenLabel, pin, sessions: p.sessions, useHsmIv: p.useHsmIv, maxQueue: p.maxQueue });
      log.info("pkcs11 token ready", { partition: p.label, token: tokenLabel, model: m.model, sessions: p.sessions });
      members.push(m);
    }
    parts.push(p.members ? new HaPartition(p.label, members) : members[0]!);
  }
  return new Pkcs11Backends(parts);
}

/** Health-report entries for a key store: one per backend (per member of an HA group). */
function fleetOf(s: KeyStoreRecord, hsm: Pkcs11Backends | null): FleetMember[] {
  if (s.tier === "local") return [LOCAL_MEMBER];
  const part = s.partition ? hsm?.get(s.partition) : undefined;
  if (!part) return [{ id: s.partition ?? "unconfigured", model: "PKCS#11 partition not configured", status: () => "UNAVAILABLE" }];
  const members = part instanceof HaPartition ? part.members : [part];
  return members.map((m) => ({
    id: m.id,
    model: m.model,
    status: (): BackendHealthStatus => m.health(),
    router: part instanceof HaPartition ? createCryptoRouter(() => m) : undefined,
  }));
}

function requestLogFields(ev: XksRequestEvent): Record<string, unknown> {
  return {
    kmsRequestId: ev.kmsRequestId,
    operation: ev.operation,
    kmsOperation: ev.kmsOperation,
    keyStoreId: ev.keyStoreId,
    keyId: ev.keyId,
    status: ev.status,
    errorName: ev.errorName,
    reason: ev.reason,
    durationMs: Math.round(ev.durationMs * 1000) / 1000,
  };
}

export async function startDaemon(cfg: Config, logWrite?: (line: string) => void): Promise<Daemon> {
  const log = createLogger(cfg.log.level, logWrite);
  mkdirSync(cfg.dataDir, { recursive: true, mode: 0o700 });
  const sealer = createSealer(loadOrCreateMasterKey(join(cfg.dataDir, "master.key")));
  const dbPath = join(cfg.dataDir, "xks-proxy.db");
  // Created 0600 before SQLite opens it: its -wal/-shm files inherit the database's mode.
  writeFileSync(dbPath, "", { mode: 0o600, flag: "a" });
  chmodSync(dbPath, 0o600);
  const store = openStore(dbPath);
  const tokens = adminTokens(cfg);
  const hsm = await openPartitions(cfg, log);

  // The main thread keeps its own view (health checks, admin health RPC); every data-plane thread
  // gets the same snapshot and must confirm it before an admin change is acknowledged.
  const keys = new KeyViewHolder();
  let snapshot = readSnapshot(store, sealer);
  keys.load(snapshot);

  const router = createCryptoRouter((label) => hsm?.get(label));
  const health = new HealthMonitor({
    keys,
    router,
    fleetOf: (s) => fleetOf(s, hsm),
    intervalMs: cfg.health.intervalMs,
    maxAgeMs: cfg.health.maxAgeMs,
    checkTimeoutMs: Math.max(cfg.xks.requestTimeoutMs, 1000),
  });

  const metrics = new Metrics();
  const audit = new AuditSink(store);
  const retention = new AuditRetention(store.audit, {
    onDeleted: (r) => log.info("audit retention deleted records", { ...r }),
    onError: (e) => log.warn("audit retention failed", { error: e instanceof Error ? e.message : String(e) }),
  });
  retention.start();
  // Unauthenticated failures: a few log lines per key store per second, then one summary line.
  const quietLog = new FailureLimiter({
    perWindow: 5,
    onSummary: (s) => log.warn("xks request failures suppressed", { keyStoreId: s.key || undefined, errorName: s.name, suppressed: s.suppressed }),
  });
  const observer = {
    done(ev: XksRequestEvent) {
      // answered before SigV4 succeeded (no accessKeyId): anyone can send these at line rate
      const failed = ev.errorName !== undefined || ev.status >= 400;
      const authenticated = ev.accessKeyId !== undefined;
      if (!failed || authenticated || quietLog.admit(ev.keyStoreId ?? "", ev.errorName ?? `HTTP ${ev.status}`)) {
        log.log(ev.status >= 500 ? "warn" : "info", "xks request", requestLogFields(ev));
      }
      metrics.requests.inc({ operation: ev.operation, key_store: ev.keyStoreId ?? "", error_name: ev.errorName ?? "" });
      metrics.latency.observe({ operation: ev.operation }, ev.durationMs / 1000);
      if (ev.errorName === "ThrottlingException") metrics.throttled.inc({ key_store: ev.keyStoreId ?? "" });
      const ks = ev.keyStoreId ? keys.current.byId.get(ev.keyStoreId) : undefined;
      if (ks && (failed || ks.record.enableSuccessAuditEvent)) {
        audit.record({
          kind: "xks",
          operation: ev.operation,
          keyStoreId: ev.keyStoreId,
          keyId: ev.keyId,
          kmsRequestId: ev.kmsRequestId,
          outcome: failed ? "failure" : "success",
          errorName: ev.errorName,
          authenticated,
          at: new Date().toISOString(),
        });
      }
    },
  };
  const backendsReady = () => !hsm || hsm.all().every((p) => p.health() !== "UNAVAILABLE");
  const { threads, ...xksSettings } = cfg.xks;
  const plane = await startDataPlane({
    threads,
    settings: {
      ...xksSettings,
      vendor: PRODUCT,
      model: `${PRODUCT} ${VERSION}`,
      ekmVendor: { local: PRODUCT, "luna-hsm": "Thales Group" },
    },
    current: () => ({ snapshot, generation: keys.current.generation }),
    partition: (label) => hsm?.get(label),
    health: async (id) => {
      const s = keys.current.byId.get(id);
      if (!s) throw new Error(`key store ${id} not found`);
      return health.report(s);
    },
    observer,
    ready: backendsReady(),
    onThreadError: (index, e) => log.error("data-plane thread failed; restarting it", { thread: index, error: e.message }),
    onAcceptPause: (paused, open, limit) =>
      paused ? log.warn("near the open-file limit: not accepting XKS connections", { open, limit }) : log.info("accepting XKS connections again", { open, limit }),
  });
  const reload = async () => {
    snapshot = readSnapshot(store, sealer);
    const v = keys.load(snapshot);
    await plane.publish(snapshot, v.generation);
    log.info("key view loaded", { generation: v.generation, keyStores: v.byId.size });
  };
  health.start();

  const admin = await startAdminServer({
    store,
    sealer,
    hsm,
    partitions: cfg.pkcs11?.partitions.map((p) => p.label) ?? [],
    onChange: reload,
    healthCheck: async (id) => {
      const s = keys.current.byId.get(id);
      if (!s) throw new Error(`key store ${id} not found`);
      return health.checkNow(s);
    },
    host: cfg.admin.host,
    port: cfg.admin.port,
    tokens,
    audit,
  });

  metrics.watchPools(() => (hsm?.all() ?? []).map((p) => ({ id: p.id, ...p.stats() })));
  const readinessTimer = setInterval(() => plane.setReady(backendsReady()), 1000);
  readinessTimer.unref();
  const metricsServer = await metrics.serve(cfg.metrics.host, cfg.metrics.port);

  log.info("xks-proxy started", {
    version: VERSION,
    xks: `${cfg.xks.tls ? "https" : "http"}://${cfg.xks.host}:${plane.port}`,
    threads: plane.threads,
    admin: `${cfg.admin.host}:${admin.port}`,
    metrics: `http://${cfg.metrics.host}:${metricsServer.port}/metrics`,
    dataDir: cfg.dataDir,
    keyTiers: hsm ? ["local", "luna-hsm"] : ["local"],
  });

  let stopped: Promise<void> | undefined;
  return {
    xksPort: plane.port,
    adminPort: admin.port,
    metricsPort: metricsServer.port,
    adminToken: tokens[0]!,
    stop() {
      stopped ??= (async () => {
        log.info("xks-proxy stopping: draining in-flight requests");
        await plane.close();
        health.stop();
        clearInterval(readinessTimer);
        await admin.close();
        await metricsServer.close();
        quietLog.close();
        await retention.stop();
        await audit.close();
        await hsm?.close();
        store.close();
        log.info("xks-proxy stopped");
      })();
      return stopped;
    },
  };
}
