/**
 * What the proto cannot say about the `xks-proxy admin` command line: short names kept for
 * existing scripts, table columns, and commands that are not a single unary RPC.
 * Nouns, verbs, flags, their types, help text and required markers all come from
 * proto/xks_admin.proto (see admin-schema.ts); nothing here is needed for a new field or RPC.
 */
import type * as grpc from "@grpc/grpc-js";
import type { MethodDefinition } from "@grpc/proto-loader";
import { auditExportCommand } from "./audit-export.js";

/** Extra flag names for request fields, by dotted field path (in any request that has that path). */
export const FLAG_ALIASES: Record<string, string[]> = {
  "local_hosted_params.rate_limit.requests_per_second": ["rate-limit-rps"],
  "local_hosted_params.rate_limit.burst": ["rate-limit-burst"],
};

/** Noun names other than the service name lower-cased, by service. */
export const NOUN_NAMES: Record<string, string> = { SyncJobService: "sync-job" };

/** Extra verb names, by noun: alias → the verb derived from the RPC name. */
export const VERB_ALIASES: Record<string, Record<string, string>> = {
  keystore: { health: "health-check" },
  virtualkey: { versions: "list-versions" },
  hyokkey: { versions: "list-versions" },
};

/** `--output table` columns by resource message name (dotted paths); others show their scalar fields. */
export const COLUMNS: Record<string, string[]> = {
  KeyStore: ["id", "name", "region", "local_hosted_params.source_key_tier", "local_hosted_params.partition_label", "local_hosted_params.blocked", "aws_param.xks_proxy_uri_path", "credential_count"],
  Credential: ["id", "custom_key_store_id", "version", "access_key_id", "createdAt"],
  SourceKey: ["id", "name", "source_key_tier", "partition_label", "label", "key_spec", "encrypt", "decrypt", "registered", "virtual_key_ids"],
  VirtualKey: ["id", "source_key_tier", "partition_label", "source_key_id", "version", "deletable", "createdAt"],
  VirtualKeyVersion: ["version", "source_key_id", "partition_label", "createdAt"],
  HyokKey: ["id", "custom_key_store_id", "local_hosted_params.virtual_key_id", "blocked", "linked_state", "region", "createdAt"],
  KmsConnection: ["id", "name", "account_id", "regions", "auth_type", "access_key_id", "endpoint"],
  SyncJob: ["id", "overall_status", "items_done", "items_total", "kms", "regions", "synchronize_all", "error", "createdAt"],
  PolicyTemplate: ["id", "name", "account_id", "key_admins", "key_users", "external_accounts", "createdAt"],
  AuditRecord: ["createdAt", "kind", "operation", "outcome", "error_name", "key_store_id", "key_id", "kms_request_id", "actor", "target_id"],
};

/**
 * Answers that report a failure although the call itself succeeded, by noun then verb: a message
 * for stderr (the command then exits 1 after printing the answer), or undefined. `keystore connect`
 * answers once AWS has settled the connection; a script must not go on as if a FAILED one worked.
 */
export const FAILED_ANSWERS: Record<string, Record<string, (answer: unknown) => string | undefined>> = {
  keystore: {
    connect(answer) {
      const aws = (answer as { aws_param?: { connection_state?: string; connection_error_code?: string } }).aws_param;
      if (aws?.connection_state !== "FAILED") return undefined;
      return `AWS KMS could not connect the key store: connection_state FAILED, connection_error_code ${aws.connection_error_code || "(none given)"}`;
    },
  },
};

// ---------- commands backed by a handler instead of one unary RPC ----------

export type CustomFlagKind = "string" | "bool" | "int" | "list";

export interface CustomFlag {
  /** the flag without "--", kebab-case; its value is `values[name]` */
  name: string;
  kind: CustomFlagKind;
  help: string;
  required?: boolean;
  /** inclusive bounds of an int flag (default: int32) */
  min?: number;
  max?: number;
}

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

/** An authenticated channel to the admin API, for calls a handler makes itself (e.g. streaming). */
export interface AdminConnection {
  client: grpc.Client;
  /** carries the bearer token */
  metadata: grpc.Metadata;
  /** deadline of the command (from --timeout) */
  deadline: number;
  /** the proto-loader definition of `<Service>.<Method>`, e.g. ("AuditService", "List") */
  method(service: string, method: string): MethodDefinition<object, object>;
}

export interface CommandContext {
  io: CliIo;
  output: "json" | "table";
  /** parsed flag values by flag name: string, boolean, number or string[]; absent flags are undefined */
  values: Record<string, unknown>;
  /** one authenticated unary call; a failure thrown from here is reported by the dispatcher */
  call(service: string, method: string, request: object): Promise<unknown>;
  /** the channel `call` uses (opened on first use, closed by the dispatcher) */
  connection(): AdminConnection;
  /** a mistake on the command line, to throw: reported in one line like the dispatcher's own, exit 2 */
  usage(message: string): Error;
}

export interface CustomCommand {
  noun: string;
  verb: string;
  summary: string;
  flags: CustomFlag[];
  /** returns the exit code (0 when void); gRPC errors may be thrown and are reported like any call's */
  run(ctx: CommandContext): Promise<number | void>;
}

/**
 * Registered custom commands. A custom command with the noun and verb of a derived one replaces it;
 * a new noun is allowed. Add an entry here to register one (see README, "Admin CLI").
 */
export const CUSTOM_COMMANDS: readonly CustomCommand[] = [auditExportCommand];
