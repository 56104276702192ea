/** Runs the built daemon (`node dist/cli/main.js serve`) as a real child process. */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type AddressInfo, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, expect } from "vitest";

const CLI = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));

/**
 * `n` distinct free ports: every probe stays bound until all are chosen, so the kernel cannot hand
 * the same ephemeral port out twice (it did, once, for a daemon's admin and metrics ports).
 */
export async function freePorts(n: number): Promise<number[]> {
  const held = await Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<Server>((resolve, reject) => {
          const s = createServer();
          s.once("error", reject);
          s.listen(0, "127.0.0.1", () => resolve(s));
        }),
    ),
  );
  const ports = held.map((s) => (s.address() as AddressInfo).port);
  await Promise.all(held.map((s) => new Promise((r) => s.close(r))));
  return ports;
}

export const freePort = async (): Promise<number> => (await freePorts(1))[0]!;

/**
 * A test file's scratch space: fresh data dirs (mode 0700, each under its own temp root) and the
 * daemons it spawns, killed and removed after every test.
 */
export function scratch(prefix: string): { root(): string; dataDir(): string; procs: DaemonProcess[] } {
  const roots: string[] = [];
  const procs: DaemonProcess[] = [];
  afterEach(() => {
    for (const p of procs.splice(0)) if (p.child.exitCode === null) p.child.kill("SIGKILL");
    for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
  });
  const root = () => {
    const r = mkdtempSync(join(tmpdir(), prefix));
    roots.push(r);
    return r;
  };
  return {
    root,
    dataDir() {
      const d = join(root(), "data");
      mkdirSync(d, { mode: 0o700 });
      return d;
    },
    procs,
  };
}

export interface DaemonProcess {
  child: ChildProcess;
  xksPort: number;
  adminPort: number;
  metricsPort: number;
  token: string;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface Launched {
  child: ChildProcess;
  ports: { xksPort: number; adminPort: number; metricsPort: number };
  token: string;
  output: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Writes a config next to the data dir and runs `serve` on it. `extra` is merged over the
 * generated config (its `xks` over the generated port and threads, its `admin` over the generated
 * port and token); `prefix` is a command the daemon runs under (e.g. setpriv to drop a capability).
 */
export async function launch(dataDir: string, extra: Record<string, unknown>, env: NodeJS.ProcessEnv, prefix: string[]): Promise<Launched> {
  const [xksPort, adminPort, metricsPort] = (await freePorts(3)) as [number, number, number];
  const token = randomBytes(24).toString("hex");
  const cfgFile = join(dataDir, "..", `cfg-${randomBytes(4).toString("hex")}.json`);
  const { xks, admin, ...rest } = extra;
  const cfg = {
    dataDir,
    xks: { port: xksPort, threads: 2, ...(xks as object | undefined) },
    admin: { port: adminPort, tokens: [token], ...(admin as object | undefined) },
    metrics: { port: metricsPort },
    ...rest,
  };
  writeFileSync(cfgFile, JSON.stringify(cfg));
  const [cmd, ...args] = [...prefix, process.execPath, CLI, "serve", "--config", cfgFile];
  const child = spawn(cmd!, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => ((out += d.toString()), (err += d.toString())));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on("close", (code, signal) => resolve({ code, signal })));
  return { child, ports: { xksPort: cfg.xks.port, adminPort: cfg.admin.port, metricsPort: cfg.metrics.port }, token, output: () => out, stderr: () => err, exited };
}

export async function spawnDaemon(dataDir: string, extra: Record<string, unknown> = {}, env: NodeJS.ProcessEnv = {}, prefix: string[] = []): Promise<DaemonProcess> {
  const { child, ports, token, output, exited } = await launch(dataDir, extra, env, prefix);
  const { xksPort, adminPort, metricsPort } = ports;
  const out = output;
  const until = Date.now() + 20_000;
  while (!out().includes('"msg":"xks-proxy started"')) {
    if (child.exitCode !== null || Date.now() > until) throw new Error(`daemon did not start:\n${out()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { child, xksPort, adminPort, metricsPort, token, output: out, exited };
}

export interface StartFailure {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  output: string;
}

/** Runs a daemon that is expected not to start, until it exits (a start would be a failure). */
export async function failedStart(dataDir: string, extra: Record<string, unknown> = {}, env: NodeJS.ProcessEnv = {}, prefix: string[] = []): Promise<StartFailure> {
  const l = await launch(dataDir, extra, env, prefix);
  const timer = setTimeout(() => l.child.kill("SIGKILL"), 20_000);
  l.child.stdout!.on("data", () => {
    if (l.output().includes('"msg":"xks-proxy started"')) l.child.kill("SIGKILL");
  });
  const { code, signal } = await l.exited;
  clearTimeout(timer);
  return { code, signal, stderr: l.stderr(), output: l.output() };
}

/** A refused start: exit 1 (no signal, no native abort) and exactly one `xks-proxy: ...` line on stderr. */
export function expectRefused(f: StartFailure, message: RegExp): void {
  expect(f.output).not.toMatch(/Aborted|uv_loop_close|Assertion failed|core dumped|Native stack trace/);
  expect({ code: f.code, signal: f.signal }).toEqual({ code: 1, signal: null });
  const lines = f.stderr.trimEnd().split("\n");
  expect(lines, f.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^xks-proxy: /);
  expect(lines[0]).toMatch(message);
}
