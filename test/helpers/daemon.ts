/**
 * Starts a real daemon (data plane on a chosen transport, gRPC admin, SQLite file or a PostgreSQL
 * database, SoftHSM2 partitions) on loopback.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildConfig, type Config } from "../../src/config/config.js";
import { startDaemon, type Daemon } from "../../src/main.js";
import { softhsm } from "../setup/softhsm.js";
import { adminClient, type AdminClient } from "./admin-client.js";
import { freshPgDatabase, type PgDatabase, type StoreEngine } from "./store-engines.js";

export interface TestDaemon {
  daemon: Daemon;
  admin: AdminClient;
  cfg: Config;
  logs: string[];
  dataDir: string;
  /** the PostgreSQL database it runs on (absent: the SQLite file in dataDir) */
  pg?: PgDatabase;
  stop(): Promise<void>;
}

export type TestTransport = "uws" | "node";

/** Whether uWebSockets.js has a native binary for this Node (the pinned build: Node 16/18/20 only). */
export const UWS_LOADS = await import("../../src/xks/transport/uws-binary.js").then(
  () => true,
  () => false,
);

/** The data-plane transports the shared suites run against: both where uWS loads, node alone elsewhere. */
export const TRANSPORTS: readonly TestTransport[] = UWS_LOADS ? ["uws", "node"] : ["node"];

export interface TestDaemonOptions {
  /** xks.transport (default: the config's default, auto) */
  transport?: TestTransport;
  /** attach the run's SoftHSM2 tokens as luna partitions */
  hsm?: boolean;
  sessions?: number;
  requestTimeoutMs?: number;
  dataDir?: string;
  xks?: Record<string, unknown>;
  /** replaces the default one-partition-per-token layout (PIN env var: XKS_TEST_HSM_PIN) */
  partitions?: Record<string, unknown>[];
  /** PKCS#11 module to load instead of SoftHSM2 itself (e.g. the fault-injection shim) */
  modulePath?: string;
  /** log.level (default info) */
  logLevel?: "debug" | "info" | "warn" | "error";
  /**
   * The store: "sqlite" (default, the file in dataDir), "postgres" (a fresh database on the test
   * file's cluster: see useStoreEngines) or a given database (a restart on the same state). On
   * PostgreSQL the daemon creates its master key in dataDir as a fleet's first node does.
   */
  store?: StoreEngine | PgDatabase;
  /** more top-level config sections (e.g. credentialRotation), merged over the defaults above */
  config?: Record<string, unknown>;
}

export async function startTestDaemon(o: TestDaemonOptions = {}): Promise<TestDaemon> {
  const dataDir = o.dataDir ?? mkdtempSync(join(tmpdir(), "xks-data-"));
  const file: Record<string, unknown> = {
    dataDir,
    xks: { port: 0, requestTimeoutMs: o.requestTimeoutMs ?? 200, ...(o.transport ? { transport: o.transport } : {}), ...o.xks },
    admin: { port: 0 },
    metrics: { port: 0 },
    log: { level: o.logLevel ?? "info" },
  };
  const pg = o.store === "postgres" ? await freshPgDatabase() : typeof o.store === "object" ? o.store : undefined;
  if (pg) {
    const passwordFile = join(dataDir, "pg.password");
    writeFileSync(passwordFile, pg.password, { mode: 0o600 });
    file.store = { url: pg.url, passwordFile };
  }
  if (o.hsm) {
    const env = softhsm();
    process.env.XKS_TEST_HSM_PIN = env.pin;
    file.pkcs11 = {
      modulePath: o.modulePath ?? env.module,
      partitions: o.partitions ?? env.tokens.map((label) => ({ label, pinEnv: "XKS_TEST_HSM_PIN", sessions: o.sessions ?? 4 })),
    };
  }
  const cfg = buildConfig({ ...file, ...o.config }, {});
  const logs: string[] = [];
  const daemon = await startDaemon(cfg, (line) => logs.push(line));
  const admin = adminClient(daemon.adminPort, daemon.adminToken);
  return {
    daemon,
    admin,
    cfg,
    logs,
    dataDir,
    pg,
    async stop() {
      admin.close();
      await daemon.stop();
      if (!o.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
