/** `xks-proxy store migrate --to URL`: a stopped daemon's embedded store copied into PostgreSQL. */
import { join, resolve } from "node:path";
import { migrateToPostgres, type MigrateReport } from "../datadir/migrate.js";
import { MASTER_KEY_FILE } from "../datadir/open.js";
import { resolvePostgresTarget, type PostgresConnectionOptions } from "../store/postgres/connection.js";
import { loadConfig } from "../config/config.js";
import { HELP_FLAG, parseFlags, print, UsageError } from "./common.js";

export const STORE_USAGE = `Usage: xks-proxy store migrate --to URL [--data-dir DIR | --config FILE] [--password-file FILE]

Copies a data dir's embedded store (SQLite) into an empty PostgreSQL database, the shared store
of a fleet. Run it while the daemon is stopped: it takes the data dir's lock and is refused while
a daemon holds it. It checks the master key belongs to the database, creates the schema in the
target, refuses a target that already holds key stores, credentials, keys or audit records, copies
every table in one transaction, and verifies row counts, that every credential secret and local
source key opens on the target with the master key, and the target's master key check. The SQLite
database is only read.

  --to URL              postgres://user@host:port/database[?sslmode=verify-full&sslrootcert=FILE]
                        (required; never a password in it)
  --password-file FILE  the database password (mode 0600); else $PGPASSWORD
  --data-dir DIR        the data dir (default: $XKS_DATA_DIR, else ./data); master key: DIR/master.key
  --config FILE         take dataDir and masterKeyFile from this daemon configuration instead
  -h, --help            this help
`;

const MIGRATE_FLAGS = {
  ...HELP_FLAG,
  to: { type: "string" },
  "data-dir": { type: "string" },
  config: { type: "string" },
  "password-file": { type: "string" },
} as const;

/** The data dir and master key file: --data-dir, or the configuration's, or $XKS_DATA_DIR / ./data. */
function source(dataDirFlag: string | undefined, configFlag: string | undefined): { dataDir: string; masterKeyFile: string } {
  if (configFlag !== undefined) {
    // the daemon's configuration with its environment overrides; PIN sources are not needed here
    const cfg = loadConfig(configFlag, process.env);
    const dataDir = resolve(cfg.dataDir);
    return { dataDir, masterKeyFile: resolve(cfg.masterKeyFile ?? join(dataDir, MASTER_KEY_FILE)) };
  }
  const dataDir = resolve(dataDirFlag ?? process.env.XKS_DATA_DIR ?? "./data");
  return { dataDir, masterKeyFile: join(dataDir, MASTER_KEY_FILE) };
}

function report(r: MigrateReport, masterKeyFile: string): string {
  const width = Math.max(...Object.keys(r.rows).map((t) => t.length));
  return `migrated ${r.source} to ${r.target} (schema version ${r.schemaVersion}):
${Object.entries(r.rows)
  .map(([t, n]) => `  ${t.padEnd(width)}  ${n} row${n === 1 ? "" : "s"}`)
  .join("\n")}
verified: the same row counts on both sides; ${r.credentials} credential secret${r.credentials === 1 ? "" : "s"} and ${r.localSourceKeys} local source key${r.localSourceKeys === 1 ? "" : "s"} open on the target with ${masterKeyFile}; the target's master key check opens.
next steps:
  1. point every node's store.url (or XKS_STORE_URL) at ${r.target}; the password goes in store.passwordFile or PGPASSWORD
  2. copy ${masterKeyFile} to every node (mode 0600, owned by the daemon's user; masterKeyFile names it)
  3. keep ${r.source} as a fallback until the fleet runs, and start no daemon on it meanwhile: its writes would not reach PostgreSQL
  see "Running a fleet" in the README
`;
}

async function migrate(argv: string[]): Promise<number> {
  const v = parseFlags("store migrate", argv, MIGRATE_FLAGS);
  if (v.help) return print(STORE_USAGE).then(() => 0);
  if (!v.to) throw new UsageError("store migrate: --to URL is required", "store migrate");
  if (v["data-dir"] !== undefined && v.config !== undefined) throw new UsageError("store migrate: give --data-dir or --config, not both", "store migrate");
  if (v["data-dir"] === "") throw new UsageError("store migrate: --data-dir needs a directory", "store migrate");
  const to: PostgresConnectionOptions = { url: v.to, env: process.env };
  if (v["password-file"] !== undefined) to.passwordFile = resolve(v["password-file"]);
  try {
    // before the data dir is touched; the URL itself is never echoed (it may hold a password)
    resolvePostgresTarget(to);
  } catch (e) {
    throw new Error(`store migrate: --to is refused: ${(e as Error).message.replace(/^store URL: /, "").replace("in a password file", "in --password-file FILE")}`);
  }
  const src = source(v["data-dir"], v.config);
  const r = await migrateToPostgres({ ...src, to });
  await print(report(r, src.masterKeyFile));
  return 0;
}

const VERBS: Record<string, (argv: string[]) => Promise<number>> = { migrate };

export async function runStore(argv: string[]): Promise<number> {
  const [verb, ...rest] = argv;
  if (verb === "-h" || verb === "--help" || verb === "help") return print(STORE_USAGE).then(() => 0);
  if (verb === undefined) throw new UsageError("store: which one? migrate", "store");
  const run = VERBS[verb];
  if (!run) throw new UsageError(`store: unknown command ${verb} (one of: ${Object.keys(VERBS).join(", ")})`, "store");
  return run(rest);
}
