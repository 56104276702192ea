import { buildInfo, type BuildInfo } from "./build-info.js";
import { createServer, type Server } from "node:http";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/** One HSM partition's pool occupancy, read at scrape time. */
export interface PoolOccupancy {
  id: string;
  inUse: number;
  waiting: number;
}


export const PARTITION_STATUSES = ["ACTIVE", "DEGRADED", "UNAVAILABLE"] as const;
export type PartitionStatus = (typeof PARTITION_STATUSES)[number];

/**
 * The health of one token serving a partition: a single-token partition has one member (its own
 * label), an HA group one per member token.
 */
export interface PartitionMemberHealth {
  partition: string;
  member: string;
  status: PartitionStatus;
}

/** The audit sink's running totals since start. */
export interface AuditCounts {
  /** records lost (the sink's queue was full or the write failed) */
  dropped: number;
  /** records of unauthenticated failures held back by the per-key-store rate limit */
  suppressed: number;
}

/** The data plane's open-file guard: whether it is not accepting now, and how often it stopped. */
export interface AcceptPauses {
  paused: boolean;
  total: number;
}

export interface StoreState {
  engine: "sqlite" | "postgres";
  up: boolean;
  appliedSeq: number;
  fleetSize: number;
}


/**
 * Prometheus metrics on their own port. Labels are ids, statuses and error names only: never
 * secrets, access key ids or request contents.
 */
export class Metrics {
  readonly registry = new Registry();
  #pools: () => PoolOccupancy[] = () => [];
  #partitions: () => PartitionMemberHealth[] = () => [];
  #audit: () => AuditCounts = () => ({ dropped: 0, suppressed: 0 });
  #acceptPauses: () => AcceptPauses = () => ({ paused: false, total: 0 });
  #store: () => StoreState = () => ({ engine: "sqlite", up: true, appliedSeq: 0, fleetSize: 1 });

  readonly requests = new Counter({
    name: "xks_requests_total",
    help: "XKS API requests by operation, key store and error name (\"\" on success)",
    labelNames: ["operation", "key_store", "error_name"] as const,
    registers: [this.registry],
  });
  readonly latency = new Histogram({
    name: "xks_request_duration_seconds",
    help: "XKS API request latency by operation",
    labelNames: ["operation"] as const,
    buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.25, 0.5],
    registers: [this.registry],
  });
  readonly throttled = new Counter({
    name: "xks_throttled_requests_total",
    help: "Requests refused with ThrottlingException, by key store",
    labelNames: ["key_store"] as const,
    registers: [this.registry],
  });
  readonly poolInUse = new Gauge({
    name: "xks_backend_sessions_in_use",
    help: "HSM sessions busy with an operation, by partition",
    labelNames: ["partition"] as const,
    registers: [this.registry],
    collect: () => {
      for (const p of this.#pools()) this.poolInUse.set({ partition: p.id }, p.inUse);
    },
  });
  readonly poolWaiting = new Gauge({
    name: "xks_backend_requests_waiting",
    help: "Operations queued for a free HSM session, by partition",
    labelNames: ["partition"] as const,
    registers: [this.registry],
    collect: () => {
      for (const p of this.#pools()) this.poolWaiting.set({ partition: p.id }, p.waiting);
    },
  });
  /**
   * A state set: for every member token, 1 on its current status and 0 on the other two. A
   * partition is unavailable when all its members are: `min by (partition)
   * (xks_partition_health{status="UNAVAILABLE"}) == 1`.
   */
  readonly partitionHealth = new Gauge({
    name: "xks_partition_health",
    help: "HSM partition member health: 1 on the member's current status (ACTIVE, DEGRADED, UNAVAILABLE), 0 on the others",
    labelNames: ["partition", "member", "status"] as const,
    registers: [this.registry],
    collect: () => {
      // Reset first: a partition gone from the configuration leaves no stale series behind.
      this.partitionHealth.reset();
      for (const m of this.#partitions()) {
        for (const s of PARTITION_STATUSES) this.partitionHealth.set({ partition: m.partition, member: m.member, status: s }, m.status === s ? 1 : 0);
      }
    },
  });

  constructor(build: BuildInfo = buildInfo()) {
    // No prefix: the standard process_* and nodejs_* names that stock dashboards query.
    collectDefaultMetrics({ register: this.registry });
    // prom-client adds gauges named like counters (nodejs_active_{handles,requests,resources}_total),
    // which promtool rejects and rate() would misread. Each is only the sum of its labelled
    // sibling: `sum(nodejs_active_handles)` says the same.
    for (const m of this.registry.getMetricsAsArray()) {
      if (m.name.endsWith("_total") && String(m.type) !== "counter") this.registry.removeSingleMetric(m.name);
    }
    new Gauge({
      name: "xks_build_info",
      help: "Always 1; the labels say which build runs",
      labelNames: ["version", "commit", "node"] as const,
      registers: [this.registry],
    }).set({ version: build.version, commit: build.commit ?? "unknown", node: build.node }, 1);
    scrapedCounter(this.registry, "xks_audit_records_dropped_total", "Audit records lost (sink queue full or write failed)", () => this.#audit().dropped);
    scrapedCounter(this.registry, "xks_audit_records_suppressed_total", "Audit records of unauthenticated failures held back by the per-key-store rate limit", () => this.#audit().suppressed);
    scrapedCounter(this.registry, "xks_accept_paused_total", "Times the data plane stopped accepting connections near its open-file limit (the kernel refuses new ones meanwhile)", () => this.#acceptPauses().total);
    const store = () => this.#store();
    new Gauge({
      name: "xks_store_up",
      help: "1 while this node reaches its store (the database behind the admin plane); the data plane serves from memory either way",
      labelNames: ["engine"] as const,
      registers: [this.registry],
      collect() {
        const s = store();
        this.reset();
        this.set({ engine: s.engine }, s.up ? 1 : 0);
      },
    });
    new Gauge({
      name: "xks_store_applied_seq",
      help: "The last change-log seq this node's key view has applied (nodes of one fleet converge on the same value)",
      registers: [this.registry],
      collect() {
        this.set(store().appliedSeq);
      },
    });
    new Gauge({
      name: "xks_fleet_live_nodes",
      help: "Live nodes of this node's fleet (1 on the embedded store): the divisor of every key store's rate limit",
      registers: [this.registry],
      collect() {
        this.set(store().fleetSize);
      },
    });
    const pauses = () => this.#acceptPauses();
    new Gauge({
      name: "xks_accept_paused",
      help: "1 while the data plane is not accepting connections because it is near its open-file limit",
      registers: [this.registry],
      collect() {
        this.set(pauses().paused ? 1 : 0);
      },
    });
  }

  /** The pool gauges read `pools` at each scrape, so they are as fresh as the scrape itself. */
  watchPools(pools: () => PoolOccupancy[]): void {
    this.#pools = pools;
  }

  /** `xks_partition_health` reads every member's status at each scrape. */
  watchPartitions(partitions: () => PartitionMemberHealth[]): void {
    this.#partitions = partitions;
  }

  /** The store and fleet gauges read the node's state at each scrape. */
  watchStore(state: () => StoreState): void {
    this.#store = state;
  }

  /** The audit counters read the sink's totals at each scrape. */
  watchAudit(counts: () => AuditCounts): void {
    this.#audit = counts;
  }

  /** `xks_accept_paused_total` and `xks_accept_paused` read the data plane's open-file guard at each scrape. */
  watchAcceptPauses(pauses: () => AcceptPauses): void {
    this.#acceptPauses = pauses;
  }

  serve(host: string, port: number): Promise<{ port: number; close(): Promise<void> }> {
    const server: Server = createServer((req, res) => {
      if (req.method === "GET" && req.url === "/metrics") {
        this.registry.metrics().then(
          (text) => {
            res.writeHead(200, { "Content-Type": this.registry.contentType });
            res.end(text);
          },
          () => {
            res.writeHead(500);
            res.end();
          },
        );
        return;
      }
      res.writeHead(404);
      res.end();
    });
    // Scrapers need a few connections. Silent ones are held until headersTimeout (60 s), so without
    // a cap anyone reaching the port could take every descriptor and stop the data plane accepting.
    server.maxConnections = MAX_METRICS_CONNECTIONS;
    return new Promise((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, host, () => {
        const addr = server.address();
        resolve({
          port: typeof addr === "object" && addr ? addr.port : port,
          close: () => new Promise<void>((r) => server.close(() => r())),
        });
      });
    });
  }
}

/** Connections the metrics endpoint holds at once; more are closed at once. */
const MAX_METRICS_CONNECTIONS = 32;

/** A counter whose total is kept elsewhere and read at scrape time (it only ever grows there). */
function scrapedCounter(registry: Registry, name: string, help: string, total: () => number): void {
  new Counter({
    name,
    help,
    registers: [registry],
    collect() {
      this.reset();
      this.inc(total());
    },
  });
}
