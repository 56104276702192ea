// Child-process bookkeeping: every child started here is killed when the bench exits,
// whether it ends normally, throws, or gets Ctrl-C / SIGTERM.
import { spawn } from "node:child_process";
import { createServer } from "node:net";

const children = new Set();

export function spawnChild(cmd, args, opts = {}) {
  const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"], ...opts });
  children.add(child);
  child.output = "";
  const keep = (d) => { child.output = (child.output + d).slice(-20000); };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  child.exited = new Promise((resolve) => child.on("exit", (code, signal) => { children.delete(child); resolve({ code, signal }); }));
  return child;
}

/** Runs a command to completion (bounded by timeoutMs); resolves stdout, rejects with the output on failure. */
export async function run(cmd, args, { timeoutMs = 60_000, ...opts } = {}) {
  const child = spawnChild(cmd, args, opts);
  let out = "";
  child.stdout.on("data", (d) => { out += d; });
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  const { code, signal } = await child.exited;
  clearTimeout(timer);
  if (code !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (${signal ?? code}):\n${child.output.slice(-3000)}`);
  return out;
}

/** Stops a child: SIGTERM, then SIGKILL after graceMs. */
export async function stopChild(child, graceMs = 3000) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  child.kill("SIGTERM");
  const t = setTimeout(() => child.kill("SIGKILL"), graceMs);
  await child.exited;
  clearTimeout(t);
}

export function killAll() {
  for (const c of children) { try { c.kill("SIGKILL"); } catch { /* gone */ } }
  children.clear();
}

let hooked = false;
export function killChildrenOnExit() {
  if (hooked) return;
  hooked = true;
  process.on("exit", killAll);
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) {
    process.on(sig, () => { console.error(`\nbench: ${sig}, killing child processes`); killAll(); process.exit(130); });
  }
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export async function waitUntil(what, fn, timeoutMs = 30_000, child) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try { if (await fn()) return; } catch { /* not yet */ }
    if (child && (child.exitCode !== null || child.signalCode !== null)) throw new Error(`${what}: process exited (${child.signalCode ?? child.exitCode}):\n${child.output.slice(-3000)}`);
    if (Date.now() > end) throw new Error(`${what}: not ready after ${timeoutMs} ms${child ? `:\n${child.output.slice(-3000)}` : ""}`);
    await sleep(100);
  }
}
