/**
 * TypeScript shapes of the messages in proto/xks_admin.proto as @grpc/proto-loader decodes them
 * (keepCase, defaults: scalars always present, sub-messages null when absent, `optional`
 * fields undefined when absent). They are generated from the .proto by `npm run gen:proto` into
 * ./generated/ (test/admin-schema.test.ts fails when the committed files drift from the .proto);
 * this module only gives the admin services stable names for them. Requests (what the server
 * decodes) and answers (what the services build) are both the generated `__Output` shapes, in
 * which every non-`optional` field is present.
 */
import type { AuditRecord__Output } from "./generated/xks/admin/v1/AuditRecord.js";
import type { AuthorizationRule__Output } from "./generated/xks/admin/v1/AuthorizationRule.js";
import type { CreateCredentialRequest__Output } from "./generated/xks/admin/v1/CreateCredentialRequest.js";
import type { CreateHyokKeyRequest__Output } from "./generated/xks/admin/v1/CreateHyokKeyRequest.js";
import type { CreateKeyStoreRequest__Output } from "./generated/xks/admin/v1/CreateKeyStoreRequest.js";
import type { CreateSourceKeyRequest__Output } from "./generated/xks/admin/v1/CreateSourceKeyRequest.js";
import type { CreateVirtualKeyRequest__Output } from "./generated/xks/admin/v1/CreateVirtualKeyRequest.js";
import type { Credential__Output } from "./generated/xks/admin/v1/Credential.js";
import type { CredentialRef__Output } from "./generated/xks/admin/v1/CredentialRef.js";
import type { Empty__Output } from "./generated/xks/admin/v1/Empty.js";
import type { FleetNode__Output } from "./generated/xks/admin/v1/FleetNode.js";
import type { HealthCheckResponse__Output } from "./generated/xks/admin/v1/HealthCheckResponse.js";
import type { HyokAwsParam__Output } from "./generated/xks/admin/v1/HyokAwsParam.js";
import type { HyokKey__Output } from "./generated/xks/admin/v1/HyokKey.js";
import type { HyokLocalHostedParams__Output } from "./generated/xks/admin/v1/HyokLocalHostedParams.js";
import type { IdRequest__Output } from "./generated/xks/admin/v1/IdRequest.js";
import type { KeyStore__Output } from "./generated/xks/admin/v1/KeyStore.js";
import type { KeyStoreAwsParam__Output } from "./generated/xks/admin/v1/KeyStoreAwsParam.js";
import type { KeyStoreLocalHostedParams__Output } from "./generated/xks/admin/v1/KeyStoreLocalHostedParams.js";
import type { ListAuditRecordsRequest__Output } from "./generated/xks/admin/v1/ListAuditRecordsRequest.js";
import type { ListFleetNodesRequest__Output } from "./generated/xks/admin/v1/ListFleetNodesRequest.js";
import type { ListFleetNodesResponse__Output } from "./generated/xks/admin/v1/ListFleetNodesResponse.js";
import type { ListCredentialsRequest__Output } from "./generated/xks/admin/v1/ListCredentialsRequest.js";
import type { ListHyokKeysRequest__Output } from "./generated/xks/admin/v1/ListHyokKeysRequest.js";
import type { ListKeyStoresRequest__Output } from "./generated/xks/admin/v1/ListKeyStoresRequest.js";
import type { ListSourceKeysRequest__Output } from "./generated/xks/admin/v1/ListSourceKeysRequest.js";
import type { ListVersionsRequest__Output } from "./generated/xks/admin/v1/ListVersionsRequest.js";
import type { ListVirtualKeysRequest__Output } from "./generated/xks/admin/v1/ListVirtualKeysRequest.js";
import type { RateLimit__Output } from "./generated/xks/admin/v1/RateLimit.js";
import type { RateLimitRequest__Output } from "./generated/xks/admin/v1/RateLimitRequest.js";
import type { RegisterSourceKeyRequest__Output } from "./generated/xks/admin/v1/RegisterSourceKeyRequest.js";
import type { RotateCredentialResponse__Output } from "./generated/xks/admin/v1/RotateCredentialResponse.js";
import type { RotateVirtualKeyRequest__Output } from "./generated/xks/admin/v1/RotateVirtualKeyRequest.js";
import type { SourceKey__Output } from "./generated/xks/admin/v1/SourceKey.js";
import type { Tag__Output } from "./generated/xks/admin/v1/Tag.js";
import type { UpdateKeyStoreRequest__Output } from "./generated/xks/admin/v1/UpdateKeyStoreRequest.js";
import type { UpdateSourceKeyRequest__Output } from "./generated/xks/admin/v1/UpdateSourceKeyRequest.js";
import type { UpdateVirtualKeyRequest__Output } from "./generated/xks/admin/v1/UpdateVirtualKeyRequest.js";
import type { VirtualKey__Output } from "./generated/xks/admin/v1/VirtualKey.js";
import type { VirtualKeyVersion__Output } from "./generated/xks/admin/v1/VirtualKeyVersion.js";
import type { ConnectKeyStoreRequest__Output } from "./generated/xks/admin/v1/ConnectKeyStoreRequest.js";
import type { CreateKmsConnectionRequest__Output } from "./generated/xks/admin/v1/CreateKmsConnectionRequest.js";
import type { KmsConnection__Output } from "./generated/xks/admin/v1/KmsConnection.js";
import type { CredentialRotationJob__Output } from "./generated/xks/admin/v1/CredentialRotationJob.js";
import type { EnableCredentialRotationJobRequest__Output } from "./generated/xks/admin/v1/EnableCredentialRotationJobRequest.js";
import type { LinkKeyStoreRequest__Output } from "./generated/xks/admin/v1/LinkKeyStoreRequest.js";
import type { ListKmsConnectionsRequest__Output } from "./generated/xks/admin/v1/ListKmsConnectionsRequest.js";
import type { UpdateKmsConnectionRequest__Output } from "./generated/xks/admin/v1/UpdateKmsConnectionRequest.js";
import type { ListSyncJobsRequest__Output } from "./generated/xks/admin/v1/ListSyncJobsRequest.js";
import type { SyncJob__Output } from "./generated/xks/admin/v1/SyncJob.js";
import type { SyncKeyStoresRequest__Output } from "./generated/xks/admin/v1/SyncKeyStoresRequest.js";
import type { PolicyTemplate__Output } from "./generated/xks/admin/v1/PolicyTemplate.js";
import type { CreatePolicyTemplateRequest__Output } from "./generated/xks/admin/v1/CreatePolicyTemplateRequest.js";
import type { ListPolicyTemplatesRequest__Output } from "./generated/xks/admin/v1/ListPolicyTemplatesRequest.js";
import type { UpdatePolicyTemplateRequest__Output } from "./generated/xks/admin/v1/UpdatePolicyTemplateRequest.js";
import type { DeleteHyokKeyRequest__Output } from "./generated/xks/admin/v1/DeleteHyokKeyRequest.js";
import type { LinkHyokKeyRequest__Output } from "./generated/xks/admin/v1/LinkHyokKeyRequest.js";
import type { DeleteHyokKeyResponse__Output } from "./generated/xks/admin/v1/DeleteHyokKeyResponse.js";

/** An answer the services build always carries its sub-messages (decoding alone may leave them null). */
type Built<T> = { [K in keyof T]: Exclude<T[K], null> };

export type Empty = Empty__Output;
export type IdRequest = IdRequest__Output;
export type RateLimitMsg = RateLimit__Output;
export type RateLimitRequestMsg = RateLimitRequest__Output;
export type KeyStoreLocalHostedParams = KeyStoreLocalHostedParams__Output;
export type KeyStoreAwsParam = KeyStoreAwsParam__Output;
/** credential_rotation_job is absent (null on the wire) while no job is enabled */
export type KeyStoreMsg = Omit<Built<KeyStore__Output>, "credential_rotation_job"> & { credential_rotation_job: CredentialRotationJob__Output | null };
export type CredentialRotationJobMsg = CredentialRotationJob__Output;
export type EnableCredentialRotationJobRequest = EnableCredentialRotationJobRequest__Output;
export type AuthorizationRuleMsg = AuthorizationRule__Output;
export type CreateKeyStoreRequest = CreateKeyStoreRequest__Output;
export type ListKeyStoresRequest = ListKeyStoresRequest__Output;
export type UpdateKeyStoreRequest = UpdateKeyStoreRequest__Output;
export type HealthCheckResponse = Built<HealthCheckResponse__Output>;
export type CredentialMsg = Built<Credential__Output>;
export type CreateCredentialRequest = CreateCredentialRequest__Output;
export type CredentialRef = CredentialRef__Output;
export type ListCredentialsRequest = ListCredentialsRequest__Output;
export type RotateCredentialResponse = Built<RotateCredentialResponse__Output>;
export type SourceKeyMsg = Built<SourceKey__Output>;
export type CreateSourceKeyRequest = CreateSourceKeyRequest__Output;
export type RegisterSourceKeyRequest = RegisterSourceKeyRequest__Output;
export type UpdateSourceKeyRequest = UpdateSourceKeyRequest__Output;
export type ListSourceKeysRequest = ListSourceKeysRequest__Output;
export type VirtualKeyMsg = Built<VirtualKey__Output>;
export type VirtualKeyVersionMsg = Built<VirtualKeyVersion__Output>;
export type CreateVirtualKeyRequest = CreateVirtualKeyRequest__Output;
export type ListVirtualKeysRequest = ListVirtualKeysRequest__Output;
export type UpdateVirtualKeyRequest = UpdateVirtualKeyRequest__Output;
export type ListVersionsRequest = ListVersionsRequest__Output;
export type RotateVirtualKeyRequest = RotateVirtualKeyRequest__Output;
export type TagMsg = Tag__Output;
export type HyokAwsParam = HyokAwsParam__Output;
export type HyokLocalHostedParams = HyokLocalHostedParams__Output;
export type HyokKeyMsg = Built<HyokKey__Output>;
export type CreateHyokKeyRequest = CreateHyokKeyRequest__Output;
export type ListHyokKeysRequest = ListHyokKeysRequest__Output;
export type AuditRecordMsg = Built<AuditRecord__Output>;
export type ListAuditRecordsRequest = ListAuditRecordsRequest__Output;
export type LinkKeyStoreRequest = LinkKeyStoreRequest__Output;
export type ConnectKeyStoreRequest = ConnectKeyStoreRequest__Output;
export type KmsConnectionMsg = Built<KmsConnection__Output>;
export type CreateKmsConnectionRequest = CreateKmsConnectionRequest__Output;
export type ListKmsConnectionsRequest = ListKmsConnectionsRequest__Output;
export type UpdateKmsConnectionRequest = UpdateKmsConnectionRequest__Output;
export type FleetNodeMsg = FleetNode__Output;
export type ListFleetNodesRequest = ListFleetNodesRequest__Output;
export type ListFleetNodesResponse = ListFleetNodesResponse__Output;
export type SyncKeyStoresRequest = SyncKeyStoresRequest__Output;
export type SyncJobMsg = Built<SyncJob__Output>;
export type ListSyncJobsRequest = ListSyncJobsRequest__Output;
export type PolicyTemplateMsg = Built<PolicyTemplate__Output>;
export type CreatePolicyTemplateRequest = CreatePolicyTemplateRequest__Output;
export type ListPolicyTemplatesRequest = ListPolicyTemplatesRequest__Output;
export type UpdatePolicyTemplateRequest = UpdatePolicyTemplateRequest__Output;
export type DeleteHyokKeyRequest = DeleteHyokKeyRequest__Output;
export type LinkHyokKeyRequest = LinkHyokKeyRequest__Output;
export type DeleteHyokKeyResponse = DeleteHyokKeyResponse__Output;

/** The answer of every List call: the generated List*Response shapes all have this form. */
export interface ListResponse<T> {
  skip: number;
  limit: number;
  total: number;
  resources: T[];
}
