// wrk runner: installs wrk from apt when missing, runs it with a generated Lua script and reads the
// JSON summary the script's done() prints (plus wrk's own text as a fallback for errors).
import { execFileSync } from "node:child_process";
import { run } from "./proc.mjs";

export function ensureWrk() {
  try { execFileSync("wrk", ["--version"], { stdio: "ignore" }); } catch (e) {
    if (e.code !== "ENOENT") return; // wrk --version exits 1 but exists
    console.log("bench: wrk missing, apt-get install -y wrk");
    execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit" });
    execFileSync("apt-get", ["install", "-y", "-qq", "wrk"], { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
  }
}

/** → { rps, p50, p99 (ms), errors, requests, detail } */
export async function runWrk({ port, script, threads = 1, connections = 32, durationS = 10 }) {
  const args = ["--latency", `-t${threads}`, `-c${connections}`, `-d${durationS}s`, "--timeout", "5s", "-s", script, `http://127.0.0.1:${port}/`];
  const out = await run("wrk", args, { timeoutMs: (durationS + 30) * 1000 });
  const line = out.split("\n").find((l) => l.startsWith("WRKJSON "));
  if (!line) throw new Error(`wrk printed no summary:\n${out}`);
  const j = JSON.parse(line.slice(8));
  const socketErrors = j.connect + j.read + j.write + j.timeout;
  return {
    rps: j.requests / (j.duration_us / 1e6),
    p50: j.p50_us / 1000,
    p99: j.p99_us / 1000,
    errors: j.status + socketErrors,
    requests: j.requests,
    detail: { non2xx: j.status, connect: j.connect, read: j.read, write: j.write, timeout: j.timeout, maxMs: j.max_us / 1000, wrk: `wrk ${args.slice(0, 5).join(" ")}` },
  };
}
