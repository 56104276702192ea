/**
 * `xks-proxy admin <noun> <verb> [--flags]`: a gRPC client of the daemon's admin plane. The commands,
 * their flags and checks come from the proto (admin-schema.ts); this module dispatches, prints help
 * and answers, and turns failures into one line.
 */
import protobuf from "protobufjs";
import { AdminChannel, clientTls, describeFailure, readToken } from "./admin-call.js";
import { buildRequest, parseArgs, typeToken, UsageError } from "./admin-request.js";
import { adminSchema, findVerb, GLOBAL_FLAGS, JSON_FLAG, own, type AdminSchema, type Flag, type Noun, type Verb } from "./admin-schema.js";
import { COLUMNS, CUSTOM_COMMANDS, FAILED_ANSWERS, type CliIo, type CommandContext, type CustomCommand } from "./admin-spec.js";
import { didYouMean } from "../config/suggest.js";

export type { CliIo };

const stdio: CliIo = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };

export interface AdminOptions {
  /** the admin proto (default proto/xks_admin.proto) */
  protoPath?: string;
  /** custom commands (default: the registry in admin-spec.ts) */
  commands?: readonly CustomCommand[];
}

const HELP = new Set(["-h", "--help"]);

// ---------- help ----------

function globalHelp(verb?: Verb): string {
  const rows = Object.entries(GLOBAL_FLAGS).map(([n, h]) => `  --${n} ${h}`);
  if (!verb || verb.rpc) rows.push(`  --${JSON_FLAG} <request>  the whole request as JSON${verb?.rpc ? ` (${verb.rpc.request.name})` : ""}; flags override its fields`);
  return `global flags:\n${rows.join("\n")}\n  -h, --help  this help\n`;
}

function usageTop(schema: AdminSchema): string {
  const nouns = [...schema.nouns.values()].map((n) => `  ${n.name.padEnd(11)} ${n.summary}\n      verbs: ${[...n.verbs.keys()].join(", ")}`);
  return `usage: xks-proxy admin <noun> <verb> [--flags]\n\nnouns:\n${nouns.join("\n")}\n\n${globalHelp()}\n"xks-proxy admin <noun> --help" and "xks-proxy admin <noun> <verb> --help" list more.\n`;
}

function usageNoun(noun: Noun): string {
  const verbs = [...noun.verbs.values()].map((v) => `  ${[v.name, ...v.aliases].join(", ").padEnd(20)} ${v.summary}`);
  return `usage: xks-proxy admin ${noun.name} <verb> [--flags]\n\n${noun.summary}\n\nverbs:\n${verbs.join("\n")}\n\n"xks-proxy admin ${noun.name} <verb> --help" lists a verb's flags.\n`;
}

function requiredNote(f: Flag): string {
  if (!f.required) return "";
  return f.guard.length === 0 ? " (required)" : ` (required when ${f.guard.join(".")} is given)`;
}

function flagHelp(f: Flag): string {
  const names = [...f.aliases, f.name].map((n) => `--${n}`).join(", ");
  return `  ${names} ${typeToken(f)}\n      ${f.help || f.path.join(".")}${requiredNote(f)}\n`;
}

function usageVerb(verb: Verb): string {
  const notes: string[] = [];
  if (verb.rpc?.serverStream) notes.push("The answer is a stream: one JSON object per line.");
  if (verb.rpc?.clientStream) notes.push("A client-streaming RPC: not callable from the command line.");
  const aliases = verb.aliases.length ? ` (also: ${verb.aliases.join(", ")})` : "";
  const flags = verb.flags.length ? verb.flags.map(flagHelp).join("") : "  (none)\n";
  const repeated = verb.flags.some((f) => f.repeated) ? "List flags take a comma list and may be repeated.\n\n" : "";
  return `usage: xks-proxy admin ${verb.noun} ${verb.name} [--flags]${aliases}\n\n${verb.summary}\n${notes.map((n) => `${n}\n`).join("")}\nflags:\n${flags}\n${repeated}${globalHelp(verb)}`;
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

/** A list answer (a repeated `resources` field) as rows; anything else as field/value pairs. */
function asTable(res: unknown, response: protobuf.Type): string {
  const resources = get(res, "resources");
  const type = own(response.fields, "resources")?.resolvedType;
  if (Array.isArray(resources) && type instanceof protobuf.Type) {
    const cols = own(COLUMNS, type.name) ?? type.fieldsArray.filter((f) => !(f.resolvedType instanceof protobuf.Type)).map((f) => f.name);
    const body = renderTable(cols.map((c) => c.split(".").pop()!), resources.map((r: unknown) => cols.map((c) => cell(get(r, c)))));
    return `${body}(${resources.length} of ${cell(get(res, "total"))}, skip ${cell(get(res, "skip"))})\n`;
  }
  return renderTable(["field", "value"], flatten(res).filter(([, v]) => v !== ""));
}

// ---------- running ----------

function globalOptions(globals: Map<string, string>): { output: "json" | "table"; timeoutS: number; address: string } {
  const output = globals.get("output") ?? "json";
  if (output !== "json" && output !== "table") throw new UsageError(`--output is json or table, got "${output}"`);
  const rawTimeout = globals.get("timeout") ?? "30";
  const timeoutS = Number(rawTimeout);
  if (!/^\d+(\.\d+)?$/.test(rawTimeout) || !(timeoutS > 0 && timeoutS <= 3600)) throw new UsageError(`--timeout takes seconds, 0 < s <= 3600; got "${rawTimeout}"`);
  const address = globals.get("address") ?? (process.env["XKS_ADMIN_ADDRESS"] || "127.0.0.1:9090");
  if (!address) throw new UsageError("--address is empty");
  return { output, timeoutS, address };
}

async function runVerb(schema: AdminSchema, verb: Verb, args: string[], io: CliIo, channel: { current?: AdminChannel }): Promise<number> {
  const parsed = parseArgs(args, verb);
  const { output, timeoutS, address } = globalOptions(parsed.globals);
  const tls = clientTls(parsed.globals);
  const request = buildRequest(verb, parsed);
  if (verb.rpc?.clientStream) throw new UsageError(`${verb.rpc.service}.${verb.rpc.method} is a client-streaming RPC; it needs a custom command (see admin-spec.ts)`);
  if (verb.rpc?.serverStream && output === "table") throw new UsageError(`"${verb.noun} ${verb.name}" streams its answer as JSON lines; --output table is not available`);
  const open = (): AdminChannel => (channel.current ??= new AdminChannel(address, readToken(parsed.globals.get("token-file")), timeoutS, schema.packageDefinition, tls));
  if (verb.custom) {
    const ctx: CommandContext = { io, output, values: request, call: (s, m, r) => open().call(s, m, r), connection: open, usage: (m) => new UsageError(m) };
    return (await verb.custom.run(ctx)) ?? 0;
  }
  const rpc = verb.rpc!;
  const ch = open();
  if (rpc.serverStream) {
    const def = ch.method(rpc.service, rpc.method);
    for await (const msg of ch.client.makeServerStreamRequest(def.path, def.requestSerialize, def.responseDeserialize, request, ch.metadata, { deadline: ch.deadline })) {
      io.out(JSON.stringify(msg) + "\n");
    }
    return 0;
  }
  const res = await ch.call(rpc.service, rpc.method, request);
  io.out(output === "table" ? asTable(res, rpc.response) : JSON.stringify(res, null, 2) + "\n");
  const failure = FAILED_ANSWERS[verb.noun]?.[verb.name]?.(res);
  if (failure === undefined) return 0;
  io.err(`${failure}\n`);
  return 1;
}

/** Runs one admin command; returns the exit code (0 ok, 1 the call failed, 2 a usage mistake). */
export async function runAdmin(argv: string[], io: CliIo = stdio, opts: AdminOptions = {}): Promise<number> {
  const [nounName, verbName, ...rest] = argv;
  const channel: { current?: AdminChannel } = {};
  try {
    const schema = adminSchema(opts.protoPath, opts.commands ?? CUSTOM_COMMANDS);
    if (nounName === undefined || HELP.has(nounName) || nounName === "help") {
      (nounName === undefined ? io.err : io.out)(usageTop(schema));
      return nounName === undefined ? 2 : 0;
    }
    const noun = schema.nouns.get(nounName);
    if (!noun) throw new UsageError(`unknown noun "${nounName}"${didYouMean(nounName, schema.nouns.keys())} (nouns: ${[...schema.nouns.keys()].join(", ")})`);
    if (verbName === undefined || HELP.has(verbName)) {
      (verbName === undefined ? io.err : io.out)(usageNoun(noun));
      return verbName === undefined ? 2 : 0;
    }
    const verb = findVerb(noun, verbName);
    if (!verb) {
      const names = [...noun.verbs.values()].flatMap((v) => [v.name, ...v.aliases]);
      throw new UsageError(`unknown verb "${verbName}" for ${noun.name}${didYouMean(verbName, names)} (verbs: ${[...noun.verbs.keys()].join(", ")})`);
    }
    if (rest.some((a) => HELP.has(a))) {
      io.out(usageVerb(verb));
      return 0;
    }
    return await runVerb(schema, verb, rest, io, channel);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`xks-proxy: ${e.message}\n`);
      return 2;
    }
    io.err(`xks-proxy: ${describeFailure(e, channel.current)}\n`);
    return 1;
  } finally {
    channel.current?.close();
  }
}
