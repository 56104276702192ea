/**
 * /metrics as Prometheus and stock dashboards read it: `promtool check metrics` finds nothing,
 * process_* and nodejs_* carry their standard names, and the xks_* families the dashboard and
 * alert rules in deploy/ query are there, fed at scrape time by their callbacks.
 */
import { randomBytes } from "node:crypto";
import { Registry, collectDefaultMetrics } from "prom-client";
import { afterEach, describe, expect, it } from "vitest";
import { Metrics } from "../src/obs/metrics.js";
import { startTestDaemon, type TestDaemon } from "./helpers/daemon.js";
import { eventually } from "./helpers/eventually.js";
import { families, promtool, scrape } from "./helpers/promtool.js";
import { meta } from "./helpers/dataplane-suite.js";
import { send, signedPost } from "./helpers/sign.js";

const running: TestDaemon[] = [];
const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const t of running.splice(0)) await t.stop();
  for (const s of servers.splice(0)) await s.close();
});

describe("metrics", () => {
  it("at log.level warn, successes the data plane only tallies are still counted and timed, and a store that audits successes still gets a record per request", async () => {
    const t = await startTestDaemon({ logLevel: "warn" });
    running.push(t);
    const sk = await t.admin.sourceKeys("Create", {});
    const stores: { id: string; path: string; cred: { accessKeyId: string; secretAccessKey: string } }[] = [];
    for (const [name, audited] of [["tallied", false], ["audited", true]] as const) {
      const ks = await t.admin.keyStores("Create", { name, kms: "111122223333", region: "us-east-1", enable_success_audit_event: audited });
      const keyId = (await t.admin.hyokKeys("Create", { local_hosted_params: { custom_key_store_id: ks.id, source_key_id: sk.id } })).id;
      stores.push({ id: ks.id as string, path: `${ks.aws_param.xks_proxy_uri_path}/keys/${keyId}/encrypt`, cred: { accessKeyId: ks.access_key_id, secretAccessKey: ks.secret_access_key } });
    }
    for (const s of stores) {
      for (let i = 0; i < 7; i++) {
        const r = await signedPost(t.daemon.xksPort, s.path, { requestMetadata: meta("Encrypt"), plaintext: randomBytes(16).toString("base64"), encryptionAlgorithm: "AES_GCM" }, s.cred);
        expect(r.status).toBe(200);
      }
    }
    await eventually(async () => {
      const text = await scrape(t.daemon.metricsPort);
      for (const s of stores) expect(text).toContain(`xks_requests_total{operation="Encrypt",key_store="${s.id}",error_name=""} 7\n`);
      expect(text).toMatch(/^xks_request_duration_seconds_count\{operation="Encrypt"\} 14$/m);
    });
    // audit records are written asynchronously: wait for all seven
    const records = (id: string) => t.admin.audit("List", { key_store_id: id, kind: "xks", limit: 1000 }).then((r) => r.resources as { outcome?: string }[]);
    await eventually(async () => expect((await records(stores[1]!.id)).filter((r) => r.outcome === "success")).toHaveLength(7));
    expect(await records(stores[0]!.id)).toHaveLength(0);
    expect(t.logs.join("")).not.toContain('"xks request"');
  });

  it("a real daemon's /metrics passes promtool check metrics, with standard process_/nodejs_ names and the xks_ families", async () => {
    const t = await startTestDaemon({ hsm: true });
    running.push(t);
    // one request so the request counter and histogram have samples, not only their headers
    expect((await send(t.daemon.xksPort, "/nowhere/kms/xks/v1/keys/k/encrypt", "{}", {})).status).toBe(404);
    const text = await eventually(async () => {
      const s = await scrape(t.daemon.metricsPort);
      expect(s).toMatch(/^xks_requests_total\{operation="Encrypt",key_store="",error_name="InvalidUriPathException"\} 1$/m);
      return s;
    });

    const lint = promtool(["check", "metrics"], text);
    expect(lint.out).toBe("");
    expect(lint.status).toBe(0);

    const f = families(text);
    for (const name of [
      "process_cpu_seconds_total",
      "process_resident_memory_bytes",
      "process_open_fds",
      "process_max_fds",
      "process_start_time_seconds",
      "nodejs_eventloop_lag_p99_seconds",
      "nodejs_heap_size_used_bytes",
      "nodejs_gc_duration_seconds",
      "nodejs_active_handles",
      "xks_requests_total",
      "xks_request_duration_seconds",
      "xks_throttled_requests_total",
      "xks_backend_sessions_in_use",
      "xks_backend_requests_waiting",
      "xks_partition_health",
      "xks_build_info",
      "xks_audit_records_dropped_total",
      "xks_audit_records_suppressed_total",
      "xks_accept_paused_total",
      "xks_accept_paused",
    ]) {
      expect(f.has(name), name).toBe(true);
    }
    // the old prefix is gone, and no gauge pretends to be a counter
    expect(text).not.toMatch(/^xks_process_/m);
    expect([...f].filter(([n, type]) => n.endsWith("_total") && type !== "counter")).toEqual([]);
    expect(text).toMatch(/^xks_build_info\{version="[^"]+",commit="[^"]+",node="[^"]+"\} 1$/m);
    for (const p of t.cfg.pkcs11!.partitions) expect(text).toMatch(new RegExp(`^xks_backend_sessions_in_use\\{partition="${p.label}"\\} 0$`, "m"));
  });

  it("build info, the partition state set and the audit/connection counters are read at each scrape", async () => {
    const m = new Metrics({ version: "9.8.7", commit: "0123abc", node: "v20.20.2" });
    const members: { partition: string; member: string; status: "ACTIVE" | "DEGRADED" | "UNAVAILABLE" }[] = [
      { partition: "ha", member: "tok-a", status: "ACTIVE" },
      { partition: "ha", member: "tok-b", status: "UNAVAILABLE" },
      { partition: "single", member: "single", status: "DEGRADED" },
    ];
    const audit = { dropped: 0, suppressed: 3 };
    let refused = 0;
    m.watchPartitions(() => members);
    m.watchAudit(() => audit);
    m.watchAcceptPauses(() => ({ paused: refused > 0, total: refused }));
    const srv = await m.serve("127.0.0.1", 0);
    servers.push(srv);

    const first = await scrape(srv.port);
    expect(first).toMatch(/^xks_build_info\{version="9\.8\.7",commit="0123abc",node="v20\.20\.2"\} 1$/m);
    const health = first.split("\n").filter((l) => l.startsWith("xks_partition_health{"));
    expect(health).toEqual([
      'xks_partition_health{partition="ha",member="tok-a",status="ACTIVE"} 1',
      'xks_partition_health{partition="ha",member="tok-a",status="DEGRADED"} 0',
      'xks_partition_health{partition="ha",member="tok-a",status="UNAVAILABLE"} 0',
      'xks_partition_health{partition="ha",member="tok-b",status="ACTIVE"} 0',
      'xks_partition_health{partition="ha",member="tok-b",status="DEGRADED"} 0',
      'xks_partition_health{partition="ha",member="tok-b",status="UNAVAILABLE"} 1',
      'xks_partition_health{partition="single",member="single",status="ACTIVE"} 0',
      'xks_partition_health{partition="single",member="single",status="DEGRADED"} 1',
      'xks_partition_health{partition="single",member="single",status="UNAVAILABLE"} 0',
    ]);
    expect(first).toMatch(/^xks_audit_records_dropped_total 0$/m);
    expect(first).toMatch(/^xks_audit_records_suppressed_total 3$/m);
    expect(first).toMatch(/^xks_accept_paused_total 0$/m);
    expect(first).toMatch(/^xks_accept_paused 0$/m);
    const lint = promtool(["check", "metrics"], first);
    expect(lint.out).toBe("");
    expect(lint.status).toBe(0);

    // the next scrape sees what changed since, and a partition that left leaves no series
    members.splice(0, 2);
    audit.dropped = 5;
    audit.suppressed = 40;
    refused = 12;
    const second = await scrape(srv.port);
    expect(second).not.toContain('partition="ha"');
    expect(second).toMatch(/^xks_audit_records_dropped_total 5$/m);
    expect(second).toMatch(/^xks_audit_records_suppressed_total 40$/m);
    expect(second).toMatch(/^xks_accept_paused_total 12$/m);
    expect(second).toMatch(/^xks_accept_paused 1$/m);
  });

  it("promtool's lint is not vacuous: prom-client's unfiltered defaults fail it by name", async () => {
    const r = new Registry();
    collectDefaultMetrics({ register: r });
    const lint = promtool(["check", "metrics"], await r.metrics());
    expect(lint.status).not.toBe(0);
    for (const n of ["nodejs_active_handles_total", "nodejs_active_requests_total", "nodejs_active_resources_total"]) {
      expect(lint.out).toContain(`${n} non-counter metrics should not have "_total" suffix`);
    }
  });
});
