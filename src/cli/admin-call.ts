/** The CLI's side of an admin call: where the token comes from, the channel, and what a failure means. */
import * as grpc from "@grpc/grpc-js";
import type { MethodDefinition, PackageDefinition, ServiceDefinition } from "@grpc/proto-loader";
import { existsSync } from "node:fs";
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
  ) {
    this.deadline = Date.now() + timeoutS * 1000;
    this.metadata.set("authorization", `Bearer ${token.token}`);
  }

  get client(): grpc.Client {
    this.opened ??= new grpc.Client(this.address, grpc.credentials.createInsecure());
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

/** One line for a failed call (without the "xks-proxy: " prefix). */
export function describeFailure(e: unknown, channel: AdminChannel | undefined): string {
  if (!isServiceError(e)) return e instanceof Error ? e.message : String(e);
  const code = grpc.status[e.code] ?? String(e.code);
  if (e.code === grpc.status.UNAVAILABLE && channel?.unreached()) return `cannot reach the admin API at ${channel.address} — is the daemon running?`;
  if (e.code === grpc.status.DEADLINE_EXCEEDED && channel?.unreached()) {
    return `cannot reach the admin API at ${channel.address} within ${channel.timeoutS} s (--timeout) — is the daemon running?`;
  }
  if (e.code === grpc.status.UNAUTHENTICATED && channel) {
    return `the admin API refused the token read from ${channel.token.from} (${code}: ${e.details})`;
  }
  return `${code}: ${e.details}`;
}
