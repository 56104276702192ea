/**
 * The `xks-proxy admin` command tree, derived at run time from proto/xks_admin.proto:
 * every service of package xks.admin.v1 is a noun (KeyStoreService → keystore), every RPC a verb
 * (ListVersions → list-versions), every field of its request message a flag (nested messages as
 * dotted paths: local_hosted_params.partition_id → --local-hosted-params.partition-id, also
 * --partition-id when no other field of the request has that name). Help text is the proto comment; a
 * field comment starting with "required" marks a required field. admin-spec.ts adds short names,
 * table columns and custom commands.
 */
import * as protoLoader from "@grpc/proto-loader";
import protobuf from "protobufjs";
import { ADMIN_PACKAGE, ADMIN_PROTO_OPTIONS, ADMIN_PROTO_PATH } from "../admin/proto.js";
import { CUSTOM_COMMANDS, FLAG_ALIASES, NOUN_NAMES, VERB_ALIASES, type CustomCommand, type CustomFlag } from "./admin-spec.js";

/** Flags every command takes; request fields never use these names. */
export const GLOBAL_FLAGS: Record<string, string> = {
  address: "<host:port>  admin endpoint (env XKS_ADMIN_ADDRESS, default 127.0.0.1:9090)",
  "token-file": "<path>  bearer token file (default: env XKS_ADMIN_TOKEN, else ./data/admin.token)",
  output: "json|table  output format (default json)",
  timeout: "<seconds>  call deadline, 0 < s <= 3600 (default 30)",
  "ca-file": "<path>  PEM CA certificates that verify the daemon's admin TLS certificate; given: TLS, else plaintext (env XKS_ADMIN_CA_FILE)",
  cert: "<path>  PEM client certificate for mutual TLS, with --key (env XKS_ADMIN_CERT_FILE)",
  key: "<path>  PEM private key of --cert (env XKS_ADMIN_KEY_FILE)",
};
/** Only RPC commands take the whole request as JSON. */
export const JSON_FLAG = "json";

export type Kind = "string" | "bool" | "int" | "float" | "bytes" | "enum" | "json";

export interface Flag {
  /** canonical name without "--" */
  name: string;
  aliases: string[];
  /** field names from the request root (or the custom command's value name) */
  path: string[];
  kind: Kind;
  /** shown in help: int32, string, Tag, ... */
  typeName: string;
  repeated: boolean;
  /** inclusive bounds of an int */
  min?: number;
  max?: number;
  /** enum value names */
  values?: string[];
  /** the proto field, for JSON-valued flags (repeated messages, maps) */
  field?: protobuf.Field;
  help: string;
  required: boolean;
  /** a required field is required only when the message at this path is present ([] = always) */
  guard: string[];
}

export interface Rpc {
  service: string;
  method: string;
  request: protobuf.Type;
  response: protobuf.Type;
  serverStream: boolean;
  clientStream: boolean;
}

export interface Verb {
  noun: string;
  name: string;
  aliases: string[];
  summary: string;
  flags: Flag[];
  rpc?: Rpc;
  custom?: CustomCommand;
}

export interface Noun {
  name: string;
  summary: string;
  verbs: Map<string, Verb>;
}

export interface AdminSchema {
  nouns: Map<string, Noun>;
  /** proto-loader definitions (same options as the server) for the calls */
  packageDefinition: protoLoader.PackageDefinition;
}

const I32: [number, number] = [-(2 ** 31), 2 ** 31 - 1];
const U32: [number, number] = [0, 2 ** 32 - 1];
const I53: [number, number] = [-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER];
const U53: [number, number] = [0, Number.MAX_SAFE_INTEGER];
/** Ranges of the integer types as decoded with `longs: Number`. */
export const INT_RANGES: Record<string, [number, number]> = {
  int32: I32,
  sint32: I32,
  sfixed32: I32,
  uint32: U32,
  fixed32: U32,
  int64: I53,
  sint64: I53,
  sfixed64: I53,
  uint64: U53,
  fixed64: U53,
};

/** rec[key] only when it is rec's own entry (field names like "constructor" or "__proto__" are data). */
export function own<T>(rec: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(rec, key) ? rec[key] : undefined;
}

/** snake_case or camelCase → kebab-case. */
export function kebab(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1-$2")
    .replace(/_/g, "-")
    .toLowerCase();
}

const REQUIRED = /^required\b[\s:;,.-]*/i;

function commentOf(o: { comment: string | null }): { text: string; required: boolean } {
  const c = (o.comment ?? "").replace(/\s+/g, " ").trim();
  return REQUIRED.test(c) ? { text: c.replace(REQUIRED, ""), required: true } : { text: c, required: false };
}

function leafKind(f: protobuf.Field): Pick<Flag, "kind" | "typeName" | "min" | "max" | "values"> {
  if (f.map || (f.repeated && f.resolvedType instanceof protobuf.Type)) return { kind: "json", typeName: f.map ? `map<${(f as unknown as protobuf.MapField).keyType}, ${f.type}>` : f.type };
  if (f.resolvedType instanceof protobuf.Type) return { kind: "json", typeName: f.type };
  if (f.resolvedType instanceof protobuf.Enum) return { kind: "enum", typeName: f.type, values: Object.keys(f.resolvedType.values) };
  const range = own(INT_RANGES, f.type);
  if (range) return { kind: "int", typeName: f.type, min: range[0], max: range[1] };
  if (f.type === "double" || f.type === "float") return { kind: "float", typeName: f.type };
  if (f.type === "bool") return { kind: "bool", typeName: "bool" };
  if (f.type === "bytes") return { kind: "bytes", typeName: "bytes" };
  return { kind: "string", typeName: "string" };
}

/** One flag per scalar, enum, repeated or map field, recursing into singular message fields. */
function requestFlags(request: protobuf.Type): Flag[] {
  const flags: Flag[] = [];
  const walk = (t: protobuf.Type, prefix: string[], guard: string[], seen: Set<string>): void => {
    for (const f of t.fieldsArray) {
      const path = [...prefix, f.name];
      const { text, required } = commentOf(f);
      const sub = f.resolvedType;
      if (sub instanceof protobuf.Type && !f.repeated && !f.map && !seen.has(sub.fullName)) {
        walk(sub, path, required ? guard : path, new Set([...seen, sub.fullName]));
        continue;
      }
      const canonical = path.map(kebab).join(".");
      flags.push({
        name: own(GLOBAL_FLAGS, canonical) !== undefined || canonical === JSON_FLAG ? `request.${canonical}` : canonical,
        aliases: [...(own(FLAG_ALIASES, path.join(".")) ?? [])],
        path,
        ...leafKind(f),
        repeated: f.repeated && !f.map && !(sub instanceof protobuf.Type),
        field: f,
        help: text,
        required,
        guard,
      });
    }
  };
  walk(request, [], [], new Set([request.fullName]));
  // a field one message deep (local_hosted_params.partition_id) is also reachable by its own name
  // (--partition-id) when no other field of the request has that name, as the seed's flags were
  const taken = new Set(flags.flatMap((f) => [f.name, ...f.aliases]));
  const leaf = (f: Flag): string => kebab(f.path.at(-1)!);
  const leafCount = new Map<string, number>();
  for (const f of flags) leafCount.set(leaf(f), (leafCount.get(leaf(f)) ?? 0) + 1);
  for (const f of flags) {
    const n = leaf(f);
    if (f.path.length === 2 && leafCount.get(n) === 1 && !taken.has(n) && own(GLOBAL_FLAGS, n) === undefined && n !== JSON_FLAG) f.aliases.push(n);
  }
  return flags;
}

function customFlags(c: CustomCommand): Flag[] {
  return c.flags.map((f: CustomFlag) => ({
    name: f.name,
    aliases: [],
    path: [f.name],
    kind: f.kind === "list" ? "string" : f.kind,
    typeName: f.kind === "int" ? "int" : f.kind === "list" ? "string" : f.kind,
    repeated: f.kind === "list",
    ...(f.kind === "int" ? { min: f.min ?? I32[0], max: f.max ?? I32[1] } : {}),
    help: f.help,
    required: f.required ?? false,
    guard: [],
  }));
}

/** Refuses a tree in which one name would mean two things (a bug in the tables, found by the tests). */
function checkNames(verb: Verb): void {
  const seen = new Set<string>([...Object.keys(GLOBAL_FLAGS), JSON_FLAG, "help"]);
  for (const f of verb.flags) {
    for (const n of [f.name, ...f.aliases]) {
      if (seen.has(n)) throw new Error(`admin ${verb.noun} ${verb.name}: flag --${n} is defined twice`);
      seen.add(n);
    }
  }
}

/** The proto with its `//` comments (the help text), which proto-loader's descriptors do not keep. */
function loadRoot(protoPath: string): protobuf.Root {
  const root = new protobuf.Root();
  root.loadSync(protoPath, { keepCase: ADMIN_PROTO_OPTIONS.keepCase, alternateCommentMode: true });
  root.resolveAll();
  return root;
}

/** Parsed once per process for the registered commands (the help test walks every verb). */
const cache = new Map<string, AdminSchema>();

/** The command tree of the proto at `protoPath`, with `custom` commands added or replacing RPC verbs. */
export function adminSchema(protoPath = ADMIN_PROTO_PATH, custom: readonly CustomCommand[] = CUSTOM_COMMANDS): AdminSchema {
  const cacheable = custom === CUSTOM_COMMANDS;
  const hit = cacheable ? cache.get(protoPath) : undefined;
  if (hit) return hit;
  const root = loadRoot(protoPath);
  const pkg = root.lookup(ADMIN_PACKAGE);
  if (!(pkg instanceof protobuf.Namespace)) throw new Error(`${protoPath} does not define package ${ADMIN_PACKAGE}`);
  const nouns = new Map<string, Noun>();
  for (const svc of pkg.nestedArray) {
    if (!(svc instanceof protobuf.Service)) continue;
    const noun: Noun = { name: NOUN_NAMES[svc.name] ?? svc.name.replace(/Service$/, "").toLowerCase(), summary: commentOf(svc).text || `${svc.name} calls`, verbs: new Map() };
    if (nouns.has(noun.name)) throw new Error(`${protoPath}: two services make the noun "${noun.name}"`);
    for (const m of svc.methodsArray) {
      const request = m.resolvedRequestType!;
      const verb: Verb = {
        noun: noun.name,
        name: kebab(m.name),
        aliases: [],
        summary: commentOf(m).text || `${svc.name}.${m.name}`,
        flags: requestFlags(request),
        rpc: { service: svc.name, method: m.name, request, response: m.resolvedResponseType!, serverStream: !!m.responseStream, clientStream: !!m.requestStream },
      };
      if (noun.verbs.has(verb.name)) throw new Error(`${protoPath}: two RPCs of ${svc.name} make the verb "${verb.name}"`);
      noun.verbs.set(verb.name, verb);
    }
    nouns.set(noun.name, noun);
  }
  for (const c of custom) {
    let noun = nouns.get(c.noun);
    if (!noun) nouns.set(c.noun, (noun = { name: c.noun, summary: c.summary, verbs: new Map() }));
    noun.verbs.set(c.verb, { noun: c.noun, name: c.verb, aliases: [], summary: c.summary, flags: customFlags(c), custom: c });
  }
  for (const [nounName, aliases] of Object.entries(VERB_ALIASES)) {
    for (const [alias, target] of Object.entries(aliases)) {
      const noun = nouns.get(nounName);
      if (noun?.verbs.get(target) && !noun.verbs.has(alias)) noun.verbs.get(target)!.aliases.push(alias);
    }
  }
  for (const noun of nouns.values()) for (const verb of noun.verbs.values()) checkNames(verb);
  const schema: AdminSchema = { nouns, packageDefinition: protoLoader.fromJSON(root.toJSON(), ADMIN_PROTO_OPTIONS) };
  if (cacheable) cache.set(protoPath, schema);
  return schema;
}

/** A verb by its name or one of its aliases. */
export function findVerb(noun: Noun, name: string): Verb | undefined {
  return noun.verbs.get(name) ?? [...noun.verbs.values()].find((v) => v.aliases.includes(name));
}
