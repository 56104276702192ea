/**
 * The open-file limit: every connection is a descriptor, so the soft limit is raised to the hard
 * limit at start. Node itself already does this at startup on Linux (node.cc, PlatformInit); this
 * makes sure of it, with util-linux's prlimit(1) as the fallback because Node has no setrlimit,
 * and says what the daemon runs with.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

export interface FileLimit {
  soft: number;
  hard: number;
}

const parse = (v: string) => (v === "unlimited" ? Infinity : Number(v));

/** The process's nofile limits from /proc (Linux); undefined elsewhere. */
export function readFileLimit(pid: number | "self" = "self"): FileLimit | undefined {
  try {
    const line = readFileSync(`/proc/${pid}/limits`, "utf8")
      .split("\n")
      .find((l) => l.startsWith("Max open files"));
    const m = line?.match(/^Max open files\s+(\S+)\s+(\S+)/);
    return m ? { soft: parse(m[1]!), hard: parse(m[2]!) } : undefined;
  } catch {
    return undefined;
  }
}

export interface RaiseResult {
  before: FileLimit | undefined;
  after: FileLimit | undefined;
  /** why the soft limit stayed below the hard limit */
  failure?: string;
}

export function raiseFileLimit(): RaiseResult {
  const before = readFileLimit();
  if (!before || before.soft >= before.hard) return { before, after: before };
  const hard = before.hard === Infinity ? "unlimited" : String(before.hard);
  try {
    execFileSync("prlimit", ["--pid", String(process.pid), `--nofile=${hard}:${hard}`], { stdio: ["ignore", "ignore", "pipe"], timeout: 5000 });
  } catch (e) {
    return { before, after: readFileLimit(), failure: `prlimit failed: ${(e as Error).message.split("\n")[0]}` };
  }
  const after = readFileLimit();
  return { before, after, failure: after && after.soft < after.hard ? "prlimit left the soft limit unchanged" : undefined };
}
