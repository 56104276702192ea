#!/usr/bin/env node
import { ConfigError, pathText, redacted } from "../config/config.js";
import { ENV_OVERRIDES, OTHER_XKS_VARIABLES } from "../config/env.js";
import { jsonSchema } from "../config/schema.js";
import { nearest } from "../config/suggest.js";
import { buildInfo } from "../obs/build-info.js";
import { CONFIG_FLAG, configFrom, HELP_FLAG, parseFlags, print, UsageError } from "./common.js";

/**
 * The `xks-proxy` command: dispatch to serve | config | admin. Unknown commands and flags are
 * usage errors (exit 2) that name them; a configuration error is one line, exit 2. The daemon and
 * the admin client are imported only by the commands that need them, so help, --version and
 * `config check` work even where a native module does not load.
 */

interface Command {
  /** usage lines: synopsis after "xks-proxy", what it does */
  usage: [string, string][];
  run(argv: string[]): Promise<number>;
}

const ENV_ROWS: [string, string][] = [
  ...OTHER_XKS_VARIABLES.filter((v) => v.name === "XKS_CONFIG").map((v): [string, string] => [v.name, v.meaning]),
  ...ENV_OVERRIDES.map((o): [string, string] => [o.name, `${pathText(o.path)}${o.kind === "list" ? " (comma list)" : ""}`]),
];
const ENV_WIDTH = Math.max(...ENV_ROWS.map(([name]) => name.length));
const ENV_HELP = ENV_ROWS.map(([name, meaning]) => `  ${name.padEnd(ENV_WIDTH)} ${meaning}`).join("\n");

const SERVE_HELP = `usage: xks-proxy serve [--config FILE]

Runs the daemon: the XKS data plane, the gRPC admin API and Prometheus metrics.

options:
  --config FILE   JSON configuration (default: $XKS_CONFIG, else the built-in defaults);
                  schema: config/xks-proxy.schema.json, or \`xks-proxy config schema\`
  -h, --help      this help

environment (overrides the file; an unknown XKS_* variable is an error):
${ENV_HELP}
  PINs come from the variable or file each pkcs11 partition names (pinEnv, pinFile).

Check a configuration without starting: xks-proxy config check [--config FILE]
SIGTERM or SIGINT drains in-flight requests and exits 0. SIGHUP reloads the TLS certificates and keys.
`;

async function serve(argv: string[]): Promise<number> {
  const flags = parseFlags("serve", argv, CONFIG_FLAG);
  if (flags.help) return print(SERVE_HELP).then(() => 0);
  const cfg = configFrom("serve", flags.config);
  const { serveUntilSignal } = await import("../main.js");
  return serveUntilSignal(cfg);
}

const CONFIG_HELP = `usage: xks-proxy config check [--config FILE]
       xks-proxy config schema

  check    validate the configuration file (default: $XKS_CONFIG, else none) and the XKS_*
           environment, check every partition's PIN source is present, and print the effective
           configuration as JSON with the admin tokens redacted; exit 0 if valid, 2 if not
  schema   print the configuration's JSON Schema (for editors; config/xks-proxy.schema.json)
`;

const CONFIG_VERBS: Record<string, (argv: string[]) => Promise<number>> = {
  async check(argv) {
    const flags = parseFlags("config check", argv, CONFIG_FLAG);
    if (flags.help) return print(CONFIG_HELP).then(() => 0);
    const cfg = configFrom("config check", flags.config);
    await print(JSON.stringify(redacted(cfg), null, 2) + "\n");
    return 0;
  },
  async schema(argv) {
    if (parseFlags("config schema", argv, HELP_FLAG).help) return print(CONFIG_HELP).then(() => 0);
    await print(JSON.stringify(jsonSchema(), null, 2) + "\n");
    return 0;
  },
};

async function config(argv: string[]): Promise<number> {
  const [verb, ...rest] = argv;
  if (verb === "-h" || verb === "--help" || verb === "help") return print(CONFIG_HELP).then(() => 0);
  if (verb === undefined) throw new UsageError("config: which one? check or schema", "config");
  const run = CONFIG_VERBS[verb];
  if (!run) throw new UsageError(`config: unknown command ${verb}${hint(verb, Object.keys(CONFIG_VERBS))}`, "config");
  return run(rest);
}

/** Every command, in usage order; a new one (backup, restore) is one entry here, its code in its own module. */
const COMMANDS: Record<string, Command> = {
  serve: { usage: [["serve [--config FILE]", "run the daemon"]], run: serve },
  config: {
    usage: [
      ["config check [--config FILE]", "validate configuration and environment, print the effective configuration"],
      ["config schema", "print the configuration's JSON Schema"],
    ],
    run: config,
  },
  admin: {
    usage: [["admin <noun> <verb> [...]", "manage key stores, credentials and keys over gRPC (admin --help lists them)"]],
    run: async (argv) => (await import("./admin.js")).runAdmin(argv),
  },
  backup: {
    usage: [["backup --out DIR [--data-dir DIR]", "copy a data dir, also while its daemon runs"]],
    run: async (argv) => (await import("./backup.js")).runBackup(argv),
  },
  restore: {
    usage: [["restore --from DIR --data-dir DIR", "restore a backup into an empty data dir"]],
    run: async (argv) => (await import("./restore.js")).runRestore(argv),
  },
  store: {
    usage: [["store migrate --to URL [--data-dir DIR]", "copy a stopped daemon's store into an empty PostgreSQL database"]],
    run: async (argv) => (await import("./store.js")).runStore(argv),
  },
};

function version(): string {
  const b = buildInfo();
  return `xks-proxy ${b.version} (commit ${b.commit ?? "unknown"}, node ${b.node})\n`;
}

function usage(): string {
  const lines = [
    ...Object.values(COMMANDS).flatMap((c) => c.usage),
    ["help [COMMAND]", "this help, or a command's"],
    ["--version", "version, git commit and Node.js version"],
  ];
  return `xks-proxy ${buildInfo().version} - AWS KMS External Key Store proxy

usage:
${lines.map(([s, d]) => `  xks-proxy ${s!.padEnd(30)} ${d}`).join("\n")}

"xks-proxy COMMAND --help" lists a command's options.
`;
}

const hint = (name: string, valid: string[]) => {
  const near = nearest(name, valid);
  return near ? ` (did you mean ${near}?)` : ` (one of: ${valid.join(", ")})`;
};

async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  if (cmd === undefined) {
    process.stderr.write(usage());
    return 2;
  }
  if (cmd === "-h" || cmd === "--help" || cmd === "help") {
    const topic = rest[0];
    if (topic === undefined) return print(usage()).then(() => 0);
    const c = COMMANDS[topic];
    if (!c || rest.length > 1) throw new UsageError(`help: unknown command ${rest.join(" ")}${hint(topic, Object.keys(COMMANDS))}`);
    return c.run(["--help"]);
  }
  if (cmd === "--version" || cmd === "version") {
    if (rest.length) throw new UsageError(`${cmd} takes no arguments`);
    return print(version()).then(() => 0);
  }
  const c = COMMANDS[cmd];
  if (c) return c.run(rest);
  if (cmd.startsWith("-")) throw new UsageError(`unknown option ${cmd} (options go after the command, e.g. xks-proxy serve --config FILE)`);
  throw new UsageError(`unknown command ${cmd}${hint(cmd, Object.keys(COMMANDS))}`);
}

/** An error is one line: control characters (a file name may hold a newline) are escaped. */
const oneLine = (s: string) => s.replace(/[\x00-\x1f\x7f]/g, (c) => JSON.stringify(c).slice(1, -1));

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    if (e instanceof UsageError) {
      process.stderr.write(`xks-proxy: ${oneLine(e.message)}\nRun "xks-proxy ${e.command ? `${e.command} ` : ""}--help" for usage.\n`);
      process.exit(2);
    }
    if (e instanceof ConfigError) {
      process.stderr.write(`xks-proxy: configuration error: ${oneLine(e.message)}\n`);
      process.exit(2);
    }
    process.stderr.write(`xks-proxy: ${oneLine(e instanceof Error ? e.message : String(e))}\n`);
    process.exit(1);
  },
);
