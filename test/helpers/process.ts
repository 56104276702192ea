/** Runs the built daemon (`node dist/cli/main.js serve`) as a real child process. */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const CLI = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const a = s.address();
      s.close(() => resolve(typeof a === "object" && a ? a.port : 0));
    });
  });
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

/**
 * `extra` is merged over the generated config (its `xks` over the generated port and threads);
 * `prefix` is a command the daemon runs under (e.g. setpriv to drop a capability).
 */
export async function spawnDaemon(dataDir: string, extra: Record<string, unknown> = {}, env: NodeJS.ProcessEnv = {}, prefix: string[] = []): Promise<DaemonProcess> {
  const [xksPort, adminPort, metricsPort] = [await freePort(), await freePort(), await freePort()];
  const token = randomBytes(24).toString("hex");
  const cfgFile = join(dataDir, "..", `cfg-${randomBytes(4).toString("hex")}.json`);
  const { xks, ...rest } = extra;
  writeFileSync(cfgFile, JSON.stringify({ dataDir, xks: { port: xksPort, threads: 2, ...(xks as object | undefined) }, admin: { port: adminPort, tokens: [token] }, metrics: { port: metricsPort }, ...rest }));
  const [cmd, ...args] = [...prefix, process.execPath, CLI, "serve", "--config", cfgFile];
  const child = spawn(cmd!, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
  const until = Date.now() + 20_000;
  while (!out.includes('"msg":"xks-proxy started"')) {
    if (child.exitCode !== null || Date.now() > until) throw new Error(`daemon did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { child, xksPort, adminPort, metricsPort, token, output: () => out, exited };
}
