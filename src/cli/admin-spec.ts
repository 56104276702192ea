/**
 * The `xks-proxy admin <noun> <verb>` command table: which RPC each verb calls and how its flags
 * map onto request fields (dotted paths into the proto request, seed field names).
 */
import type { ServiceName } from "../admin/proto.js";

export type FlagType = "string" | "bool" | "int" | "list";

export interface FlagSpec {
  flag: string;
  /** dotted path in the request message */
  path: string;
  type: FlagType;
  help: string;
  required?: boolean;
}

export interface VerbSpec {
  method: string;
  summary: string;
  flags: FlagSpec[];
  /** columns for --output table when the answer is a list (or a single resource) */
  columns?: string[];
}

export interface NounSpec {
  service: ServiceName;
  summary: string;
  verbs: Record<string, VerbSpec>;
}

const f = (flag: string, path: string, type: FlagType, help: string, required = false): FlagSpec => ({ flag, path, type, help, required });
const PAGE: FlagSpec[] = [
  f("skip", "skip", "int", "index of the first resource to return"),
  f("limit", "limit", "int", "max resources to return (default 10, max 1000)"),
  f("sort", "sort", "string", 'comma list of fields, "-" for descending, e.g. name,-createdAt'),
];
const ID = (what: string): FlagSpec => f("id", "id", "string", `${what} id`, true);
const KS_ID = f("custom-key-store-id", "custom_key_store_id", "string", "key store id", true);
const VERSION_FILTERS: FlagSpec[] = [
  f("source-key-id", "source_key_id", "string", "only versions backed by this source key"),
  f("partition-label", "partition_label", "string", "only versions in this partition"),
];

const KS_COLS = ["id", "name", "region", "local_hosted_params.source_key_tier", "local_hosted_params.partition_label", "local_hosted_params.blocked", "aws_param.xks_proxy_uri_path", "credential_count"];
const KS_EDIT: FlagSpec[] = [
  f("health-check-key-id", "local_hosted_params.health_check_key_id", "string", "source key used by GetHealthStatus"),
  f("max-credentials", "local_hosted_params.max_credentials", "int", "2..20 (default 10)"),
  f("mtls-enabled", "local_hosted_params.mtls_enabled", "bool", "verify AWS KMS's TLS client certificate (not built yet: true is refused)"),
  f("rate-limit-rps", "local_hosted_params.rate_limit.requests_per_second", "int", "requests per second (default 1800)"),
  f("rate-limit-burst", "local_hosted_params.rate_limit.burst", "int", "burst size (default 3600)"),
  f("xks-proxy-connectivity", "aws_param.xks_proxy_connectivity", "string", "PUBLIC_ENDPOINT or VPC_ENDPOINT_SERVICE"),
  f("xks-proxy-uri-endpoint", "aws_param.xks_proxy_uri_endpoint", "string", "https://<dns-name> AWS KMS sends requests to"),
  f("xks-proxy-uri-path", "aws_param.xks_proxy_uri_path", "string", "/<prefix>/kms/xks/v1 (default /keystores/<id>/kms/xks/v1)"),
  f("xks-proxy-vpc-endpoint-service-name", "aws_param.xks_proxy_vpc_endpoint_service_name", "string", "required with VPC_ENDPOINT_SERVICE"),
  f("enable-success-audit-event", "enable_success_audit_event", "bool", "also audit successful XKS operations"),
];
const CRED_COLS = ["id", "custom_key_store_id", "version", "access_key_id", "createdAt"];
const SK_COLS = ["id", "name", "source_key_tier", "partition_label", "label", "key_spec", "encrypt", "decrypt", "registered", "virtual_key_ids"];
const VK_COLS = ["id", "source_key_tier", "partition_label", "source_key_id", "version", "deletable", "createdAt"];
const VER_COLS = ["version", "source_key_id", "partition_label", "createdAt"];
const HK_COLS = ["id", "custom_key_store_id", "local_hosted_params.virtual_key_id", "blocked", "linked_state", "region", "createdAt"];
const HK_POLICY: FlagSpec[] = [
  f("alias", "aws_param.Alias", "string", "alias for the AWS KMS key"),
  f("description", "aws_param.Description", "string", "description of the AWS KMS key"),
  f("policy", "aws_param.Policy", "string", "key policy JSON (exclusive with every other policy flag)"),
  f("policytemplate", "policytemplate", "string", "policy template id (exclusive with every other policy flag)"),
  f("external-accounts", "external_accounts", "list", "comma list of AWS accounts"),
  f("key-admins", "key_admins", "list", "comma list of IAM users administering the key"),
  f("key-admins-roles", "key_admins_roles", "list", "comma list of IAM roles administering the key"),
  f("key-users", "key_users", "list", "comma list of IAM users using the key"),
  f("key-users-roles", "key_users_roles", "list", "comma list of IAM roles using the key"),
];

export const NOUNS: Record<string, NounSpec> = {
  keystore: {
    service: "KeyStoreService",
    summary: "external key stores (XKS URI path, tier, partition, credentials, block state)",
    verbs: {
      create: {
        method: "Create",
        summary: "create a key store (answers its first credential, shown once)",
        columns: KS_COLS,
        flags: [
          f("name", "name", "string", "unique name", true),
          f("region", "region", "string", "AWS region the store signs for, e.g. us-east-1", true),
          f("kms", "kms", "string", "AWS account (12 digits) that owns the KMS keys"),
          f("source-key-tier", "local_hosted_params.source_key_tier", "string", "local or luna-hsm (default: luna-hsm with --partition-id, else local)"),
          f("partition-id", "local_hosted_params.partition_id", "string", "Luna partition (token label); required for luna-hsm"),
          f("blocked", "local_hosted_params.blocked", "bool", "create blocked"),
          f("linked-state", "linked_state", "bool", "mark as linked with AWS"),
          ...KS_EDIT,
        ],
      },
      list: {
        method: "List",
        summary: "list key stores",
        columns: KS_COLS,
        flags: [
          f("id", "id", "string", "filter by id"),
          f("name", "name", "string", "filter by name"),
          f("kms", "kms", "string", "filter by AWS account"),
          f("region", "region", "string", "filter by region"),
          f("blocked", "blocked", "bool", "filter by blocked state"),
          f("linked-state", "linked_state", "bool", "filter by linked state"),
          f("xks-proxy-connectivity", "xks_proxy_connectivity", "string", "filter by connectivity"),
          f("connection-state", "connection_state", "string", "filter by connection state"),
          f("source-key-tier", "source_key_tier", "string", "filter by tier"),
          f("custom-key-store-type", "custom_key_store_type", "string", "filter by type"),
          ...PAGE,
        ],
      },
      get: { method: "Get", summary: "show one key store", columns: KS_COLS, flags: [ID("key store")] },
      update: { method: "Update", summary: "edit a key store", columns: KS_COLS, flags: [ID("key store"), f("name", "name", "string", "new unique name"), ...KS_EDIT] },
      delete: { method: "Delete", summary: "delete a key store (refused while it has HYOK keys)", flags: [ID("key store")] },
      block: { method: "Block", summary: "block AWS KMS requests to the store", columns: KS_COLS, flags: [ID("key store")] },
      unblock: { method: "Unblock", summary: "allow AWS KMS requests again", columns: KS_COLS, flags: [ID("key store")] },
      health: { method: "HealthCheck", summary: "run a health check now", flags: [ID("key store")] },
    },
  },
  credential: {
    service: "CredentialService",
    summary: "SigV4 credentials AWS KMS signs XKS requests with",
    verbs: {
      create: { method: "Create", summary: "add a credential (secret shown once)", columns: CRED_COLS, flags: [KS_ID] },
      rotate: { method: "Rotate", summary: "add a new credential; older ones keep working until deleted", flags: [KS_ID] },
      list: { method: "List", summary: "list a store's credentials (never secrets)", columns: CRED_COLS, flags: [KS_ID, f("access-key-id", "access_key_id", "string", "filter by access key id"), ...PAGE] },
      get: { method: "Get", summary: "show one credential", columns: CRED_COLS, flags: [KS_ID, ID("credential")] },
      delete: { method: "Delete", summary: "delete a credential (stops working at once)", flags: [KS_ID, ID("credential")] },
    },
  },
  sourcekey: {
    service: "SourceKeyService",
    summary: "AES-256 keys that do the cryptography (local or in a Luna partition)",
    verbs: {
      create: {
        method: "Create",
        summary: "generate a key (local: random, sealed; luna-hsm: in the token)",
        columns: SK_COLS,
        flags: [
          f("source-key-tier", "source_key_tier", "string", "local or luna-hsm (default: luna-hsm with --partition-id, else local)"),
          f("partition-id", "partition_id", "string", "Luna partition (token label)"),
          f("label", "label", "string", "CKA_LABEL (luna-hsm) or name (local)"),
          f("encrypt", "encrypt", "bool", "allow encrypt (default: both usages)"),
          f("decrypt", "decrypt", "bool", "allow decrypt (default: both usages)"),
        ],
      },
      register: {
        method: "Register",
        summary: "register an existing AES-256 token key by label",
        columns: SK_COLS,
        flags: [
          f("partition-id", "partition_id", "string", "Luna partition (token label)", true),
          f("label", "label", "string", "CKA_LABEL of the key", true),
          f("encrypt", "encrypt", "bool", "require encrypt (default: both usages)"),
          f("decrypt", "decrypt", "bool", "require decrypt (default: both usages)"),
        ],
      },
      update: {
        method: "Update",
        summary: "enable or disable a key (disabled: keyStatus DISABLED, encrypt/decrypt refused)",
        columns: SK_COLS,
        flags: [ID("source key"), f("enabled", "enabled", "bool", "usable for cryptography", true)],
      },
      list: {
        method: "List",
        summary: "list source keys (with --partition-id: the token's keys too) and the virtual keys using them",
        columns: SK_COLS,
        flags: [
          f("source-key-tier", "source_key_tier", "string", "filter by tier"),
          f("partition-id", "partition_id", "string", "list a partition"),
          f("label", "label", "string", "filter by label"),
          f("id", "id", "string", "filter by id"),
          ...PAGE,
        ],
      },
      get: { method: "Get", summary: "show one source key", columns: SK_COLS, flags: [ID("source key")] },
    },
  },
  virtualkey: {
    service: "VirtualKeyService",
    summary: "versioned pointers to source keys",
    verbs: {
      create: { method: "Create", summary: "create a virtual key (version 1)", columns: VK_COLS, flags: [f("source-key-id", "source_key_id", "string", "source key of version 1", true)] },
      list: {
        method: "List",
        summary: "list virtual keys",
        columns: VK_COLS,
        flags: [
          f("id", "id", "string", "filter by id"),
          f("source-key-id", "source_key_id", "string", "filter by source key (any version)"),
          f("partition-label", "partition_label", "string", "filter by partition"),
          ...PAGE,
        ],
      },
      get: { method: "Get", summary: "show one virtual key", columns: VK_COLS, flags: [ID("virtual key")] },
      update: { method: "Update", summary: "mark deletable or not", columns: VK_COLS, flags: [ID("virtual key"), f("deletable", "deletable", "bool", "allow deletion", true)] },
      delete: { method: "Delete", summary: "delete (only when deletable and unused by HYOK keys)", flags: [ID("virtual key")] },
      versions: { method: "ListVersions", summary: "list versions", columns: VER_COLS, flags: [ID("virtual key"), ...VERSION_FILTERS, ...PAGE] },
      rotate: {
        method: "Rotate",
        summary: "add a version (a new key where the current one lives, or --source-key-id)",
        columns: VK_COLS,
        flags: [ID("virtual key"), f("source-key-id", "source_key_id", "string", "existing source key for the new version")],
      },
    },
  },
  hyokkey: {
    service: "HyokKeyService",
    summary: "HYOK keys: what AWS KMS names (id = externalKeyId)",
    verbs: {
      create: {
        method: "Create",
        summary: "create a HYOK key in a key store",
        columns: HK_COLS,
        flags: [
          f("custom-key-store-id", "local_hosted_params.custom_key_store_id", "string", "key store id", true),
          f("source-key-id", "local_hosted_params.source_key_id", "string", "virtual key id (or a source key id: a virtual key is made)"),
          f("virtual-key-id", "local_hosted_params.virtual_key_id", "string", "virtual key id"),
          f("blocked", "local_hosted_params.blocked", "bool", "create blocked"),
          ...HK_POLICY,
        ],
      },
      list: {
        method: "List",
        summary: "list HYOK keys",
        columns: HK_COLS,
        flags: [
          f("id", "id", "string", "filter by id"),
          f("custom-key-store-id", "custom_key_store_id", "string", "filter by key store"),
          f("virtual-key-id", "virtual_key_id", "string", "filter by virtual key"),
          f("blocked", "blocked", "bool", "filter by blocked state"),
          f("linked-state", "linked_state", "bool", "filter by linked state"),
          f("kms", "kms", "string", "filter by AWS account"),
          f("region", "region", "string", "filter by region"),
          ...PAGE,
        ],
      },
      get: { method: "Get", summary: "show one HYOK key", columns: HK_COLS, flags: [ID("HYOK key")] },
      versions: { method: "ListVersions", summary: "list the versions behind a HYOK key", columns: VER_COLS, flags: [ID("HYOK key"), ...VERSION_FILTERS, ...PAGE] },
      block: { method: "Block", summary: "block AWS KMS use of the key", columns: HK_COLS, flags: [ID("HYOK key")] },
      unblock: { method: "Unblock", summary: "allow AWS KMS use again", columns: HK_COLS, flags: [ID("HYOK key")] },
      delete: { method: "Delete", summary: "delete a HYOK key", flags: [ID("HYOK key")] },
    },
  },
  audit: {
    service: "AuditService",
    summary: "audit trail of XKS operations and admin changes",
    verbs: {
      list: {
        method: "List",
        summary: "list audit records (newest first by default)",
        columns: ["createdAt", "kind", "operation", "outcome", "error_name", "key_store_id", "key_id", "kms_request_id", "actor", "target_id"],
        flags: [
          f("key-store-id", "key_store_id", "string", "filter by key store"),
          f("kind", "kind", "string", "xks or admin"),
          f("outcome", "outcome", "string", "success or failure"),
          f("operation", "operation", "string", "e.g. Encrypt or KeyStoreService.Create"),
          f("key-id", "key_id", "string", "filter by HYOK key id"),
          f("since", "since", "string", "ISO time, inclusive"),
          f("until", "until", "string", "ISO time, exclusive"),
          ...PAGE,
        ],
      },
    },
  },
};
