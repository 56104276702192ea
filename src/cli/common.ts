import { parseArgs, type ParseArgsConfig } from "node:util";
import { ConfigError, loadConfig, readPin, type Config } from "../config/config.js";
import { nearest } from "../config/suggest.js";

/**
 * What every `xks-proxy` command shares: strict flag parsing, usage errors (exit 2, caught by
 * main.ts) and reading the configuration the way `serve` does.
 */

export class UsageError extends Error {
  /** the command whose --help the error points to */
  constructor(message: string, readonly command = "") {
    super(message);
  }
}

export const print = (text: string) => new Promise<void>((resolve) => process.stdout.write(text, () => resolve()));

type Options = NonNullable<ParseArgsConfig["options"]>;

/** node:util parseArgs, strict; its errors become usage errors naming the flag, with the nearest valid one. */
export function parseFlags<O extends Options>(cmd: string, args: string[], options: O) {
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

export const CONFIG_FLAG = { config: { type: "string" }, help: { type: "boolean", short: "h" } } as const;
export const HELP_FLAG = { help: { type: "boolean", short: "h" } } as const;

/**
 * --config FILE, else XKS_CONFIG, else the built-in defaults; file and environment validated
 * together, and every partition's PIN source checked (the PIN itself is dropped), so a daemon
 * that cannot log in fails before it creates or binds anything.
 */
export function configFrom(cmd: string, flag: string | undefined): Config {
  if (flag === "") throw new UsageError(`${cmd}: --config needs a file name`, cmd);
  const fromEnv = process.env.XKS_CONFIG;
  if (flag === undefined && fromEnv === "") throw new ConfigError("XKS_CONFIG is set but empty");
  const cfg = loadConfig(flag ?? fromEnv, process.env);
  for (const p of cfg.pkcs11?.partitions ?? []) readPin(p, process.env);
  return cfg;
}
