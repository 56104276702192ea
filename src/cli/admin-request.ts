/**
 * Command line → request object, strictly: unknown flags, unknown `--json` fields (at any depth),
 * wrong types and out-of-range integers are refused naming the flag or field, never dropped or
 * coerced (proto-loader's serializer would silently do both).
 */
import protobuf from "protobufjs";
import { GLOBAL_FLAGS, INT_RANGES, JSON_FLAG, own, type Flag, type Verb } from "./admin-schema.js";
import { didYouMean } from "../config/suggest.js";
import { hasRepeatedName } from "../json-names.js";

/** A mistake on the command line: exit code 2. */
export class UsageError extends Error {}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: Json };

export interface ParsedArgs {
  /** --address, --token-file, --output, --timeout, --json as given */
  globals: Map<string, string>;
  /** flag → its raw values, in order */
  values: Map<Flag, string[]>;
}

function isObject(v: unknown): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** --name value, --name=value, bare --bool (or --bool true|false). No positional arguments. */
export function parseArgs(args: string[], verb: Verb): ParsedArgs {
  const byName = new Map<string, Flag>();
  for (const f of verb.flags) for (const n of [f.name, ...f.aliases]) byName.set(n, f);
  const globalNames = new Set([...Object.keys(GLOBAL_FLAGS), ...(verb.rpc ? [JSON_FLAG] : [])]);
  const globals = new Map<string, string>();
  const values = new Map<Flag, string[]>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (!a.startsWith("--") || a === "--") throw new UsageError(`unexpected argument "${a}": every value follows its --flag`);
    const eq = a.indexOf("=");
    const name = eq >= 0 ? a.slice(2, eq) : a.slice(2);
    const flag = byName.get(name);
    if (!flag && !globalNames.has(name)) {
      throw new UsageError(`unknown flag --${name} for "${verb.noun} ${verb.name}"${didYouMean(name, [...byName.keys(), ...globalNames], (n) => `--${n}`)} (see --help)`);
    }
    let value: string;
    if (eq >= 0) value = a.slice(eq + 1);
    else if (flag?.kind === "bool" && !flag.repeated) {
      const next = args[i + 1];
      value = next === "true" || next === "false" ? (i++, next) : "true";
    } else {
      const next = args[i + 1];
      if (next === undefined) throw new UsageError(`--${name} needs a value`);
      if (next.startsWith("--")) throw new UsageError(`--${name} needs a value, got the flag ${next} (write --${name}=${next} if that is the value)`);
      value = next;
      i++;
    }
    if (!flag) {
      if (globals.has(name)) throw new UsageError(`--${name} is given twice`);
      globals.set(name, value);
      continue;
    }
    const prev = values.get(flag);
    if (prev && !flag.repeated) throw new UsageError(`${shownName(flag)} is given twice${flag.aliases.length ? ` (--${[...flag.aliases, flag.name].join(", --")} name one field)` : ""}`);
    values.set(flag, [...(prev ?? []), value]);
  }
  return { globals, values };
}

function intValue(raw: string, what: string, type: string, min: number, max: number): number {
  if (!/^-?\d+$/.test(raw)) throw new UsageError(`${what} takes an integer (${type}), got "${raw}"`);
  const n = Number(raw);
  if (n < min || n > max) throw new UsageError(`${what} is out of range: ${raw} (${type}: ${min}..${max})`);
  return n;
}

/** How messages name a flag: its short name when it has one. */
export function shownName(flag: Flag): string {
  return `--${flag.aliases[0] ?? flag.name}`;
}

/** One raw command-line value as the flag's type. */
function flagValue(flag: Flag, raw: string): Json {
  const what = shownName(flag);
  switch (flag.kind) {
    case "bool":
      if (raw === "true") return true;
      if (raw === "false") return false;
      throw new UsageError(`${what} takes true or false, got "${raw}"`);
    case "int":
      return intValue(raw, what, flag.typeName, flag.min!, flag.max!);
    case "float": {
      const n = Number(raw);
      if (raw.trim() === "" || !Number.isFinite(n)) throw new UsageError(`${what} takes a number, got "${raw}"`);
      return n;
    }
    case "enum":
      if (!flag.values!.includes(raw)) throw new UsageError(`${what} is one of ${flag.values!.join(", ")}; got "${raw}"${didYouMean(raw, flag.values!)}`);
      return raw;
    case "bytes":
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(raw) || raw.length % 4 !== 0) throw new UsageError(`${what} takes base64, got "${raw}"`);
      return raw;
    case "json": {
      let v: Json;
      try {
        v = JSON.parse(raw) as Json;
      } catch {
        throw new UsageError(`${what} takes JSON (${flag.typeName}), got "${raw}"`);
      }
      if (hasRepeatedName(raw, v)) throw new UsageError(`${what}: a field is named twice in one object (JSON would keep only the last)`);
      // On the wire an empty list is no list: `--authorization-rules '[]'` on an update would keep the rules.
      if (flag.field?.repeated && Array.isArray(v) && v.length === 0) {
        throw new UsageError(`${what}: an empty list sends nothing, the same as leaving the flag out (a --clear-... flag, where there is one, removes the values)`);
      }
      return v;
    }
    default:
      return raw;
  }
}

// ---------- checking a request against its message descriptor ----------

function describe(where: string): string {
  return where === "" ? "the request" : where;
}

function checkScalar(f: protobuf.Field, v: Json, where: string): void {
  const bad = (want: string): never => {
    throw new UsageError(`--json: ${where} must be ${want}, got ${JSON.stringify(v)}`);
  };
  const range = own(INT_RANGES, f.type);
  if (f.resolvedType instanceof protobuf.Enum) {
    const names = Object.keys(f.resolvedType.values);
    if (typeof v !== "string" || !names.includes(v)) bad(`one of ${names.join(", ")}`);
  } else if (range) {
    if (typeof v !== "number" || !Number.isInteger(v)) bad(`an integer (${f.type})`);
    if ((v as number) < range[0] || (v as number) > range[1]) throw new UsageError(`--json: ${where} is out of range: ${v} (${f.type}: ${range[0]}..${range[1]})`);
  } else if (f.type === "double" || f.type === "float") {
    if (typeof v !== "number") bad("a number");
  } else if (f.type === "bool") {
    if (typeof v !== "boolean") bad("true or false");
  } else if (f.type === "bytes") {
    if (typeof v !== "string" || !/^[A-Za-z0-9+/]*={0,2}$/.test(v) || v.length % 4 !== 0) bad("base64 text");
  } else if (typeof v !== "string") bad("a string");
}

function checkValue(f: protobuf.Field, v: Json, where: string): void {
  if (f.resolvedType instanceof protobuf.Type) checkMessage(f.resolvedType, v, where);
  else checkScalar(f, v, where);
}

/** Refuses unknown fields, wrong types and out-of-range numbers anywhere in `value`. */
export function checkMessage(type: protobuf.Type, value: Json, where = ""): void {
  if (!isObject(value)) throw new UsageError(`--json: ${describe(where)} must be a JSON object (${type.name}), got ${JSON.stringify(value)}`);
  for (const [key, v] of Object.entries(value)) {
    const f = own(type.fields, key);
    const at = where ? `${where}.${key}` : key;
    if (!f) throw new UsageError(`--json: unknown field "${key}" in ${describe(where)} (${type.name})${didYouMean(key, Object.keys(type.fields))}`);
    if (v === null && f.resolvedType instanceof protobuf.Type && !f.repeated && !f.map) continue; // an absent message
    if (f.map) {
      if (!isObject(v)) throw new UsageError(`--json: ${at} must be a JSON object (a map)`);
      const keyRange = own(INT_RANGES, (f as unknown as protobuf.MapField).keyType);
      for (const [k, item] of Object.entries(v)) {
        if (keyRange) intValue(k, `--json: key of ${at}`, (f as unknown as protobuf.MapField).keyType, keyRange[0], keyRange[1]);
        checkValue(f, item, `${at}["${k}"]`);
      }
    } else if (f.repeated) {
      if (!Array.isArray(v)) throw new UsageError(`--json: ${at} must be a JSON array, got ${JSON.stringify(v)}`);
      v.forEach((item, i) => checkValue(f, item, `${at}[${i}]`));
    } else checkValue(f, v, at);
  }
  // at most one member of a real oneof (proto3 `optional` makes one-member oneofs)
  for (const o of type.oneofsArray) {
    const set = o.oneof.filter((n) => value[n] !== undefined && value[n] !== null);
    if (set.length > 1) throw new UsageError(`--json: ${describe(where)} sets ${set.join(" and ")}, which exclude each other`);
  }
}

// ---------- building ----------

function getPath(obj: JsonObject, path: string[]): Json | undefined {
  let cur: Json | undefined = obj;
  for (const p of path) cur = isObject(cur) ? cur[p] : undefined;
  return cur;
}

function setPath(obj: JsonObject, path: string[], value: Json): void {
  let cur = obj;
  for (const p of path.slice(0, -1)) {
    const next = cur[p];
    if (!isObject(next)) cur[p] = {};
    cur = cur[p] as JsonObject;
  }
  cur[path.at(-1)!] = value;
}

/** Flag values over the --json request (flags win); then the whole request is checked. */
export function buildRequest(verb: Verb, parsed: ParsedArgs): JsonObject {
  let req: JsonObject = {};
  const json = parsed.globals.get(JSON_FLAG);
  if (json !== undefined) {
    let v: unknown;
    try {
      v = JSON.parse(json);
    } catch (e) {
      throw new UsageError(`--json is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (!isObject(v)) throw new UsageError("--json must be a JSON object (the whole request)");
    if (hasRepeatedName(json, v)) throw new UsageError("--json: a field is named twice in one object (JSON would keep only the last)");
    req = v;
  }
  for (const [flag, raws] of parsed.values) {
    const vals = raws.flatMap((r) => (flag.repeated && flag.kind !== "json" ? r.split(",").map((s) => s.trim()).filter(Boolean) : [r])).map((r) => flagValue(flag, r));
    setPath(req, flag.path, flag.repeated ? vals : vals[0]!);
  }
  if (verb.rpc) checkMessage(verb.rpc.request, req);
  for (const flag of verb.flags) {
    if (!flag.required) continue;
    if (flag.guard.length > 0 && !isObject(getPath(req, flag.guard))) continue;
    const v = getPath(req, flag.path);
    if (v === undefined || v === null || v === "") throw new UsageError(`${shownName(flag)} is required${flag.help ? ` (${flag.help})` : ""}`);
  }
  return req;
}

/** The help line's type token: <int32 -2147483648..2147483647>, <a|b>, [=true|false], <list of string>. */
export function typeToken(f: Flag): string {
  if (f.kind === "bool" && !f.repeated) return "[=true|false]";
  const base = f.kind === "int" ? `${f.typeName} ${f.min}..${f.max}` : f.kind === "enum" ? f.values!.join("|") : f.kind === "json" ? `JSON ${f.typeName}${f.field?.repeated ? "[]" : ""}` : f.typeName;
  return f.repeated ? `<list of ${base}>` : `<${base}>`;
}
