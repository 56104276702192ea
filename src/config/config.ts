import { join } from "node:path";
import type { z } from "zod";
import { ENV_OVERRIDES, envLabel, envValue, OTHER_XKS_VARIABLES, unknownEnvErrors } from "./env.js";
import { MAX_CONFIG_BYTES, parseJsonStrict, readCapped } from "./json.js";
import { configSchema } from "./schema.js";
import { nearest } from "./suggest.js";

/**
 * Daemon configuration: an optional JSON file (see config/*.json) with environment overrides,
 * validated once at start against the schema (schema.ts) into a typed, frozen object. Secrets (HSM
 * PINs) are never read from the command line or the file: only from an environment variable or a
 * file the config names.
 */
export type Config = z.output<typeof configSchema>;
export type Pkcs11PartitionSetting = NonNullable<Config["pkcs11"]>["partitions"][number];

export class ConfigError extends Error {}

type Obj = Record<string, unknown>;
type Path = readonly PropertyKey[];
type Def = { type: string; innerType?: z.ZodType; in?: z.ZodType; shape?: Record<string, z.ZodType>; element?: z.ZodType };
const defOf = (s: z.ZodType) => s._zod.def as unknown as Def;

/** The schema of the key at `path` (array indexes as numbers), looking through defaults, nullables and transforms. */
function schemaAt(path: Path): z.ZodType | undefined {
  let s: z.ZodType | undefined = configSchema;
  for (const seg of path) {
    if (!s) return undefined;
    const d = defOf(unwrap(s));
    s = typeof seg === "number" ? d.element : d.shape?.[String(seg)];
  }
  return s;
}

function unwrap(s: z.ZodType): z.ZodType {
  for (;;) {
    const d = defOf(s);
    const next = d.innerType ?? (d.type === "pipe" ? d.in : undefined);
    if (!next) return s;
    s = next;
  }
}

const short = (s: string) => (s.length > 80 ? `${s.slice(0, 80)}…` : s);

/** xks.tls.certFile, pkcs11.partitions[0].label; odd keys quoted so an error stays one readable line */
export function pathText(path: Path): string {
  return path
    .map((seg, i) => (typeof seg === "number" ? `[${seg}]` : /^[$A-Za-z_][\w$]*$/.test(String(seg)) ? `${i ? "." : ""}${short(String(seg))}` : `[${JSON.stringify(short(String(seg)))}]`))
    .join("");
}

function issueText(iss: z.core.$ZodIssue): string[] {
  if (iss.code !== "unrecognized_keys") return [`${pathText(iss.path) || "config"} ${iss.message}`];
  const s = schemaAt(iss.path);
  const valid = Object.keys((s && defOf(unwrap(s)).shape) ?? {});
  return iss.keys.map((k) => {
    const near = nearest(k, valid);
    const hint = near ? `did you mean ${pathText([...iss.path, near])}?` : `expected one of: ${valid.join(", ")}`;
    return `unknown key ${pathText([...iss.path, k])} (${hint})`;
  });
}

const issuesText = (issues: readonly z.core.$ZodIssue[]) => issues.flatMap(issueText).join("; ");

function setAt(o: Obj, path: readonly string[], value: unknown): void {
  let cur = o;
  for (const k of path.slice(0, -1)) {
    const next = cur[k];
    cur = cur[k] = typeof next === "object" && next !== null && !Array.isArray(next) ? (next as Obj) : {};
  }
  cur[path[path.length - 1]!] = value;
}

function deepFreeze<T>(v: T): T {
  if (typeof v === "object" && v !== null && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}

/** Environment overrides merged into a copy of the (already valid) file object; errors name the variable. */
function withEnv(file: Obj, env: NodeJS.ProcessEnv, errors: string[]): Obj {
  const merged = structuredClone(file);
  for (const o of ENV_OVERRIDES) {
    const raw = env[o.name];
    if (raw === undefined) continue;
    if (raw === "") {
      errors.push(`${o.name} is set but empty (unset it to use the file's value or the default)`);
      continue;
    }
    const value = envValue(o, raw);
    const r = schemaAt(o.path)!.safeParse(value);
    if (!r.success) {
      const iss = r.error.issues[0]!;
      errors.push(`${envLabel(o, raw)}: ${typeof iss.path[0] === "number" ? `entry ${iss.path[0] + 1} ` : ""}${iss.message}`);
    } else if (o.path[0] === "pkcs11" && (merged.pkcs11 === undefined || merged.pkcs11 === null)) {
      errors.push(`${o.name} is set but the configuration file has no pkcs11 section (its partitions can only come from the file)`);
    } else setAt(merged, o.path, value);
  }
  halfTlsPair(merged, "xks", "XKS_TLS", errors);
  halfTlsPair(merged, "admin", "XKS_ADMIN_TLS", errors);
  return merged;
}

/** The file's TLS sections are whole (checked first), so a half pair here was made by one variable. */
function halfTlsPair(merged: Obj, section: "xks" | "admin", prefix: string, errors: string[]): void {
  const tls = (merged[section] as Obj | undefined)?.tls as Obj | null | undefined;
  if (!tls) return;
  const [hasCert, hasKey] = [tls.certFile !== undefined, tls.keyFile !== undefined];
  if (hasCert !== hasKey) {
    const [set, missing] = hasCert ? [`${prefix}_CERT_FILE`, `${prefix}_KEY_FILE or ${section}.tls.keyFile`] : [`${prefix}_KEY_FILE`, `${prefix}_CERT_FILE or ${section}.tls.certFile`];
    errors.push(`${set} is set but the other half of the TLS pair is missing (set ${missing})`);
  } else if (!hasCert) {
    errors.push(`${prefix}_CLIENT_CA_FILE is set but ${section}.tls has no certificate and key (set ${prefix}_CERT_FILE and ${prefix}_KEY_FILE, or ${section}.tls in the file)`);
  }
}

/** Builds the config from a parsed file object and the environment. */
export function buildConfig(file: unknown, env: NodeJS.ProcessEnv): Config {
  // The file on its own first: its mistakes are named by their path, even where the environment overrides them.
  const fromFile = configSchema.safeParse(file);
  if (!fromFile.success) throw new ConfigError(issuesText(fromFile.error.issues));

  const errors: string[] = [];
  const merged = withEnv(file as Obj, env, errors);
  const pinEnvs = new Set(fromFile.data.pkcs11?.partitions.flatMap((p) => (p.pinEnv ? [p.pinEnv] : [])) ?? []);
  const ours = new Set([...ENV_OVERRIDES, ...OTHER_XKS_VARIABLES].map((o) => o.name));
  fromFile.data.pkcs11?.partitions.forEach((p, i) => {
    if (p.pinEnv && ours.has(p.pinEnv)) errors.push(`pkcs11.partitions[${i}].pinEnv ${p.pinEnv} is one of xks-proxy's own variables, not a PIN`);
  });
  errors.push(...unknownEnvErrors(env, pinEnvs));
  if (errors.length) throw new ConfigError(errors.join("; "));

  const cfg = configSchema.safeParse(merged);
  if (!cfg.success) throw new ConfigError(issuesText(cfg.error.issues));
  return deepFreeze(cfg.data);
}

/** The built-in configuration (no file, no environment). */
export const DEFAULTS: Config = buildConfig({}, {});

/** Reads the JSON file at `path` (none: the defaults) and applies the environment. */
export function loadConfig(path: string | undefined, env: NodeJS.ProcessEnv): Config {
  if (path === undefined) return buildConfig({}, env);
  if (path === "") throw new ConfigError("the configuration file name is empty");
  let raw: string;
  try {
    raw = readCapped(path, MAX_CONFIG_BYTES);
  } catch (e) {
    throw new ConfigError(`cannot read config file ${path}: ${(e as Error).message}`);
  }
  let parsed: ReturnType<typeof parseJsonStrict>;
  try {
    parsed = parseJsonStrict(raw);
  } catch (e) {
    throw new ConfigError(`config file ${path} is not valid JSON: ${jsonErrorText(raw, (e as Error).message)}`);
  }
  if ("duplicate" in parsed) throw new ConfigError(`config file ${path} has the key ${parsed.duplicate} more than once`);
  return buildConfig(parsed.value, env);
}

/** JSON.parse's reason and where, without the excerpt of the file some engines quote (it may hold a token). */
function jsonErrorText(text: string, message: string): string {
  // V8 quotes the file as `, "<text>"` or, cut short, `, ..."<text>"` (e.g. a trailing comma after a token)
  const reason = message.split(/ in JSON|, (?:\.\.\.)?"/)[0]!;
  const pos = /position (\d+)/.exec(message);
  if (!pos) return reason;
  const before = text.slice(0, Number(pos[1]));
  const line = before.split("\n").length;
  return `${reason} at line ${line} column ${before.length - before.lastIndexOf("\n")}`;
}

/** The configuration as `config check` prints it: admin tokens replaced by their count. */
export function redacted(cfg: Config): unknown {
  const n = cfg.admin.tokens.length;
  const tokens = n ? `<redacted: ${n} token${n === 1 ? "" : "s"}>` : `<none: generated into ${join(cfg.dataDir, "admin.token")}>`;
  return { ...cfg, admin: { ...cfg.admin, tokens } };
}

/** A PIN file holds one line; nothing past this is read. */
const MAX_PIN_FILE_BYTES = 64 * 1024;

/** Reads a partition's PIN from its env var or file; the PIN never enters logs or errors. */
export function readPin(p: Pkcs11PartitionSetting, env: NodeJS.ProcessEnv): string {
  if (p.pinEnv) {
    const v = env[p.pinEnv];
    if (!v) throw new ConfigError(`PIN for partition ${p.label}: environment variable ${p.pinEnv} is not set`);
    return v;
  }
  try {
    // capped: a pinFile of /dev/zero once aborted the process natively (std::bad_alloc)
    const v = readCapped(p.pinFile!, MAX_PIN_FILE_BYTES).split(/\r?\n/)[0] ?? "";
    if (!v) throw new Error("empty");
    return v;
  } catch {
    throw new ConfigError(`PIN for partition ${p.label}: cannot read a PIN from ${p.pinFile}`);
  }
}
