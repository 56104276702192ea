import * as grpc from "@grpc/grpc-js";
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { format } from "node:util";
import { startAdminServer, type AdminServer } from "./admin/server.js";
import { readPin, type Config } from "./config/config.js";
import { isLoopback } from "./config/schema.js";
import type { BackendHealthStatus } from "./crypto/backend.js";
import { HaPartition, Pkcs11Backends, Pkcs11Partition, type ManagedPartition } from "./crypto/pkcs11/index.js";
import { createCryptoRouter } from "./crypto/router.js";
import type { KeyStoreRecord } from "./keys/records.js";
import type { Sealer } from "./keys/sealer.js";
import { lockNodeDataDir, openFleetStore } from "./datadir/fleet.js";
import { loadOrCreateAdminToken, openDataDir } from "./datadir/open.js";
import { ChangeFollower } from "./keys/follower.js";
import { KeyViewHolder } from "./keys/view.js";
import { assertPortsFree, describeListenError, type PortUse } from "./lifecycle/ports.js";
import { raiseFileLimit } from "./lifecycle/nofile.js";
import { Teardown } from "./lifecycle/teardown.js";
import { readTlsFiles } from "./lifecycle/tls-files.js";
import { reloadTls } from "./lifecycle/tls-reload.js";
import { AuditRetention } from "./jobs/audit-retention.js";
import { CredentialRotation } from "./jobs/credential-rotation.js";
import { advisoryLeases, Singleton, soleLeases } from "./jobs/singleton.js";
import { untilStoreAvailable } from "./lifecycle/store-wait.js";
import { AuditSink } from "./obs/audit.js";
import { buildInfo } from "./obs/build-info.js";
import { FailureLimiter } from "./obs/failure-limiter.js";
import { createLogger, type Logger } from "./obs/logger.js";
import { Metrics } from "./obs/metrics.js";
import { readChanges } from "./store/changes.js";
import type { Store } from "./store/db.js";
import { FleetMembership } from "./store/membership.js";
import { CHANGES_CHANNEL, PostgresEngine } from "./store/postgres/engine.js";
import { readSnapshotAt } from "./store/snapshot.js";
import { HealthMonitor, type FleetMember } from "./xks/health-monitor.js";
import { startDataPlane } from "./xks/plane.js";
import type { XksRequestEvent, XksSuccessTally } from "./xks/server.js";

/** The composition root: builds every part from the config, starts them, and stops them in order. */
export const PRODUCT = "xks-proxy";
export const VERSION = buildInfo().version;

export interface Daemon {
  xksPort: number;
  adminPort: number;
  metricsPort: number;
  adminToken: string;
  /** SIGHUP: reads the TLS files again; new connections get the new certificates (lifecycle/tls-reload.ts) */
  reloadTls(): void;
  stop(): Promise<void>;
}

const LOCAL_MEMBER: FleetMember = { id: "local-key-tier", model: `${PRODUCT} ${VERSION} software AES-256-GCM key tier`, status: () => "ACTIVE" };

/** Opens every configured partition; one that fails closes those already open (sessions, logins). */
async function openPartitions(cfg: Config, log: Logger): Promise<Pkcs11Backends | null> {
  if (!cfg.pkcs11) return null;
  const parts: ManagedPartition[] = [];
  const opened: Pkcs11Partition[] = [];
  try {
    for (const p of cfg.pkcs11.partitions) {
      const pin = readPin(p, process.env);
      const members: Pkcs11Partition[] = [];
      for (const tokenLabel of p.members ?? [p.label]) {
        const m = await Pkcs11Partition.open({ modulePath: cfg.pkcs11.modulePath, tokenLabel, pin, sessions: p.sessions, useHsmIv: p.useHsmIv, maxQueue: p.maxQueue });
        opened.push(m);
        log.info("pkcs11 token ready", { partition: p.label, token: tokenLabel, model: m.model, sessions: p.sessions });
        members.push(m);
      }
      parts.push(p.members ? new HaPartition(p.label, members) : members[0]!);
    }
  } catch (e) {
    for (const m of opened.reverse()) await m.close().catch(() => undefined);
    throw e;
  }
  return new Pkcs11Backends(parts);
}

/** A bind that fails after the start-time port check (a race) still names the port. */
function listening<T>(use: PortUse, start: Promise<T>): Promise<T> {
  return start.catch((e: unknown) => {
    throw new Error(describeListenError(use, e));
  });
}

/** grpc-js writes its own lines to stderr; they belong in the daemon's JSON log like everything else. */
function routeGrpcLogs(log: Logger): void {
  const to = (level: "warn" | "info") => (...args: unknown[]) => log.log(level, "grpc", { message: format(...args) });
  grpc.setLogger({ error: to("warn"), info: to("info"), debug: to("info") });
}

function logFileLimit(log: Logger): void {
  const r = raiseFileLimit();
  if (r.failure) log.warn("open-file limit not raised to the hard limit", { soft: r.after?.soft, hard: r.after?.hard, reason: r.failure });
  else if (r.after) log.info("open-file limit", { soft: r.after.soft, hard: r.after.hard, raisedFrom: r.before && r.before.soft < r.after.soft ? r.before.soft : undefined });
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

/**
 * Starts every part in order. Any start failure stops what was already started, in reverse order
 * (threads joined, HSM sessions closed, the data dir unlocked), then rejects with one line.
 */
/** How often a fleet node reads the change log even without a notification (a safety net only). */
const CATCH_UP_POLL_MS = 5_000;

/**
 * Starts the daemon. `stopSignal` aborts a start that is still waiting for its database (a fleet
 * node started while PostgreSQL is down): the start then rejects with the signal's reason.
 */
export async function startDaemon(cfg: Config, logWrite?: (line: string) => void, stopSignal: AbortSignal = new AbortController().signal): Promise<Daemon> {
  const log = createLogger(cfg.log.level, logWrite);
  routeGrpcLogs(log);
  const parts = new Teardown();
  const unwind = () => parts.unwind((name, e) => log.warn("stopping a part failed", { part: name, error: e.message }));
  try {
    return await startParts(cfg, log, parts, unwind, stopSignal);
  } catch (e) {
    await unwind();
    throw e;
  }
}

async function startParts(cfg: Config, log: Logger, parts: Teardown, unwind: () => Promise<void>, stopSignal: AbortSignal): Promise<Daemon> {
  // The embedded store opens with its data dir, at once. A fleet database may be down: it is
  // reached once the data plane listens, so /readyz answers 503 (not a refused connection) while
  // the node waits for it, and every admin part starts only after the state has been loaded.
  let opened: { store: Store; sealer: Sealer } | undefined;
  if (cfg.store.url) {
    const lock = lockNodeDataDir(cfg.dataDir);
    parts.add("data dir", () => lock.release());
    parts.add("store", async () => opened?.store.close());
  } else {
    const dataDir = await openDataDir(cfg.dataDir);
    parts.add("data dir", () => dataDir.close());
    opened = dataDir;
  }
  logFileLimit(log);

  const xksUse: PortUse = { what: "XKS data plane", host: cfg.xks.host, port: cfg.xks.port };
  const adminUse: PortUse = { what: "admin API", host: cfg.admin.host, port: cfg.admin.port };
  const metricsUse: PortUse = { what: "metrics endpoint", host: cfg.metrics.host, port: cfg.metrics.port };
  await assertPortsFree([xksUse, adminUse, metricsUse]);
  if (cfg.xks.tls) readTlsFiles({ ...cfg.xks.tls, clientCaFile: cfg.xks.tls.clientAuth?.caFile });
  const adminTls = cfg.admin.tls ? readTlsFiles(cfg.admin.tls, "admin ") : undefined;
  // the config refuses this unless admin.insecure says so: it must not pass unremarked either
  if (!adminTls && !isLoopback(cfg.admin.host)) {
    log.warn("admin API without TLS on a non-loopback address (admin.insecure): the bearer token crosses the network in clear", { admin: `${cfg.admin.host}:${cfg.admin.port}` });
  }
  const tokens = cfg.admin.tokens.length > 0 ? cfg.admin.tokens : [loadOrCreateAdminToken(cfg.dataDir)];

  const hsm = await openPartitions(cfg, log);
  if (hsm) parts.add("pkcs11 partitions", () => hsm.close());

  // The main thread keeps its own view (health checks, admin health RPC) and follows the change
  // log from the seq its start-up snapshot reflects; every data-plane thread gets the snapshot
  // once loaded and each change after as a delta, and must confirm it before an admin change is
  // acknowledged (see README "How changes reach the data plane").
  const keys = new KeyViewHolder();

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
  const unauthenticatedPerSecond = cfg.audit.unauthenticatedFailuresPerSecond;
  // records wait in the sink until the store is reached (and while it is unreachable)
  const audit = new AuditSink(() => opened?.store, {
    unauthenticatedFailuresPerSecond: unauthenticatedPerSecond,
    onError: (e) => log.error("audit write failed", { error: e instanceof Error ? e.message : String(e) }),
  });
  parts.add("audit sink", () => audit.close());
  metrics.watchAudit(() => ({ dropped: audit.dropped, suppressed: audit.suppressed }));
  // Unauthenticated failures: a few log lines per key store per second, then one summary line.
  const quietLog = new FailureLimiter({
    perWindow: unauthenticatedPerSecond,
    onSummary: (s) => log.warn("xks request failures suppressed", { keyStoreId: s.key || undefined, errorName: s.name, suppressed: s.suppressed }),
  });
  parts.add("log limiter", () => quietLog.close());
  const observer = {
    done(ev: XksRequestEvent) {
      // answered before SigV4 succeeded (no accessKeyId): anyone can send these at line rate
      const failed = ev.errorName !== undefined || ev.status >= 400;
      const authenticated = ev.accessKeyId !== undefined;
      const level = ev.status >= 500 ? "warn" : "info";
      if ((!failed || authenticated || quietLog.admit(ev.keyStoreId ?? "", ev.errorName ?? `HTTP ${ev.status}`)) && log.enabled(level)) {
        log.log(level, "xks request", requestLogFields(ev));
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
    // successes the data plane did not send as events: not logged at this level, no success audit
    tally(t: XksSuccessTally) {
      metrics.requests.inc({ operation: t.operation, key_store: t.keyStoreId, error_name: "" }, t.durationsMs.length);
      for (const ms of t.durationsMs) metrics.latency.observe({ operation: t.operation }, ms / 1000);
    },
  };
  const backendsReady = () => !hsm || hsm.all().every((p) => p.health() !== "UNAVAILABLE");
  let loaded = false;
  const isReady = () => loaded && backendsReady();
  const { threads, ...xksSettings } = cfg.xks;
  let started = false;
  const plane = await startDataPlane({
    threads,
    settings: {
      ...xksSettings,
      vendor: PRODUCT,
      model: `${PRODUCT} ${VERSION}`,
      ekmVendor: { local: PRODUCT, "luna-hsm": "Thales Group" },
      successEvents: log.enabled("info"),
    },
    current: () => ({ snapshot: keys.snapshot(), generation: keys.current.generation }),
    partition: (label) => hsm?.get(label),
    health: async (id) => {
      const s = keys.current.byId.get(id);
      if (!s) throw new Error(`key store ${id} not found`);
      return health.report(s);
    },
    observer,
    ready: false,
    onThreadError: (index, e) => log.error("data-plane thread failed; restarting it", { thread: index, error: e.message }),
    onAcceptPause: (paused, open, limit) =>
      paused ? log.warn("near the open-file limit: not accepting XKS connections", { open, limit }) : log.info("accepting XKS connections again", { open, limit }),
  });
  if (plane.transportFallback) {
    log.warn("uWebSockets.js does not load on this Node: the XKS data plane runs on node:http (xks.transport auto)", { reason: plane.transportFallback, threads: plane.threads });
  }
  metrics.watchAcceptPauses(() => plane.acceptPauses());
  // in-flight requests are drained on a stop; a failed start has none to wait for
  parts.add("data plane", () => plane.close(started ? undefined : 0));

  const { store, sealer } = (opened ??= await untilStoreAvailable(
    () => openFleetStore({ url: cfg.store.url!, passwordFile: cfg.store.passwordFile, maxConnections: cfg.store.poolSize, masterKeyFile: cfg.masterKeyFile, onIdleError: (reason) => log.warn("database connection lost", { reason }) }),
    { signal: stopSignal, onRetry: (attempt, retryInMs, reason) => log.warn("database unavailable; retrying", { attempt, retryInMs, reason }) },
  ));
  const initial = await readSnapshotAt(store, sealer);
  keys.load(initial.snapshot);
  await plane.publish(keys.snapshot(), keys.current.generation);
  loaded = true;
  plane.setReady(isReady());
  const clientAuth = cfg.xks.tls?.clientAuth;
  if (clientAuth && !clientAuth.subjects && ![...keys.current.byId.values()].some((s) => s.mtlsSubject !== null)) {
    // fail closed, but say so: the derived subjects are empty until a store turns mTLS on
    log.warn("xks.tls.clientAuth names no subjects and no key store has mtls_enabled: every client certificate is refused until one does", { caFile: clientAuth.caFile });
  }

  // Work that must run once per fleet: on PostgreSQL the node holding an advisory lock runs it.
  const leases = store.sql instanceof PostgresEngine ? advisoryLeases(store.sql) : soleLeases;
  const retention = new Singleton(
    "audit-retention",
    leases,
    () => {
      const job = new AuditRetention(store.audit, {
        retentionDays: cfg.audit.retentionDays,
        maxRecords: cfg.audit.maxRecords,
        onDeleted: (r) => log.info("audit retention deleted records", { ...r }),
        onError: (e) => log.warn("audit retention failed", { error: e instanceof Error ? e.message : String(e) }),
      });
      job.start();
      return job;
    },
    {
      retryMs: cfg.fleet.timeoutMs,
      onChange: (held) => log.info(held ? "this node runs audit retention for the fleet" : "this node no longer runs audit retention"),
      onError: (e) => log.log("debug", "audit retention lease not taken", { error: e instanceof Error ? e.message : String(e) }),
    },
  );
  await retention.start();
  parts.add("audit retention", () => retention.stop());
  const follower = new ChangeFollower(
    keys,
    {
      read: (afterSeq) => readChanges(store, sealer, afterSeq),
      applied: async (seq) => {
        await store.changeLog.prune(seq);
      },
    },
    (c) => ("snapshot" in c ? plane.publish(c.snapshot, c.generation) : plane.publishDelta(c.delta, c.from, c.generation, () => keys.current.byId.keys())),
    initial.seq,
  );
  await store.changeLog.prune(initial.seq);
  const reload = async () => {
    const r = await follower.catchUp();
    if (r.changed > 0) log.info("key view updated", { generation: r.generation, seq: r.seq, entities: r.changed, whole: r.full });
  };
  health.start();
  parts.add("health monitor", () => health.stop());

  // The store's reachability, from the change listener's connection and the heartbeats. While it
  // is down the data plane serves from memory; admin calls fail UNAVAILABLE naming the database.
  let admin: AdminServer | undefined;
  const reach = { listener: true, heartbeat: true };
  let storeUp = true;
  const setReach = (part: keyof typeof reach, up: boolean, reason?: string) => {
    reach[part] = up;
    const now = reach.listener && reach.heartbeat;
    if (now === storeUp) return;
    storeUp = now;
    if (now) log.info("store reachable again", { store: store.location });
    else log.warn("store unreachable: XKS requests are served from memory, admin calls fail until it is back", { store: store.location, reason });
    admin?.setStoreAvailable(now);
  };

  const membership = new FleetMembership(
    store.sql,
    { id: randomUUID(), host: hostname(), version: VERSION, startedAt: new Date().toISOString() },
    {
      heartbeatMs: cfg.fleet.heartbeatMs,
      timeoutMs: cfg.fleet.timeoutMs,
      appliedSeq: () => follower.appliedSeq,
      onLiveCount: (n) => {
        plane.setFleetSize(n);
        log.info("fleet size changed", { liveNodes: n });
      },
      onBeat: (e) => setReach("heartbeat", e === undefined, e instanceof Error ? e.message : undefined),
    },
  );
  // the data dir lock makes an embedded store's daemon the only one: older rows are its own past runs
  if (store.sql.dialect === "sqlite") await membership.forgetOthers();
  await membership.start();
  plane.setFleetSize(membership.liveCount);
  parts.add("fleet membership", () => membership.stop());

  if (store.sql instanceof PostgresEngine) {
    // Other nodes' changes: NOTIFY rings, a catch-up read by seq answers. Notifications lost while
    // disconnected are harmless: every (re)connect and a slow poll catch up from the applied seq.
    let running: Promise<void> | undefined;
    let again = false;
    const ring = () => {
      if (running) {
        again = true;
        return;
      }
      running = (async () => {
        do {
          again = false;
          await reload();
        } while (again);
      })()
        .catch((e: unknown) => {
          if (storeUp) log.warn("catching up with the change log failed; retrying", { error: e instanceof Error ? e.message : String(e) });
        })
        .finally(() => (running = undefined));
    };
    const listener = store.sql.listen(
      CHANGES_CHANNEL,
      () => ring(),
      (s) => {
        setReach("listener", s.connected, s.reason);
        if (s.connected) ring();
      },
    );
    parts.add("change listener", () => listener.close());
    const poll = setInterval(ring, CATCH_UP_POLL_MS);
    poll.unref();
    parts.add("change poll", () => clearInterval(poll));
  }

  admin = await listening(
    adminUse,
    startAdminServer({
      store,
      sealer,
      fleet: { selfId: membership.self.id, list: () => membership.list() },
      hsm,
      partitions: cfg.pkcs11?.partitions.map((p) => p.label) ?? [],
      onChange: reload,
      clientAuth: cfg.xks.tls?.clientAuth !== undefined,
      minRotationIntervalSeconds: cfg.credentialRotation.minIntervalSeconds,
      healthCheck: async (id) => {
        const s = keys.current.byId.get(id);
        if (!s) throw new Error(`key store ${id} not found`);
        return health.checkNow(s);
      },
      host: cfg.admin.host,
      port: cfg.admin.port,
      tls: adminTls,
      tokens,
      audit,
      maxMessageBytes: cfg.admin.maxMessageBytes,
      log,
    }),
  );
  const adminServer = admin;
  parts.add("admin API", () => adminServer.close());
  // Scheduled credential rotation of linked key stores: one node of the fleet runs it, as audit retention.
  const rotation = new Singleton(
    "credential-rotation",
    leases,
    () => {
      const job = new CredentialRotation(
        { store, sealer, onChange: reload, fleet: { selfId: membership.self.id, list: () => membership.list() } },
        {
          tickMs: cfg.credentialRotation.tickMs,
          graceMs: cfg.credentialRotation.pruneGraceSeconds * 1000,
          onEvent: (e) =>
            e.event === "failed" ? log.warn("credential rotation step failed; retried at the next tick", { keyStore: e.keyStoreId, error: e.detail }) : log.info(`credential rotation ${e.event}`, { keyStore: e.keyStoreId, detail: e.detail }),
        },
      );
      job.start();
      return job;
    },
    {
      retryMs: cfg.fleet.timeoutMs,
      onChange: (held) => log.info(held ? "this node runs credential rotation for the fleet" : "this node no longer runs credential rotation"),
      onError: (e) => log.log("debug", "credential rotation lease not taken", { error: e instanceof Error ? e.message : String(e) }),
    },
  );
  await rotation.start();
  parts.add("credential rotation", () => rotation.stop());
  adminServer.setStoreAvailable(storeUp);
  metrics.watchStore(() => ({ engine: store.sql.dialect, up: storeUp, appliedSeq: follower.appliedSeq, fleetSize: membership.liveCount }));

  metrics.watchPools(() => (hsm?.all() ?? []).map((p) => ({ id: p.id, ...p.stats() })));
  metrics.watchPartitions(() =>
    (hsm?.all() ?? []).flatMap((p) => (p instanceof HaPartition ? p.members : [p]).map((m) => ({ partition: p.id, member: m.id, status: m.health() }))),
  );
  const readinessTimer = setInterval(() => plane.setReady(isReady()), 1000);
  readinessTimer.unref();
  parts.add("readiness timer", () => clearInterval(readinessTimer));
  const metricsServer = await listening(metricsUse, metrics.serve(cfg.metrics.host, cfg.metrics.port));
  parts.add("metrics endpoint", () => metricsServer.close());
  started = true;

  log.info("xks-proxy started", {
    version: VERSION,
    xks: `${cfg.xks.tls ? "https" : "http"}://${cfg.xks.host}:${plane.port}`,
    threads: plane.threads,
    transport: plane.transport,
    admin: `${cfg.admin.host}:${adminServer.port}`,
    adminTls: cfg.admin.tls ? (cfg.admin.tls.clientCaFile ? "mutual" : "server") : "off",
    metrics: `http://${cfg.metrics.host}:${metricsServer.port}/metrics`,
    dataDir: cfg.dataDir,
    store: store.location,
    fleetNode: membership.self.id,
    pid: process.pid,
    keyTiers: hsm ? ["local", "luna-hsm"] : ["local"],
  });

  let stopped: Promise<void> | undefined;
  return {
    xksPort: plane.port,
    adminPort: adminServer.port,
    metricsPort: metricsServer.port,
    adminToken: tokens[0]!,
    reloadTls: () => reloadTls(cfg, { plane, admin, log }),
    stop() {
      stopped ??= (async () => {
        log.info("xks-proxy stopping: draining in-flight requests");
        await unwind();
        log.info("xks-proxy stopped");
      })();
      return stopped;
    },
  };
}

/**
 * `xks-proxy serve`: runs the daemon until SIGTERM or SIGINT, then stops it (draining in-flight
 * requests) and resolves 0. The handlers are installed before the start, so a signal that arrives
 * while the daemon is starting stops it once started instead of killing it half-way. A start
 * failure rejects with its one-line message (the daemon has stopped whatever it had started).
 * SIGHUP reloads the TLS certificates; it never ends the process (Node's default for it): during
 * the start (which reads the files anyway) and the drain it does nothing.
 */
export async function serveUntilSignal(cfg: Config): Promise<number> {
  let running: Daemon | undefined;
  const hangup = () => running?.reloadTls();
  process.on("SIGHUP", hangup);
  try {
    return await serveUntilStop(cfg, (d) => (running = d));
  } finally {
    process.off("SIGHUP", hangup);
  }
}

async function serveUntilStop(cfg: Config, serving: (d: Daemon | undefined) => void): Promise<number> {
  let received: string | undefined;
  let wake = () => {};
  // a start still waiting for its database ends at the signal instead of waiting on
  const starting = new AbortController();
  const handlers = (["SIGTERM", "SIGINT"] as const).map((sig) => {
    const h = () => {
      received ??= sig;
      starting.abort(new Error(`${sig} received while waiting for the database`));
      wake();
    };
    process.on(sig, h);
    return () => process.off(sig, h);
  });
  // after the first signal, a second one ends the process at once (no second drain to wait for)
  const release = () => handlers.forEach((off) => off());
  let daemon: Daemon;
  try {
    try {
      daemon = await startDaemon(cfg, undefined, starting.signal);
    } catch (e) {
      if (received && starting.signal.aborted) {
        process.stderr.write(`${PRODUCT}: ${received} received before the start completed; stopped\n`);
        return 0;
      }
      throw e;
    }
    serving(daemon);
    await new Promise<void>((resolve) => {
      wake = resolve;
      if (received) resolve();
    });
  } finally {
    release();
  }
  process.stderr.write(`${PRODUCT}: ${received} received, shutting down\n`);
  serving(undefined);
  await daemon.stop();
  return 0;
}
