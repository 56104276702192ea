import * as grpc from "@grpc/grpc-js";
import { existsSync, readFileSync } from "node:fs";
import { loadAdminProto } from "../admin/proto.js";
import { NOUNS, type FlagSpec, type NounSpec, type VerbSpec } from "./admin-spec.js";

/** `xks-proxy admin <noun> <verb> [--flags]`: a gRPC client of the daemon's admin plane. */

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

const stdio: CliIo = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };

const GLOBAL_FLAGS = [
  ["--address <host:port>", "admin endpoint (env XKS_ADMIN_ADDRESS, default 127.0.0.1:9090)"],
  ["--token-file <path>", "bearer token file (default: env XKS_ADMIN_TOKEN, else ./data/admin.token)"],
  ["--output json|table", "output format (default json)"],
  ["--json <request>", "the whole request as JSON (flags override its fields)"],
  ["--timeout <seconds>", "call deadline (default 30)"],
] as const;

class UsageError extends Error {}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: Json };

function usageTop(): string {
  const nouns = Object.entries(NOUNS).map(([n, s]) => `  ${n.padEnd(11)} ${s.summary}\n      verbs: ${Object.keys(s.verbs).join(", ")}`);
  return `usage: xks-proxy admin <noun> <verb> [--flags]\n\nnouns:\n${nouns.join("\n")}\n\nglobal flags:\n${GLOBAL_FLAGS.map(([a, b]) => `  ${a.padEnd(22)} ${b}`).join("\n")}\n\n"xks-proxy admin <noun> --help" and "xks-proxy admin <noun> <verb> --help" list more.\n`;
}

function usageNoun(noun: string, spec: NounSpec): string {
  const verbs = Object.entries(spec.verbs).map(([v, s]) => `  ${v.padEnd(10)} ${s.summary}`);
  return `usage: xks-proxy admin ${noun} <verb> [--flags]\n\n${spec.summary}\n\nverbs:\n${verbs.join("\n")}\n`;
}

function usageVerb(noun: string, verb: string, spec: VerbSpec): string {
  const flags = spec.flags.map((f) => `  --${f.flag}${f.type === "bool" ? "[=true|false]" : ` <${f.type}>`}`.padEnd(46) + `${f.help}${f.required ? " (required)" : ""}`);
  return `usage: xks-proxy admin ${noun} ${verb} [--flags]\n\n${spec.summary}\n\nflags:\n${flags.join("\n")}\n\nglobal flags:\n${GLOBAL_FLAGS.map(([a, b]) => `  ${a.padEnd(22)} ${b}`).join("\n")}\n`;
}

interface Parsed {
  flags: Map<string, string | true>;
  help: boolean;
}

/** --name value, --name=value, and bare --bool; "--" ends flag parsing. */
function parseFlags(args: string[], boolFlags: Set<string>): Parsed {
  const flags = new Map<string, string | true>();
  let help = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--help" || a === "-h") {
      help = true;
      continue;
    }
    if (!a.startsWith("--")) throw new UsageError(`unexpected argument "${a}" (flags start with --)`);
    const eq = a.indexOf("=");
    const name = eq >= 0 ? a.slice(2, eq) : a.slice(2);
    if (eq >= 0) flags.set(name, a.slice(eq + 1));
    else if (boolFlags.has(name)) {
      const next = args[i + 1];
      if (next === "true" || next === "false") {
        flags.set(name, next);
        i++;
      } else flags.set(name, true);
    } else {
      const next = args[i + 1];
      if (next === undefined) throw new UsageError(`--${name} needs a value`);
      flags.set(name, next);
      i++;
    }
  }
  return { flags, help };
}

function setPath(obj: JsonObject, path: string, value: Json): void {
  const parts = path.split(".");
  let cur = obj;
  for (const p of parts.slice(0, -1)) {
    const next = cur[p];
    if (typeof next !== "object" || next === null || Array.isArray(next)) cur[p] = {};
    cur = cur[p] as JsonObject;
  }
  cur[parts[parts.length - 1]!] = value;
}

function convert(f: FlagSpec, raw: string | true): Json {
  switch (f.type) {
    case "bool":
      if (raw === true || raw === "true") return true;
      if (raw === "false") return false;
      throw new UsageError(`--${f.flag} takes true or false, got "${raw}"`);
    case "int": {
      const n = Number(raw);
      if (raw === true || !Number.isInteger(n)) throw new UsageError(`--${f.flag} takes an integer, got "${raw}"`);
      return n;
    }
    case "list":
      if (raw === true) throw new UsageError(`--${f.flag} needs a value`);
      return raw.split(",").map((s) => s.trim()).filter(Boolean);
    default:
      if (raw === true) throw new UsageError(`--${f.flag} needs a value`);
      return raw;
  }
}

function buildRequest(spec: VerbSpec, flags: Map<string, string | true>): JsonObject {
  const raw = flags.get("json");
  let req: JsonObject = {};
  if (raw !== undefined) {
    try {
      const parsed: unknown = JSON.parse(raw === true ? "" : raw);
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("not an object");
      req = parsed as JsonObject;
    } catch {
      throw new UsageError("--json must be a JSON object");
    }
  }
  for (const f of spec.flags) {
    const v = flags.get(f.flag);
    if (v !== undefined) setPath(req, f.path, convert(f, v));
    else if (f.required && raw === undefined) throw new UsageError(`--${f.flag} is required (${f.help})`);
  }
  return req;
}

function readToken(flags: Map<string, string | true>): string {
  const file = flags.get("token-file");
  if (typeof file === "string") return readTokenFile(file);
  const env = process.env["XKS_ADMIN_TOKEN"];
  if (env) return env.trim();
  const def = "./data/admin.token";
  if (existsSync(def)) return readTokenFile(def);
  throw new UsageError("no admin token: set XKS_ADMIN_TOKEN or pass --token-file (the daemon writes ./data/admin.token on first start)");
}

function readTokenFile(path: string): string {
  try {
    return readFileSync(path, "utf8").trim();
  } catch (e) {
    throw new UsageError(`cannot read token file ${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function call(address: string, token: string, noun: NounSpec, verb: VerbSpec, req: JsonObject, timeoutS: number): Promise<unknown> {
  const ctor = loadAdminProto().services[noun.service];
  const def = ctor.service[verb.method];
  if (!def) throw new Error(`proto has no ${noun.service}.${verb.method}`);
  const client = new grpc.Client(address, grpc.credentials.createInsecure());
  const md = new grpc.Metadata();
  md.set("authorization", `Bearer ${token}`);
  return new Promise<unknown>((resolve, reject) => {
    client.makeUnaryRequest(
      def.path,
      def.requestSerialize,
      def.responseDeserialize,
      req,
      md,
      { deadline: Date.now() + timeoutS * 1000 },
      (err, res) => {
        client.close();
        if (err) reject(err);
        else resolve(res);
      },
    );
  });
}

// ---------- output ----------

function get(obj: unknown, path: string): unknown {
  let cur = obj;
  for (const p of path.split(".")) cur = typeof cur === "object" && cur !== null ? (cur as Record<string, unknown>)[p] : undefined;
  return cur;
}

function cell(v: unknown): string {
  if (v === undefined || v === null) return "";
  if (Array.isArray(v)) return v.map(cell).join(",");
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

function renderTable(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd();
  return [line(headers.map((h) => h.toUpperCase())), ...rows.map(line)].join("\n") + "\n";
}

function flatten(obj: unknown, prefix = "", out: [string, string][] = []): [string, string][] {
  if (typeof obj === "object" && obj !== null && !Array.isArray(obj)) {
    for (const [k, v] of Object.entries(obj)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else out.push([prefix, cell(obj)]);
  return out;
}

function asTable(res: unknown, verb: VerbSpec): string {
  const resources = get(res, "resources");
  if (Array.isArray(resources)) {
    const cols = verb.columns ?? ["id"];
    const body = renderTable(cols.map((c) => c.split(".").pop()!), resources.map((r: unknown) => cols.map((c) => cell(get(r, c)))));
    return `${body}(${resources.length} of ${cell(get(res, "total"))}, skip ${cell(get(res, "skip"))})\n`;
  }
  const pairs = flatten(res).filter(([, v]) => v !== "");
  return renderTable(["field", "value"], pairs);
}

/** Runs one admin command; returns the process exit code (0 ok, 1 call failed, 2 usage). */
export async function runAdmin(argv: string[], io: CliIo = stdio): Promise<number> {
  const [noun, verb, ...rest] = argv;
  try {
    if (!noun || noun === "--help" || noun === "-h" || noun === "help") {
      io.out(usageTop());
      return noun ? 0 : 2;
    }
    const nounSpec = NOUNS[noun];
    if (!nounSpec) throw new UsageError(`unknown noun "${noun}"; one of: ${Object.keys(NOUNS).join(", ")}`);
    if (!verb || verb === "--help" || verb === "-h") {
      io.out(usageNoun(noun, nounSpec));
      return verb ? 0 : 2;
    }
    const verbSpec = nounSpec.verbs[verb];
    if (!verbSpec) throw new UsageError(`unknown verb "${verb}" for ${noun}; one of: ${Object.keys(nounSpec.verbs).join(", ")}`);
    const bools = new Set(verbSpec.flags.filter((f) => f.type === "bool").map((f) => f.flag));
    const { flags, help } = parseFlags(rest, bools);
    if (help) {
      io.out(usageVerb(noun, verb, verbSpec));
      return 0;
    }
    const known = new Set([...verbSpec.flags.map((f) => f.flag), "address", "token-file", "output", "json", "timeout"]);
    for (const k of flags.keys()) if (!known.has(k)) throw new UsageError(`unknown flag --${k} for "${noun} ${verb}" (see --help)`);
    const output = flags.get("output") ?? "json";
    if (output !== "json" && output !== "table") throw new UsageError('--output is "json" or "table"');
    const timeout = Number(flags.get("timeout") ?? 30);
    if (!(timeout > 0)) throw new UsageError("--timeout takes a positive number of seconds");
    const req = buildRequest(verbSpec, flags);
    const address = (typeof flags.get("address") === "string" ? (flags.get("address") as string) : undefined) ?? process.env["XKS_ADMIN_ADDRESS"] ?? "127.0.0.1:9090";
    const res = await call(address, readToken(flags), nounSpec, verbSpec, req, timeout);
    io.out(output === "table" ? asTable(res, verbSpec) : JSON.stringify(res, null, 2) + "\n");
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`error: ${e.message}\n`);
      return 2;
    }
    const code = typeof e === "object" && e !== null && "code" in e && typeof e.code === "number" ? grpc.status[e.code] : undefined;
    const details = typeof e === "object" && e !== null && "details" in e && typeof e.details === "string" ? e.details : e instanceof Error ? e.message : String(e);
    io.err(`error: ${code ? `${code}: ` : ""}${details}\n`);
    return 1;
  }
}
