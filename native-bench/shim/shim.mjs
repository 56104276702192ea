// Helpers for libxks-shim.so (see shim.c): build it, and drive it through its control file.
import { execFileSync } from "node:child_process";
import { renameSync, writeFileSync, unlinkSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

/** Absolute path of the built shim (may not exist yet: call buildShim()). */
export const SHIM_PATH = resolve(here, "..", "build", "libxks-shim.so");

/**
 * Builds native-bench/build/libxks-shim.so synchronously (fast no-op when up to date)
 * and returns its absolute path. Throws when the build fails.
 * @returns {string}
 */
export function buildShim() {
  execFileSync("bash", [join(here, "build.sh")], { stdio: ["ignore", "ignore", "inherit"] });
  return SHIM_PATH;
}

const KEYS = {
  latencyUs: "latency_us",
  jitterUs: "jitter_us",
  latencyAll: "latency_all",
  fail: "fail",
  failRate: "fail_rate",
  failCalls: "fail_calls",
  hangTimeoutMs: "hang_timeout_ms",
};

/**
 * Serialises settings to the control-file format. Accepts camelCase keys (latencyUs,
 * jitterUs, latencyAll, fail, failRate, failCalls, hangTimeoutMs) or the raw snake_case keys;
 * booleans become 1/0, arrays (failCalls) are comma-joined, undefined/null are skipped.
 * @param {Record<string, unknown>} settings
 * @returns {string}
 */
export function formatShimControl(settings = {}) {
  const lines = [];
  for (const [k, v] of Object.entries(settings)) {
    if (v === undefined || v === null) continue;
    const key = KEYS[k] ?? k;
    if (!Object.values(KEYS).includes(key)) throw new Error(`unknown xks-shim control key: ${k}`);
    const value = Array.isArray(v) ? v.join(",") : typeof v === "boolean" ? (v ? "1" : "0") : String(v);
    if (/[\r\n]/.test(value)) throw new Error(`xks-shim control value for ${k} contains a newline`);
    lines.push(`${key}=${value}`);
  }
  return lines.join("\n") + "\n";
}

/**
 * Atomically replaces the shim's control file (write temp file + rename), so the shim never
 * sees a half-written file; the new inode makes the change visible even within one mtime tick.
 * The shim notices within ~50 ms (hung calls within ~10 ms).
 * @param {string} file
 * @param {Record<string, unknown>} settings e.g. { latencyUs: 2000, fail: "device_error", failCalls: ["C_Encrypt"] }
 */
export function writeShimControl(file, settings = {}) {
  const tmp = `${file}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  try {
    writeFileSync(tmp, formatShimControl(settings), { mode: 0o644 });
    renameSync(tmp, file);
  } catch (err) {
    try { unlinkSync(tmp); } catch { /* already gone */ }
    throw err;
  }
}
