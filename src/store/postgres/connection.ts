/**
 * Where a PostgreSQL store lives and how to reach it: the store URL, the password, TLS, and which
 * failures mean "the database is unreachable" (StoreError UNAVAILABLE) rather than a bad query.
 *
 * The URL is parsed here, not by pg's `connectionString`, for three reasons found in
 * pg-connection-string 2.14 (the parser pg 8.23 uses):
 * - it turns a URL without a password into `password: ''`, which overrides a `password` option, so a
 *   password read from a file could not be passed next to a connectionString;
 * - without `uselibpqcompat=true` it treats sslmode prefer/require/verify-ca as verify-full (with a
 *   deprecation warning), and with it, `prefer` means "TLS without verification" and never falls
 *   back to plaintext, which is neither libpq's prefer nor fail-closed;
 * - it accepts a password in the URL and as a `password` query parameter, and any other parameter
 *   silently.
 * Supported here, with libpq's meaning: `postgres[ql]://user@host:port/database` and the parameters
 * sslmode (disable | require | verify-ca | verify-full; absent = no TLS, node-postgres' default),
 * sslrootcert, sslcert, sslkey (files, read at open; the key is checked like a secret), host (a unix
 * socket directory, for `postgres://user@:5432/db?host=/run/postgresql`) and application_name.
 * libpq's prefer and allow are refused: node-postgres cannot fall back between TLS and plaintext.
 */
import { readFileSync } from "node:fs";
import type { ClientConfig } from "pg";
import { readSecretFile } from "../../datadir/secure-file.js";
import { StoreError } from "../errors.js";

export interface PostgresConnectionOptions {
  /** postgres://user@host:port/database?sslmode=verify-full&sslrootcert=/etc/xks-proxy/pg-ca.pem */
  url: string;
  /** a file holding only the password (mode 0600, owned by the daemon's user); beats PGPASSWORD */
  passwordFile?: string;
  /** where PGPASSWORD is read (default process.env) */
  env?: NodeJS.ProcessEnv;
}

export interface PostgresTarget {
  /** host, port, database, user, password (a function, so the value never shows in a dump), ssl */
  config: ClientConfig;
  /** the URL without secrets, for messages */
  location: string;
}

const PARAMS = new Set(["sslmode", "sslrootcert", "sslcert", "sslkey", "host", "application_name"]);
const SSL_MODES = ["disable", "require", "verify-ca", "verify-full"];
const MAX_SECRET_BYTES = 64 * 1024;

const refuse = (message: string) => new Error(`store URL: ${message}`);

export function resolvePostgresTarget(opts: PostgresConnectionOptions): PostgresTarget {
  const { u, hostless } = parseUrl(opts.url);
  if (u.protocol !== "postgres:" && u.protocol !== "postgresql:") {
    throw refuse(`scheme ${u.protocol} is not postgres: or postgresql:`);
  }
  if (u.password !== "" || u.searchParams.has("password")) {
    throw refuse("it must not contain a password: put the password in PGPASSWORD or in a password file (mode 0600)");
  }
  if (u.hash !== "") throw refuse("a #fragment has no meaning here");
  const params = new Map<string, string>();
  for (const [k, v] of u.searchParams) {
    if (!PARAMS.has(k)) throw refuse(`parameter ${k} is not supported (supported: ${[...PARAMS].join(", ")})`);
    if (params.has(k)) throw refuse(`parameter ${k} is given twice`);
    params.set(k, v);
  }
  const database = decodeURIComponent(u.pathname.replace(/^\//, ""));
  if (database === "" || database.includes("/")) throw refuse("name one database in the path, e.g. postgres://xks@db.example:5432/xks");
  const socketDir = params.get("host");
  if (socketDir !== undefined && !socketDir.startsWith("/")) throw refuse(`host=${socketDir} must be a unix socket directory (an absolute path)`);
  const hostname = hostless ? "" : u.hostname.replace(/^\[(.*)\]$/, "$1");
  if (socketDir !== undefined && hostname !== "") throw refuse("give either a host name or host=<socket dir>, not both");
  const host = socketDir ?? hostname;
  if (host === "") throw refuse("no host; expected postgres://user@host:port/database");
  const port = u.port === "" ? 5432 : Number(u.port);
  const user = u.username === "" ? undefined : decodeURIComponent(u.username);

  const password = readPassword(opts);
  const config: ClientConfig = {
    host,
    port,
    database,
    ssl: tlsOptions(params, host),
    application_name: params.get("application_name") ?? "xks-proxy",
    // A function: pg calls it only when the server asks for a password, and the value never sits
    // in a printable config. pg's own fallbacks (process.env, ~/.pgpass) are not consulted.
    password: () => {
      if (password === undefined) throw new Error(`database ${opts.url} asks for a password: set PGPASSWORD or a password file`);
      return password;
    },
  };
  if (user !== undefined) config.user = user;

  // checked above to hold no password
  return { config, location: opts.url };
}

/**
 * WHATWG URL refuses user@ without a host (postgres://xks@/db?host=/run/postgresql or
 * postgres://xks@:5433/db?host=..., libpq's way to name a socket directory); a stand-in host makes
 * it parseable and is dropped afterwards.
 */
function parseUrl(url: string): { u: URL; hostless: boolean } {
  try {
    return { u: new URL(url), hostless: false };
  } catch {
    try {
      return { u: new URL(url.replace(/@(?=[:/])/, "@hostless.invalid")), hostless: true };
    } catch {
      // the URL itself is not echoed: it may hold a password
      throw refuse("not a URL; expected postgres://user@host:port/database");
    }
  }
}

function readPassword(opts: PostgresConnectionOptions): string | undefined {
  if (opts.passwordFile !== undefined) {
    const buf = readSecretFile(opts.passwordFile, "database password file", MAX_SECRET_BYTES);
    if (buf === undefined) throw new Error(`database password file ${opts.passwordFile} does not exist`);
    const pw = buf.toString("utf8").replace(/\r?\n$/, "");
    if (pw === "" || /[\r\n]/.test(pw)) throw new Error(`database password file ${opts.passwordFile} must hold the password on one line`);
    return pw;
  }
  const env = (opts.env ?? process.env).PGPASSWORD;
  return env === undefined || env === "" ? undefined : env;
}

/** libpq's sslmode meanings (https://www.postgresql.org/docs/current/libpq-ssl.html#LIBPQ-SSL-PROTECTION). */
function tlsOptions(params: Map<string, string>, host: string): ClientConfig["ssl"] {
  const mode = params.get("sslmode");
  const rootcert = params.get("sslrootcert");
  const cert = params.get("sslcert");
  const key = params.get("sslkey");
  if (mode === "prefer" || mode === "allow") {
    throw refuse(`sslmode=${mode} would fall back between TLS and plaintext, which node-postgres cannot do; use ${SSL_MODES.join(", ")}`);
  }
  if (mode !== undefined && !SSL_MODES.includes(mode)) throw refuse(`sslmode=${mode} is not one of ${SSL_MODES.join(", ")}`);
  if (mode === undefined || mode === "disable") {
    if (rootcert !== undefined || cert !== undefined || key !== undefined) {
      throw refuse("sslrootcert/sslcert/sslkey need sslmode=require, verify-ca or verify-full");
    }
    return false;
  }
  if (host.startsWith("/")) throw refuse(`sslmode=${mode} has no meaning over a unix socket`);
  if ((cert === undefined) !== (key === undefined)) throw refuse("sslcert and sslkey go together");
  const tls: Exclude<ClientConfig["ssl"], boolean | undefined> = {};
  if (rootcert !== undefined) tls.ca = readFile(rootcert, "sslrootcert");
  if (cert !== undefined && key !== undefined) {
    tls.cert = readFile(cert, "sslcert");
    const k = readSecretFile(key, "sslkey", MAX_SECRET_BYTES);
    if (k === undefined) throw refuse(`sslkey ${key} does not exist`);
    tls.key = k.toString("utf8");
  }
  if (mode === "verify-ca" && rootcert === undefined) throw refuse("sslmode=verify-ca needs sslrootcert=<CA file>");
  // require: encrypted, not verified, unless a root CA is given (then it means verify-ca, as in libpq)
  if (mode === "require" && rootcert === undefined) tls.rejectUnauthorized = false;
  // verify-ca: the chain is checked, the host name is not
  if (mode === "verify-ca" || (mode === "require" && rootcert !== undefined)) tls.checkServerIdentity = () => undefined;
  return tls;
}

function readFile(path: string, what: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    throw refuse(`${what} ${path} cannot be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "EPIPE", "ENOENT"]);
/** 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now (starting up / shutting down) */
const SERVER_GONE = new Set(["57P01", "57P02", "57P03"]);
const CONNECTION_MESSAGES = [
  "Connection terminated",
  "timeout exceeded when trying to connect",
  "Client has encountered a connection error",
  "Client was closed and is not queryable",
  "The server does not support SSL connections",
];

/**
 * A failure to reach or keep a connection: SQLSTATE class 08, the server shutting down, a socket
 * error, a pool connect timeout. Not a constraint violation or a bad query.
 * ENOENT: a unix socket that is not there (the server is down).
 */
export function isConnectionError(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  const code = (e as { code?: unknown }).code;
  if (typeof code === "string" && (NETWORK_CODES.has(code) || SERVER_GONE.has(code) || code.startsWith("08"))) return true;
  if (CONNECTION_MESSAGES.some((m) => e.message.startsWith(m))) return true;
  return e.cause !== undefined && e.cause !== e && isConnectionError(e.cause);
}

/** A short reason that names no secret (pg's messages carry neither the URL nor the password). */
export function shortReason(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const code = (e as { code?: unknown }).code;
  if (typeof code !== "string") return e.message;
  // an AggregateError (every address of a host refused) has a code and an empty message
  return e.message === "" ? code : e.message.includes(code) ? e.message : `${e.message} (${code})`;
}

export function unavailable(location: string, e: unknown): StoreError {
  return new StoreError("UNAVAILABLE", `database ${location} is unavailable: ${shortReason(e)}`);
}

/** UNAVAILABLE for a connection failure, the error itself otherwise (a 23505 keeps its code). */
export function translateError(location: string, e: unknown): unknown {
  return isConnectionError(e) ? unavailable(location, e) : e;
}
