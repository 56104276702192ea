/**
 * TypeScript shapes of the messages in proto/xks_admin.proto as @grpc/proto-loader decodes them
 * (keepCase, defaults: scalars always present, sub-messages null when absent, `optional`
 * fields undefined when absent).
 */
type Sub<T> = T | null | undefined;

export interface Empty {}
export interface IdRequest {
  id: string;
}
export interface PageRequest {
  skip: number;
  limit: number;
  sort: string;
}
export interface ListResponse<T> {
  skip: number;
  limit: number;
  total: number;
  resources: T[];
}

export interface RateLimitMsg {
  requests_per_second: number;
  burst: number;
}
export interface RateLimitRequestMsg {
  requests_per_second?: number;
  burst?: number;
}

export interface KeyStoreLocalHostedParams {
  partition_id: string;
  partition_label: string;
  blocked: boolean;
  health_check_key_id: string;
  max_credentials: number;
  mtls_enabled: boolean;
  source_key_tier: string;
  linked_state: boolean;
  rate_limit: Sub<RateLimitMsg>;
  source_container_type: string;
}

export interface KeyStoreAwsParam {
  custom_key_store_name: string;
  xks_proxy_connectivity: string;
  xks_proxy_uri_endpoint: string;
  xks_proxy_uri_path: string;
  xks_proxy_vpc_endpoint_service_name: string;
  custom_key_store_type: string;
  custom_key_store_id: string;
  connection_state: string;
}

export interface KeyStoreMsg {
  id: string;
  createdAt: string;
  updatedAt: string;
  name: string;
  kms: string;
  region: string;
  type: string;
  credential_version: number;
  credential_count: number;
  cloud_name: string;
  aws_param: KeyStoreAwsParam;
  local_hosted_params: KeyStoreLocalHostedParams;
  enable_success_audit_event: boolean;
  access_key_id: string;
  secret_access_key: string;
  proxy_configuration: string;
}

export interface CreateKeyStoreRequest {
  name: string;
  kms: string;
  region: string;
  linked_state: boolean;
  local_hosted_params: Sub<Omit<KeyStoreLocalHostedParams, "rate_limit"> & { rate_limit: Sub<RateLimitRequestMsg> }>;
  aws_param: Sub<KeyStoreAwsParam>;
  enable_success_audit_event: boolean;
}

export interface ListKeyStoresRequest extends PageRequest {
  id: string;
  name: string;
  kms: string;
  region: string;
  type: string;
  blocked?: boolean;
  linked_state?: boolean;
  xks_proxy_connectivity: string;
  connection_state: string;
  source_key_tier: string;
  custom_key_store_type: string;
}

export interface UpdateKeyStoreRequest {
  id: string;
  name?: string;
  local_hosted_params: Sub<{
    health_check_key_id?: string;
    mtls_enabled?: boolean;
    max_credentials?: number;
    rate_limit: Sub<RateLimitRequestMsg>;
  }>;
  aws_param: Sub<{
    xks_proxy_connectivity?: string;
    xks_proxy_uri_endpoint?: string;
    xks_proxy_uri_path?: string;
    xks_proxy_vpc_endpoint_service_name?: string;
  }>;
  enable_success_audit_event?: boolean;
  kms?: string;
  region?: string;
}

export interface HealthCheckResponse {
  id: string;
  result: string;
}

export interface CredentialMsg {
  id: string;
  createdAt: string;
  updatedAt: string;
  custom_key_store_id: string;
  version: number;
  access_key_id: string;
  cloud_name: string;
  secret_access_key: string;
  proxy_configuration: string;
}

export interface CreateCredentialRequest {
  custom_key_store_id: string;
}
export interface CredentialRef {
  custom_key_store_id: string;
  id: string;
}
export interface ListCredentialsRequest extends PageRequest {
  custom_key_store_id: string;
  access_key_id: string;
}
export interface RotateCredentialResponse {
  custom_key_store: KeyStoreMsg;
  credential: CredentialMsg;
  credential_count: number;
  oldest_credentials_id: string;
}

export interface SourceKeyMsg {
  id: string;
  createdAt: string;
  updatedAt: string;
  name: string;
  source_key_tier: string;
  partition_id: string;
  partition_label: string;
  label: string;
  cka_id: string;
  key_spec: string;
  algorithm: string;
  size: number;
  encrypt: boolean;
  decrypt: boolean;
  enabled: boolean;
  origin: string;
  registered: boolean;
  virtual_key_ids: string[];
  sensitive: boolean;
  extractable: boolean;
}

export interface CreateSourceKeyRequest {
  source_key_tier: string;
  partition_id: string;
  label: string;
  encrypt?: boolean;
  decrypt?: boolean;
}
export interface RegisterSourceKeyRequest {
  partition_id: string;
  label: string;
  encrypt?: boolean;
  decrypt?: boolean;
}
export interface UpdateSourceKeyRequest {
  id: string;
  enabled?: boolean;
}
export interface ListSourceKeysRequest extends PageRequest {
  source_key_tier: string;
  partition_id: string;
  label: string;
  id: string;
}

export interface VirtualKeyMsg {
  id: string;
  createdAt: string;
  updatedAt: string;
  partition_id: string;
  partition_label: string;
  source_key_id: string;
  version: number;
  deletable: boolean;
  source_key_tier: string;
}
export interface VirtualKeyVersionMsg {
  id: string;
  createdAt: string;
  updatedAt: string;
  virtual_key_id: string;
  source_key_id: string;
  version: number;
  partition_id: string;
  partition_label: string;
}
export interface CreateVirtualKeyRequest {
  source_key_id: string;
}
export interface ListVirtualKeysRequest extends PageRequest {
  id: string;
  partition_id: string;
  source_key_id: string;
  partition_label: string;
}
export interface UpdateVirtualKeyRequest {
  id: string;
  deletable?: boolean;
}
export interface ListVersionsRequest extends PageRequest {
  id: string;
  partition_id: string;
  source_key_id: string;
  partition_label: string;
}
export interface RotateVirtualKeyRequest {
  id: string;
  source_key_id: string;
}

export interface TagMsg {
  TagKey: string;
  TagValue: string;
}
export interface HyokAwsParam {
  Alias: string;
  Description: string;
  Tags: TagMsg[];
  Policy: string;
  BypassPolicyLockoutSafetyCheck: boolean;
  XksKeyConfiguration: Sub<{ Id: string }>;
}
export interface HyokLocalHostedParams {
  blocked: boolean;
  custom_key_store_id: string;
  source_key_id: string;
  virtual_key_id: string;
  linked_state: boolean;
  policy: Sub<{ reserved: boolean }>;
}
export interface PolicyLists {
  external_accounts: string[];
  key_admins: string[];
  key_admins_roles: string[];
  key_users: string[];
  key_users_roles: string[];
  policytemplate: string;
}
export interface HyokKeyMsg extends PolicyLists {
  id: string;
  createdAt: string;
  updatedAt: string;
  kms: string;
  region: string;
  cloud_name: string;
  key_source: string;
  blocked: boolean;
  linked_state: boolean;
  custom_key_store_id: string;
  locally_hosted: boolean;
  local_hosted_params: HyokLocalHostedParams;
  aws_param: HyokAwsParam;
}
export interface CreateHyokKeyRequest extends PolicyLists {
  local_hosted_params: Sub<HyokLocalHostedParams>;
  aws_param: Sub<HyokAwsParam>;
}
export interface ListHyokKeysRequest extends PageRequest {
  id: string;
  custom_key_store_id: string;
  virtual_key_id: string;
  blocked?: boolean;
  linked_state?: boolean;
  kms: string;
  region: string;
}

export interface AuditRecordMsg {
  id: string;
  createdAt: string;
  kind: string;
  operation: string;
  outcome: string;
  error_name: string;
  key_store_id: string;
  key_id: string;
  kms_request_id: string;
  actor: string;
  target_id: string;
}
export interface ListAuditRecordsRequest extends PageRequest {
  key_store_id: string;
  kind: string;
  outcome: string;
  operation: string;
  key_id: string;
  since: string;
  until: string;
}
