#!/usr/bin/env node
// Writes dist/build-info.json with the git commit being built, read by src/obs/build-info.ts.
// Without git (or outside a checkout) it removes any stale file instead: a build never fails for it.
import { execFileSync } from "node:child_process";
import { realpathSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const out = new URL("../dist/build-info.json", import.meta.url);
const root = realpathSync(fileURLToPath(new URL("..", import.meta.url)));
const git = (...args) => execFileSync("git", args, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();

let commit;
try {
  // an unpacked tarball inside some other checkout must not report that checkout's commit
  if (realpathSync(git("rev-parse", "--show-toplevel")) !== root) throw new Error("not this package's checkout");
  commit = git("rev-parse", "HEAD");
  try {
    git("diff", "--quiet", "HEAD", "--");
  } catch {
    commit += "-dirty";
  }
} catch {
  commit = undefined;
}
if (commit && /^[0-9a-f]{40}(-dirty)?$/.test(commit)) writeFileSync(out, JSON.stringify({ commit }) + "\n");
else rmSync(out, { force: true });
