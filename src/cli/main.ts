#!/usr/bin/env node
import { parseArgs, type ParseArgsConfig } from "node:util";
import { ConfigError, loadConfig, pathText, readPin, redacted, type Config } from "../config/config.js";
import { ENV_OVERRIDES, OTHER_XKS_VARIABLES } from "../config/env.js";
import { jsonSchema } from "../config/schema.js";
import { nearest } from "../config/suggest.js";
import { buildInfo } from "../obs/build-info.js";

/**
 * The `xks-proxy` command: dispatch to serve | config | admin. Unknown commands and flags are
 * usage errors (exit 2) that name them; a configuration error is one line, exit 2. The daemon and
 * the admin client are imported only by the commands that need them, so help, --version and
 * `config check` work even where a native module does not load.
 */

class UsageError extends Error {
  /** the command whose --help the error points to */
  constructor(message: string, readonly command = "") {
    super(message);
  }
}

interface Command {
  /** usage lines: synopsis after "xks-proxy", what it does */
  usage: [string, string][];
  run(argv: string[]): Promise<number>;
}

const print = (text: string) => new Promise<void>((resolve) => process.stdout.write(text, () => resolve()));

type Options = NonNullable<ParseArgsConfig["options"]>;

/** node:util parseArgs, strict; its errors become usage errors naming the flag, with the nearest valid one. */
function parseFlags<O extends Options>(cmd: string, args: string[], options: O) {
  let r;
  try {
    r = parseArgs({ args, options, strict: true, allowPositionals: false, tokens: true });
  } catch (e) {
    const err = e as Error & { code?: string };
    if (err.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
      const flag = /'([^']*)'/.exec(err.message)?.[1] ?? "";
      const near = flag.startsWith("--") ? nearest(flag.slice(2), Object.keys(options)) : undefined;
      throw new UsageError(`${cmd}: unknown option ${flag}${near ? ` (did you mean --${near}?)` : ""}`, cmd);
    }
    if (err.code?.startsWith("ERR_PARSE_ARGS_")) throw new UsageError(`${cmd}: ${err.message.split("\n")[0]}`, cmd);
    throw e;
  }
  const seen = new Set<string>();
  for (const t of r.tokens) {
    if (t.kind !== "option") continue;
    if (seen.has(t.name)) throw new UsageError(`${cmd}: ${t.rawName} given more than once`, cmd);
    seen.add(t.name);
  }
  return r.values;
}

const CONFIG_FLAG = { config: { type: "string" }, help: { type: "boolean", short: "h" } } as const;
const HELP_FLAG = { help: { type: "boolean", short: "h" } } as const;

/**
 * --config FILE, else XKS_CONFIG, else the built-in defaults; file and environment validated
 * together, and every partition's PIN source checked (the PIN itself is dropped), so a daemon
 * that cannot log in fails before it creates or binds anything.
 */
function configFrom(cmd: string, flag: string | undefined): Config {
  if (flag === "") throw new UsageError(`${cmd}: --config needs a file name`, cmd);
  const fromEnv = process.env.XKS_CONFIG;
  if (flag === undefined && fromEnv === "") throw new ConfigError("XKS_CONFIG is set but empty");
  const cfg = loadConfig(flag ?? fromEnv, process.env);
  for (const p of cfg.pkcs11?.partitions ?? []) readPin(p, process.env);
  return cfg;
}

const ENV_HELP = [
  ...OTHER_XKS_VARIABLES.filter((v) => v.name === "XKS_CONFIG").map((v) => [v.name, v.meaning]),
  ...ENV_OVERRIDES.map((o) => [o.name, `${pathText(o.path)}${o.kind === "list" ? " (comma list)" : ""}`]),
]
  .map(([name, meaning]) => `  ${name!.padEnd(24)} ${meaning}`)
  .join("\n");

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
SIGTERM or SIGINT drains in-flight requests and exits 0.
`;

async function serve(argv: string[]): Promise<number> {
  const flags = parseFlags("serve", argv, CONFIG_FLAG);
  if (flags.help) return print(SERVE_HELP).then(() => 0);
  const cfg = configFrom("serve", flags.config);
  const { startDaemon } = await import("../main.js");
  const daemon = await startDaemon(cfg);
  await new Promise<void>((resolve) => {
    const stop = (sig: string) => {
      process.stderr.write(`xks-proxy: ${sig} received, shutting down\n`);
      daemon.stop().then(resolve, resolve);
    };
    process.once("SIGTERM", () => stop("SIGTERM"));
    process.once("SIGINT", () => stop("SIGINT"));
  });
  return 0;
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
