/**
 * The data plane as separate daemon processes see it: one process per XKS port, and staying
 * responsive at the open-file limit.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { adminClient } from "./helpers/admin-client.js";
import { freePort, spawnDaemon, type DaemonProcess } from "./helpers/process.js";
import { send } from "./helpers/sign.js";

const CLI = fileURLToPath(new URL("../dist/cli/main.js", import.meta.url));
const dirs: string[] = [];
const procs: DaemonProcess[] = [];
function dataDir(): string {
  const root = mkdtempSync(join(tmpdir(), "xks-proc-"));
  dirs.push(root);
  const d = join(root, "data");
  mkdirSync(d);
  return d;
}
afterEach(() => {
  for (const p of procs.splice(0)) if (p.child.exitCode === null) p.child.kill("SIGKILL");
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Runs `serve` to its exit (or 20 s): a daemon that must fail at start. */
async function serveUntilExit(data: string, xksPort: number): Promise<{ code: number | null; output: string }> {
  const cfg = join(data, "..", `cfg-${randomBytes(4).toString("hex")}.json`);
  writeFileSync(cfg, JSON.stringify({ dataDir: data, xks: { port: xksPort, threads: 2 }, admin: { port: await freePort(), tokens: [randomBytes(24).toString("hex")] }, metrics: { port: await freePort() } }));
  const child = spawn(process.execPath, [CLI, "serve", "--config", cfg], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr.on("data", (d: Buffer) => (output += d.toString()));
  const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
  const code = await new Promise<number | null>((resolve) => child.on("exit", (c) => resolve(c)));
  clearTimeout(timer);
  return { code, output };
}

describe("one xks-proxy process per XKS port", () => {
  it("a second daemon (another data dir) on a served port exits 1 naming the port; the first keeps all traffic", async () => {
    const first = await spawnDaemon(dataDir());
    procs.push(first);
    const second = await serveUntilExit(dataDir(), first.xksPort);
    expect(second.code).toBe(1);
    expect(second.output).toContain(`XKS port 127.0.0.1:${first.xksPort} is already served by another xks-proxy process`);
    // every request reaches the first daemon: its key store answers (401 unsigned), never another's 404
    const admin = adminClient(first.adminPort, first.token);
    const ks = await admin.keyStores("Create", { name: "port-owner", region: "us-east-1" });
    admin.close();
    const answers = await Promise.all(Array.from({ length: 40 }, () => send(first.xksPort, `${ks.aws_param.xks_proxy_uri_path}/health`, "{}", {})));
    expect(answers.map((a) => a.status)).toEqual(Array(40).fill(401));
    expect(first.child.exitCode).toBeNull();
  });

  it("a port held by another program (no SO_REUSEPORT) is refused the same way, naming the port", async () => {
    const { createServer } = await import("node:net");
    const other = createServer();
    const port = await new Promise<number>((resolve) => other.listen(0, "127.0.0.1", () => resolve((other.address() as { port: number }).port)));
    try {
      const r = await serveUntilExit(dataDir(), port);
      expect(r.code).toBe(1);
      expect(r.output).toContain(`XKS port 127.0.0.1:${port} is in use by another process`);
    } finally {
      other.close();
    }
  });
});
