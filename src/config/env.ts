import { nearest } from "./suggest.js";

/**
 * Environment overrides: each XKS_* variable replaces one key of the file. A bad value is reported
 * under the variable's name (that is what the operator set), and an XKS_* variable that is none of
 * ours is refused rather than ignored: XKS_HTTP_PROT=443 must not start a daemon on port 8080.
 */
export interface EnvOverride {
  name: string;
  path: readonly string[];
  /** int: decimal digits only; list: comma-separated */
  kind: "text" | "int" | "list";
  /** never echoed in an error */
  secret?: true;
}

export const ENV_OVERRIDES: readonly EnvOverride[] = [
  { name: "XKS_DATA_DIR", path: ["dataDir"], kind: "text" },
  { name: "XKS_MASTER_KEY_FILE", path: ["masterKeyFile"], kind: "text" },
  { name: "XKS_STORE_URL", path: ["store", "url"], kind: "text" },
  { name: "XKS_STORE_PASSWORD_FILE", path: ["store", "passwordFile"], kind: "text" },
  { name: "XKS_HTTP_HOST", path: ["xks", "host"], kind: "text" },
  { name: "XKS_HTTP_PORT", path: ["xks", "port"], kind: "int" },
  { name: "XKS_TLS_CERT_FILE", path: ["xks", "tls", "certFile"], kind: "text" },
  { name: "XKS_TLS_KEY_FILE", path: ["xks", "tls", "keyFile"], kind: "text" },
  { name: "XKS_REQUEST_TIMEOUT_MS", path: ["xks", "requestTimeoutMs"], kind: "int" },
  { name: "XKS_HTTP_THREADS", path: ["xks", "threads"], kind: "int" },
  { name: "XKS_HTTP_NICE", path: ["xks", "nice"], kind: "int" },
  { name: "XKS_TRANSPORT", path: ["xks", "transport"], kind: "text" },
  { name: "XKS_ADMIN_HOST", path: ["admin", "host"], kind: "text" },
  { name: "XKS_ADMIN_PORT", path: ["admin", "port"], kind: "int" },
  { name: "XKS_ADMIN_TLS_CERT_FILE", path: ["admin", "tls", "certFile"], kind: "text" },
  { name: "XKS_ADMIN_TLS_KEY_FILE", path: ["admin", "tls", "keyFile"], kind: "text" },
  { name: "XKS_ADMIN_TLS_CLIENT_CA_FILE", path: ["admin", "tls", "clientCaFile"], kind: "text" },
  { name: "XKS_ADMIN_TOKENS", path: ["admin", "tokens"], kind: "list", secret: true },
  { name: "XKS_METRICS_HOST", path: ["metrics", "host"], kind: "text" },
  { name: "XKS_METRICS_PORT", path: ["metrics", "port"], kind: "int" },
  { name: "XKS_PKCS11_MODULE", path: ["pkcs11", "modulePath"], kind: "text" },
  { name: "XKS_LOG_LEVEL", path: ["log", "level"], kind: "text" },
];

/** XKS_* variables that other readers own, so they may be set in the daemon's environment. */
export const OTHER_XKS_VARIABLES: readonly { name: string; meaning: string }[] = [
  { name: "XKS_CONFIG", meaning: "configuration file when --config is not given" },
  { name: "XKS_ADMIN_ADDRESS", meaning: "admin CLI: the daemon's admin address" },
  { name: "XKS_ADMIN_TOKEN", meaning: "admin CLI: the bearer token" },
  { name: "XKS_ADMIN_CA_FILE", meaning: "admin CLI: CA certificates that verify the daemon's admin TLS certificate" },
  { name: "XKS_ADMIN_CERT_FILE", meaning: "admin CLI: client certificate for mutual TLS" },
  { name: "XKS_ADMIN_KEY_FILE", meaning: "admin CLI: private key of the client certificate" },
];
/** read by the PKCS#11 fault-injection shim (native-bench/shim) when the daemon loads it as its module */
const SHIM_PREFIX = "XKS_SHIM_";

/** The variable's value as the key's type; a malformed number is passed on as text for the schema to refuse. */
export function envValue(o: EnvOverride, raw: string): unknown {
  if (o.kind === "int") return /^-?[0-9]+$/.test(raw) ? Number(raw) : raw;
  if (o.kind === "list") return raw.split(",");
  return raw;
}

/** How an error names the variable: with its value unless secret, quoted and cut short. */
export function envLabel(o: EnvOverride, raw: string): string {
  if (o.secret) return o.name;
  const shown = raw.length > 80 ? `${raw.slice(0, 80)}…` : raw;
  return `${o.name}=${JSON.stringify(shown)}`;
}

/** Unknown XKS_* variables (any case), each with the nearest known name when one is close. */
export function unknownEnvErrors(env: NodeJS.ProcessEnv, pinEnvs: ReadonlySet<string>): string[] {
  const known = [...ENV_OVERRIDES.map((o) => o.name), ...OTHER_XKS_VARIABLES.map((o) => o.name)];
  const errors: string[] = [];
  for (const name of Object.keys(env).sort()) {
    const upper = name.toUpperCase();
    if (!upper.startsWith("XKS_") || known.includes(name) || pinEnvs.has(name) || name.startsWith(SHIM_PREFIX)) continue;
    const near = nearest(name, [...known, ...pinEnvs]);
    errors.push(`unknown environment variable ${name}${near ? ` (did you mean ${near}?)` : " (xks-proxy serve --help lists the known ones)"}`);
  }
  return errors;
}
