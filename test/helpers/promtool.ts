/** Debian's promtool (package `prometheus`, installed by .ci/run) and a /metrics scrape, for the metrics and packaging tests. */
import { spawnSync } from "node:child_process";

export function promtool(args: string[], input?: string): { status: number; out: string } {
  const r = spawnSync("promtool", args, { input, encoding: "utf8" });
  if (r.error) throw new Error(`promtool cannot run (${r.error.message}): install Debian's prometheus package (.ci/run does)`);
  return { status: r.status ?? -1, out: `${r.stdout}${r.stderr}`.trim() };
}

export async function scrape(port: number): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${port}/metrics`);
  if (res.status !== 200) throw new Error(`/metrics answered ${res.status}`);
  return res.text();
}

/** Metric family name → type, from the exposition's `# TYPE` lines. */
export function families(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) out.set(m[1]!, m[2]!);
  return out;
}
