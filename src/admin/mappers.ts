import type { Credential, HyokKey, KeyStore, KmsConnection, PolicyTemplate, RotationJob, SourceKey, SyncJob, VirtualKey, VirtualKeyVersion } from "../store/index.js";
import type { AuditRecord } from "../store/audit.js";
import { kmsClientSubject } from "../keys/mtls.js";
import type {
  AuditRecordMsg,
  CredentialMsg,
  CredentialRotationJobMsg,
  HyokKeyMsg,
  PolicyTemplateMsg,
  KeyStoreMsg,
  KmsConnectionMsg,
  SyncJobMsg,
  SourceKeyMsg,
  TagMsg,
  VirtualKeyMsg,
  VirtualKeyVersionMsg,
} from "./messages.js";

/** Domain records → proto messages (seed field names). */

/** A store's rotation job as keystore get shows it (seed name job_config_id). */
export function rotationJobMsg(j: RotationJob): CredentialRotationJobMsg {
  return {
    job_config_id: j.jobConfigId,
    interval_seconds: j.intervalSeconds,
    keep: j.keep,
    next_run_at: new Date(j.nextRunMs).toISOString(),
    step: j.step,
    runs: j.runs,
    last_run_at: j.lastRunAt,
    last_error: j.lastError,
  };
}

/** job: the store's credential rotation job, when one is enabled (shown with its labels, as the seed does) */
export function keyStoreMsg(ks: KeyStore, job?: RotationJob): KeyStoreMsg {
  return {
    id: ks.id,
    createdAt: ks.createdAt,
    updatedAt: ks.updatedAt,
    name: ks.name,
    kms: ks.kms,
    region: ks.region,
    type: "LOCAL",
    credential_version: ks.credentialVersion,
    credential_count: ks.credentialCount,
    cloud_name: "aws",
    aws_param: {
      custom_key_store_name: ks.name,
      xks_proxy_connectivity: ks.xksProxyConnectivity,
      xks_proxy_uri_endpoint: ks.xksProxyUriEndpoint,
      xks_proxy_uri_path: ks.xksProxyUriPath,
      xks_proxy_vpc_endpoint_service_name: ks.xksProxyVpcEndpointServiceName,
      custom_key_store_type: ks.customKeyStoreType,
      custom_key_store_id: ks.awsCustomKeyStoreId,
      connection_state: ks.connectionState,
      connection_error_code: ks.connectionErrorCode,
      kms_connection_id: ks.kmsConnectionId ?? "",
      aws_credential_id: ks.awsCredentialId,
      aws_pending_credential_id: ks.awsPendingCredentialId,
    },
    local_hosted_params: {
      partition_id: ks.partition ?? "",
      partition_label: ks.partition ?? "",
      blocked: ks.blocked,
      health_check_key_id: ks.healthCheckKeyId ?? "",
      max_credentials: ks.maxCredentials,
      mtls_enabled: ks.mtlsEnabled,
      source_key_tier: ks.sourceKeyTier,
      linked_state: ks.linkedState,
      rate_limit: { requests_per_second: ks.rateLimit.requestsPerSecond, burst: ks.rateLimit.burst },
      source_container_type: ks.sourceKeyTier === "luna-hsm" ? "hsm-luna" : "local",
    },
    enable_success_audit_event: ks.enableSuccessAuditEvent,
    authorization_rules: ks.authorizationRules.map((r) => ({ principal: r.principal ?? "", operations: r.operations ?? [], via_services: r.viaServices ?? [] })),
    access_key_id: "",
    secret_access_key: "",
    proxy_configuration: "",
    labels: job ? { job_config_id: job.jobConfigId } : {},
    credential_rotation_job: job ? rotationJobMsg(job) : null,
  };
}

/** The AWS console's "proxy configuration file": what a user uploads when creating the store in AWS. */
/**
 * The proxy configuration (AWS's JSON file for connecting a key store). A store with mtls_enabled
 * adds `XksProxyMutualTls`: AWS's file has no such key, and the KMS console takes the path and the
 * credential from it; the key tells the operator that this store admits only AWS KMS's client
 * certificate for its region.
 */
export function proxyConfiguration(ks: Pick<KeyStore, "xksProxyUriPath" | "mtlsEnabled" | "region">, accessKeyId: string, secret: string): string {
  return JSON.stringify({
    XksProxyUriPath: ks.xksProxyUriPath,
    XksProxyAuthenticationCredential: { AccessKeyId: accessKeyId, RawSecretAccessKey: secret },
    ...(ks.mtlsEnabled ? { XksProxyMutualTls: { Enabled: true, ClientCertificateSubject: `CN=${kmsClientSubject(ks.region)}` } } : {}),
  });
}

export function credentialMsg(c: Credential, secret?: { secret: string; keyStore: KeyStore }): CredentialMsg {
  return {
    id: c.id,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    custom_key_store_id: c.keyStoreId,
    version: c.version,
    access_key_id: c.accessKeyId,
    cloud_name: "aws",
    secret_access_key: secret?.secret ?? "",
    proxy_configuration: secret ? proxyConfiguration(secret.keyStore, c.accessKeyId, secret.secret) : "",
  };
}

export function sourceKeyMsg(k: SourceKey, token?: { sensitive: boolean; extractable: boolean }): SourceKeyMsg {
  return {
    id: k.id,
    createdAt: k.createdAt,
    updatedAt: k.updatedAt,
    name: k.name,
    source_key_tier: k.tier,
    partition_id: k.partition ?? "",
    partition_label: k.partition ?? "",
    label: k.label ?? "",
    cka_id: k.ckaId,
    key_spec: k.keySpec,
    algorithm: "aes",
    size: 256,
    encrypt: k.encrypt,
    decrypt: k.decrypt,
    enabled: k.enabled,
    origin: k.origin,
    registered: true,
    virtual_key_ids: k.virtualKeyIds,
    // local keys are never exported: they behave as sensitive, non-extractable keys
    sensitive: token?.sensitive ?? true,
    extractable: token?.extractable ?? false,
  };
}

export function virtualKeyMsg(k: VirtualKey): VirtualKeyMsg {
  return {
    id: k.id,
    createdAt: k.createdAt,
    updatedAt: k.updatedAt,
    partition_id: k.partition ?? "",
    partition_label: k.partition ?? "",
    source_key_id: k.sourceKeyId,
    version: k.version,
    deletable: k.deletable,
    source_key_tier: k.tier,
  };
}

export function versionMsg(v: VirtualKeyVersion): VirtualKeyVersionMsg {
  return {
    id: v.id,
    createdAt: v.createdAt,
    updatedAt: v.updatedAt,
    virtual_key_id: v.virtualKeyId,
    source_key_id: v.sourceKeyId,
    version: v.version,
    partition_id: v.partition ?? "",
    partition_label: v.partition ?? "",
  };
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
const str = (v: unknown): string => (typeof v === "string" ? v : "");

function tags(v: unknown): TagMsg[] {
  if (!Array.isArray(v)) return [];
  return v.map((t: unknown) => {
    const o = (t ?? {}) as Record<string, unknown>;
    return { TagKey: str(o["TagKey"]), TagValue: str(o["TagValue"]) };
  });
}

export function hyokKeyMsg(h: HyokKey, keySource: string): HyokKeyMsg {
  const a = h.awsParam;
  const p = h.policy;
  return {
    id: h.id,
    createdAt: h.createdAt,
    updatedAt: h.updatedAt,
    kms: h.kms,
    region: h.region,
    cloud_name: "aws",
    key_source: keySource === "luna-hsm" ? "hsm-luna" : "local",
    blocked: h.blocked,
    linked_state: h.linkedState,
    custom_key_store_id: h.keyStoreId,
    locally_hosted: true,
    local_hosted_params: {
      blocked: h.blocked,
      custom_key_store_id: h.keyStoreId,
      source_key_id: h.virtualKeyId,
      virtual_key_id: h.virtualKeyId,
      linked_state: h.linkedState,
      policy: { reserved: p["reserved"] === true },
    },
    aws_param: {
      Alias: str(a["Alias"]),
      Description: str(a["Description"]),
      Tags: tags(a["Tags"]),
      Policy: a["Policy"] === undefined ? "" : JSON.stringify(a["Policy"]),
      BypassPolicyLockoutSafetyCheck: a["BypassPolicyLockoutSafetyCheck"] === true,
      XksKeyConfiguration: { Id: h.id },
      Arn: str(a["Arn"]),
      KeyID: str(a["KeyID"]),
      KeyState: str(a["KeyState"]),
      AWSAccountId: str(a["AWSAccountId"]),
      Enabled: a["Enabled"] === true,
      AliasArn: str(a["AliasArn"]),
      DeletionDate: str(a["DeletionDate"]),
      PendingWindowInDays: typeof a["PendingWindowInDays"] === "number" ? a["PendingWindowInDays"] : 0,
    },
    external_accounts: strings(p["external_accounts"]),
    key_admins: strings(p["key_admins"]),
    key_admins_roles: strings(p["key_admins_roles"]),
    key_users: strings(p["key_users"]),
    key_users_roles: strings(p["key_users_roles"]),
    policytemplate: str(p["policytemplate"]),
  };
}

export function auditMsg(r: AuditRecord): AuditRecordMsg {
  return {
    id: r.id,
    seq: r.seq,
    count: r.count,
    createdAt: r.at,
    kind: r.kind,
    operation: r.operation,
    outcome: r.outcome,
    error_name: r.errorName,
    key_store_id: r.keyStoreId,
    key_id: r.keyId,
    kms_request_id: r.kmsRequestId,
    actor: r.actor,
    target_id: r.targetId,
  };
}

export function kmsConnectionMsg(c: KmsConnection): KmsConnectionMsg {
  return {
    id: c.id,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    name: c.name,
    account_id: c.accountId,
    regions: c.regions,
    auth_type: c.authType,
    access_key_id: c.accessKeyId,
    endpoint: c.endpoint,
    assume_role_arn: c.assumeRoleArn,
    external_id: c.externalId,
  };
}

export function syncJobMsg(j: SyncJob): SyncJobMsg {
  return {
    id: j.id,
    createdAt: j.createdAt,
    updatedAt: j.updatedAt,
    overall_status: j.status,
    detailed_status: Object.entries(j.detailedStatus).map(([region, status]) => ({ region, status })),
    kms: j.kms,
    regions: j.regions,
    synchronize_all: j.synchronizeAll,
    abort: j.abort,
    items_total: j.itemsTotal,
    items_done: j.itemsDone,
    errors: j.errors.map((e) => ({ item: e.item, aws_exception: e.awsException, message: e.message })),
    changes: j.changes,
    error: j.error,
    owner_node: j.ownerNode,
  };
}

export function policyTemplateMsg(t: PolicyTemplate): PolicyTemplateMsg {
  return {
    id: t.id,
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
    name: t.name,
    account_id: t.accountId,
    policy: t.policy,
    ...t.principals,
  };
}
