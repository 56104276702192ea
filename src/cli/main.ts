#!/usr/bin/env node
import { ConfigError, loadConfig } from "../config/config.js";
import { serveUntilSignal, VERSION } from "../main.js";
import { runAdmin } from "./admin.js";
import { runBackup } from "./backup.js";
import { runRestore } from "./restore.js";

const USAGE = `xks-proxy ${VERSION} - AWS KMS External Key Store proxy

Usage:
  xks-proxy serve [--config FILE]      run the daemon (config also from XKS_CONFIG and XKS_* env)
  xks-proxy admin <noun> <verb> [...]  manage key stores, credentials and keys over gRPC
  xks-proxy admin --help               list admin commands
  xks-proxy backup --out DIR           copy a data dir while the daemon runs
  xks-proxy restore --from DIR --data-dir DIR   restore a backup into an empty data dir
  xks-proxy --version
`;

function flag(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  if (i >= 0) return argv[i + 1];
  const eq = argv.find((a) => a.startsWith(`${name}=`));
  return eq?.slice(name.length + 1);
}

async function serve(argv: string[]): Promise<number> {
  if (argv.includes("--help")) {
    process.stdout.write(USAGE);
    return 0;
  }
  let cfg;
  try {
    cfg = loadConfig(flag(argv, "--config") ?? process.env.XKS_CONFIG, process.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`xks-proxy: configuration error: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  return serveUntilSignal(cfg);
}

async function main(argv: string[]): Promise<number> {
  const cmd = argv[0];
  if (cmd === "serve") return serve(argv.slice(1));
  if (cmd === "admin") return runAdmin(argv.slice(1));
  if (cmd === "backup") return runBackup(argv.slice(1));
  if (cmd === "restore") return runRestore(argv.slice(1));
  if (cmd === "--version" || cmd === "version") {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  process.stdout.write(USAGE);
  return cmd === undefined || cmd === "--help" || cmd === "help" ? 0 : 2;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`xks-proxy: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
