import { readFileSync } from "node:fs";

/**
 * What is running: the package version, the git commit it was built from (dist/build-info.json,
 * written by scripts/build-info.mjs during `npm run build`; absent when built without git) and Node.
 */
export interface BuildInfo {
  version: string;
  /** full commit hash, "-dirty" appended when tracked files had changes; null when unknown */
  commit: string | null;
  node: string;
}

let cached: BuildInfo | undefined;

function readJson(relative: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(readFileSync(new URL(relative, import.meta.url), "utf8")) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

export function buildInfo(): BuildInfo {
  if (cached) return cached;
  // src/obs/ and dist/obs/ both sit two levels below the package root
  const version = readJson("../../package.json")?.version;
  const commit = readJson("../build-info.json")?.commit;
  cached = {
    version: typeof version === "string" ? version : "unknown",
    commit: typeof commit === "string" ? commit : null,
    node: process.version,
  };
  return cached;
}
