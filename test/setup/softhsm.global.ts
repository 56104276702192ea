/**
 * Test-run setup: makes sure SoftHSM2 is installed (apt-get on a fresh machine) and creates
 * private tokens in a temp dir with their own SOFTHSM2_CONF, so tests never touch a system token.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";

export const SOFTHSM_MODULE_CANDIDATES = [
  "/usr/lib/softhsm/libsofthsm2.so",
  "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
  "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so",
];

export interface SoftHsmEnv {
  conf: string;
  module: string;
  tokens: string[];
  pin: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    softhsm: SoftHsmEnv;
  }
}

function findModule(): string | undefined {
  return SOFTHSM_MODULE_CANDIDATES.find((p) => existsSync(p));
}

function ensureSoftHsmInstalled(): string {
  let mod = findModule();
  if (mod) return mod;
  console.log("[test setup] SoftHSM2 missing: apt-get install -y softhsm2");
  execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit" });
  execFileSync("apt-get", ["install", "-y", "-qq", "softhsm2"], { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
  mod = findModule();
  if (!mod) throw new Error("SoftHSM2 installed but libsofthsm2.so not found");
  return mod;
}

let dir: string | undefined;

export default function setup(project: TestProject): () => void {
  const module = ensureSoftHsmInstalled();
  dir = mkdtempSync(join(tmpdir(), "xks-softhsm-"));
  const tokenDir = join(dir, "tokens");
  mkdirSync(tokenDir);
  const conf = join(dir, "softhsm2.conf");
  writeFileSync(conf, `directories.tokendir = ${tokenDir}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n`);
  const pin = "test-user-pin-1234";
  const tokens = ["xks-test-a", "xks-test-b"];
  for (const label of tokens) {
    execFileSync("softhsm2-util", ["--init-token", "--free", "--label", label, "--pin", pin, "--so-pin", "test-so-pin-5678"], {
      env: { ...process.env, SOFTHSM2_CONF: conf },
      stdio: "ignore",
    });
  }
  process.env.SOFTHSM2_CONF = conf;
  project.provide("softhsm", { conf, module, tokens, pin });
  return () => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  };
}
