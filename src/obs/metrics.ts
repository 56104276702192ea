import { createServer, type Server } from "node:http";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/** One HSM partition's pool occupancy, read at scrape time. */
export interface PoolOccupancy {
  id: string;
  inUse: number;
  waiting: number;
}

/**
 * Prometheus metrics on their own port. Labels are ids and error names only: never secrets,
 * access key ids or request contents.
 */
export class Metrics {
  readonly registry = new Registry();
  #pools: () => PoolOccupancy[] = () => [];
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

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: "xks_process_" });
  }

  /** The pool gauges read `pools` at each scrape, so they are as fresh as the scrape itself. */
  watchPools(pools: () => PoolOccupancy[]): void {
    this.#pools = pools;
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
