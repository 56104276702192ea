/** The CLI's side of an admin call: where the token comes from, the channel, and what a failure means. */
import * as grpc from "@grpc/grpc-js";
import type { MethodDefinition, PackageDefinition, ServiceDefinition } from "@grpc/proto-loader";
import { existsSync } from "node:fs";
import { isIP } from "node:net";
import { ADMIN_PACKAGE } from "../admin/proto.js";
import { readCapped } from "../config/json.js";
import { UsageError } from "./admin-request.js";
import type { AdminConnection } from "./admin-spec.js";

export interface Token {
  token: string;
  /** where it was read from, for messages (never the token itself) */
  from: string;
}

const DEFAULT_TOKEN_FILE = "./data/admin.token";

/**
 * The daemon accepts tokens of at most 4096 characters; a token file is never read past 64 KiB:
 * `--token-file /dev/zero` (or any huge file) once made the CLI abort natively (std::bad_alloc).
 */
const MAX_TOKEN_FILE_BYTES = 64 * 1024;

/**
 * A bearer token is visible ASCII. Anything else would be refused by grpc-js with an error that
 * quotes the whole metadata value, printing the token; so it is refused here, never echoed.
 */
function checked(token: string, from: string): Token {
  if (!/^[\x21-\x7e]+$/.test(token)) {
    throw new UsageError(`the admin token read from ${from} contains characters a bearer token cannot have (only visible ASCII; the token is not printed)`);
  }
  return { token, from };
}

function tokenFile(path: string, from: string): Token {
  let token: string;
  try {
    token = readCapped(path, MAX_TOKEN_FILE_BYTES).trim();
  } catch (e) {
    throw new UsageError(`cannot read the token file ${path}: ${(e as NodeJS.ErrnoException).code ?? (e instanceof Error ? e.message : String(e))}`);
  }
  if (!token) throw new UsageError(`the token file ${path} is empty`);
  return checked(token, from);
}

/** --token-file, else XKS_ADMIN_TOKEN, else ./data/admin.token (which the daemon writes on first start). */
export function readToken(file: string | undefined, env: NodeJS.ProcessEnv = process.env): Token {
  if (file !== undefined) return tokenFile(file, `--token-file ${file}`);
  const fromEnv = env["XKS_ADMIN_TOKEN"];
  if (fromEnv !== undefined) {
    // Set but empty is a mistake (e.g. an unset shell variable expanded), not "use the default file".
    if (fromEnv.trim() === "") throw new UsageError("XKS_ADMIN_TOKEN is set but empty: give the token, or unset it to use --token-file or the default token file");
    return checked(fromEnv.trim(), "the environment variable XKS_ADMIN_TOKEN");
  }
  if (existsSync(DEFAULT_TOKEN_FILE)) return tokenFile(DEFAULT_TOKEN_FILE, `${DEFAULT_TOKEN_FILE} (the default token file)`);
  throw new UsageError(`no admin token: set XKS_ADMIN_TOKEN or pass --token-file (the daemon writes ${DEFAULT_TOKEN_FILE} on first start)`);
}

/** TLS toward the daemon: the CA that verifies it, and a client certificate for mutual TLS. */
export interface ClientTls {
  caFile: string;
  cert?: { certFile: string; keyFile: string };
}

/** --ca-file, --cert, --key (each else its XKS_ADMIN_* variable); no CA: plaintext, as before. */
export function clientTls(globals: ReadonlyMap<string, string>, env: NodeJS.ProcessEnv = process.env): ClientTls | undefined {
  const pick = (flag: string, variable: string): string | undefined => {
    const v = globals.get(flag) ?? (env[variable] || undefined);
    if (v === "") throw new UsageError(`--${flag} is empty`);
    return v;
  };
  const caFile = pick("ca-file", "XKS_ADMIN_CA_FILE");
  const certFile = pick("cert", "XKS_ADMIN_CERT_FILE");
  const keyFile = pick("key", "XKS_ADMIN_KEY_FILE");
  if ((certFile === undefined) !== (keyFile === undefined)) {
    throw new UsageError(`${certFile === undefined ? "--key (or XKS_ADMIN_KEY_FILE) needs --cert" : "--cert (or XKS_ADMIN_CERT_FILE) needs --key"}: a client certificate goes with its private key`);
  }
  // a client certificate over plaintext would be silently unused
  if (caFile === undefined) {
    if (certFile !== undefined) throw new UsageError("--cert and --key need --ca-file (or XKS_ADMIN_CA_FILE): without it the CLI speaks plaintext");
    return undefined;
  }
  return { caFile, cert: certFile !== undefined ? { certFile, keyFile: keyFile! } : undefined };
}

/** PEM bundles are small; the cap keeps a path like /dev/zero from exhausting memory. */
const MAX_PEM_FILE_BYTES = 1024 * 1024;

function pemFile(path: string, what: string): Buffer {
  try {
    return Buffer.from(readCapped(path, MAX_PEM_FILE_BYTES), "utf8");
  } catch (e) {
    throw new UsageError(`cannot read the ${what} file ${path}: ${(e as NodeJS.ErrnoException).code ?? (e instanceof Error ? e.message : String(e))}`);
  }
}

function channelCredentials(address: string, tls: ClientTls | undefined): grpc.ChannelCredentials {
  if (!tls) return grpc.credentials.createInsecure();
  // grpc-js sends an IP address as the TLS server name; Node then warns (DEP0123) on every
  // connection, a line the user cannot act on (the certificate is still checked against the IP)
  if (isIP(hostOf(address))) process.noDeprecation = true;
  const ca = pemFile(tls.caFile, "CA");
  if (!tls.cert) return grpc.credentials.createSsl(ca);
  return grpc.credentials.createSsl(ca, pemFile(tls.cert.keyFile, "private key"), pemFile(tls.cert.certFile, "certificate"));
}

/** A lazily opened, authenticated channel to the admin API. */
export class AdminChannel implements AdminConnection {
  private opened?: grpc.Client;
  readonly metadata = new grpc.Metadata();

  readonly deadline: number;

  constructor(
    readonly address: string,
    readonly token: Token,
    readonly timeoutS: number,
    private readonly definitions: PackageDefinition,
    readonly tls?: ClientTls,
  ) {
    this.deadline = Date.now() + timeoutS * 1000;
    this.metadata.set("authorization", `Bearer ${token.token}`);
  }

  get client(): grpc.Client {
    this.opened ??= new grpc.Client(this.address, channelCredentials(this.address, this.tls));
    return this.opened;
  }

  method(service: string, method: string): MethodDefinition<object, object> {
    const svc = this.definitions[`${ADMIN_PACKAGE}.${service}`] as ServiceDefinition | undefined;
    const def = svc?.[method];
    if (!def) throw new Error(`the admin proto has no ${service}.${method}`);
    return def as MethodDefinition<object, object>;
  }

  call(service: string, method: string, request: object): Promise<unknown> {
    const def = this.method(service, method);
    return new Promise((resolve, reject) =>
      this.client.makeUnaryRequest(def.path, def.requestSerialize, def.responseDeserialize, request, this.metadata, { deadline: this.deadline }, (err, res) => (err ? reject(err) : resolve(res))),
    );
  }

  /** True unless the channel is connected: a failed call then never reached the daemon. */
  unreached(): boolean {
    return this.opened !== undefined && this.opened.getChannel().getConnectivityState(false) !== grpc.connectivityState.READY;
  }

  close(): void {
    this.opened?.close();
  }
}

function isServiceError(e: unknown): e is grpc.ServiceError {
  return e instanceof Error && typeof (e as Partial<grpc.ServiceError>).code === "number" && typeof (e as Partial<grpc.ServiceError>).details === "string";
}

/** The host of host:port, [v6]:port or a bare host. */
function hostOf(address: string): string {
  const v6 = /^\[([^\]]+)\](?::\d+)?$/.exec(address);
  if (v6) return v6[1]!;
  const colon = address.lastIndexOf(":");
  return colon > 0 && address.indexOf(":") === colon ? address.slice(0, colon) : address;
}

// What grpc-js reports when a connection failed (its "Last error"), sorted by likely cause.
const UNTRUSTED = /unable to verify the first certificate|self[- ]signed certificate(?: in certificate chain)?|unable to get (?:local )?issuer certificate|certificate has expired|certificate is not yet valid|Hostname\/IP does not match certificate's altnames/i;
const NOT_TLS = /wrong version number|packet length too long|unexpected eof while reading/i;
const CLIENT_CERT_REFUSED = /(?:tlsv1\d?|sslv3) alert (?:certificate required|bad certificate|unknown ca|certificate unknown|unsupported certificate|certificate expired|certificate revoked|access denied|decrypt error)/i;
const OTHER_ALERT = /(?:tlsv1\d?|sslv3) alert [a-z ]+/i;
const DROPPED = /Failed to connect|ECONNRESET|socket hang up|Client network socket disconnected/;

/** A failed connection that TLS explains: one line naming the address and the likely cause. */
function tlsFailure(details: string, channel: AdminChannel): string | undefined {
  const at = `the admin API at ${channel.address}`;
  const tls = channel.tls !== undefined;
  let m: RegExpExecArray | null;
  if (tls && (m = UNTRUSTED.exec(details))) {
    return `${at} presented a TLS certificate the CLI does not trust (${m[0]}) — is --ca-file the CA that issued the daemon's admin.tls certificate, and does that certificate name ${hostOf(channel.address)}?`;
  }
  if (tls && (m = NOT_TLS.exec(details))) return `${at} does not speak TLS (${m[0]}) — is admin.tls set on the daemon? Without it, call it without --ca-file`;
  if (tls && (m = CLIENT_CERT_REFUSED.exec(details))) {
    return `${at} refused the TLS connection (${m[0]}) — it asks for mutual TLS: pass --cert and --key issued by the CA of its admin.tls.clientCaFile`;
  }
  if (tls && (m = OTHER_ALERT.exec(details))) return `the TLS handshake with ${at} failed (${m[0]})`;
  if (DROPPED.test(details)) {
    if (!tls) return `${at} closed the connection — if its admin.tls is set, it speaks only TLS: pass --ca-file`;
    const cert = channel.tls!.cert;
    return cert
      ? `${at} closed the connection during the TLS handshake — it likely refused the client certificate ${cert.certFile}: is it issued by the CA of the daemon's admin.tls.clientCaFile?`
      : `${at} closed the connection during the TLS handshake — if it asks for mutual TLS, pass --cert and --key issued by the CA of its admin.tls.clientCaFile`;
  }
  return undefined;
}

/** One line for a failed call (without the "xks-proxy: " prefix). */
export function describeFailure(e: unknown, channel: AdminChannel | undefined): string {
  if (!isServiceError(e)) return e instanceof Error ? e.message : String(e);
  const code = grpc.status[e.code] ?? String(e.code);
  if (e.code === grpc.status.UNAVAILABLE && channel?.unreached()) return tlsFailure(e.details, channel) ?? `cannot reach the admin API at ${channel.address} — is the daemon running?`;
  if (e.code === grpc.status.DEADLINE_EXCEEDED && channel?.unreached()) {
    return `cannot reach the admin API at ${channel.address} within ${channel.timeoutS} s (--timeout) — is the daemon running?`;
  }
  if (e.code === grpc.status.UNAUTHENTICATED && channel) {
    return `the admin API refused the token read from ${channel.token.from} (${code}: ${e.details})`;
  }
  return `${code}: ${e.details}`;
}
