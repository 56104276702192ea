import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { AuditRecord as _xks_admin_v1_AuditRecord, AuditRecord__Output as _xks_admin_v1_AuditRecord__Output } from './xks/admin/v1/AuditRecord.js';
import type { AuditServiceClient as _xks_admin_v1_AuditServiceClient, AuditServiceDefinition as _xks_admin_v1_AuditServiceDefinition } from './xks/admin/v1/AuditService.js';
import type { AuthorizationRule as _xks_admin_v1_AuthorizationRule, AuthorizationRule__Output as _xks_admin_v1_AuthorizationRule__Output } from './xks/admin/v1/AuthorizationRule.js';
import type { ConnectKeyStoreRequest as _xks_admin_v1_ConnectKeyStoreRequest, ConnectKeyStoreRequest__Output as _xks_admin_v1_ConnectKeyStoreRequest__Output } from './xks/admin/v1/ConnectKeyStoreRequest.js';
import type { CreateCredentialRequest as _xks_admin_v1_CreateCredentialRequest, CreateCredentialRequest__Output as _xks_admin_v1_CreateCredentialRequest__Output } from './xks/admin/v1/CreateCredentialRequest.js';
import type { CreateHyokKeyRequest as _xks_admin_v1_CreateHyokKeyRequest, CreateHyokKeyRequest__Output as _xks_admin_v1_CreateHyokKeyRequest__Output } from './xks/admin/v1/CreateHyokKeyRequest.js';
import type { CreateKeyStoreLocalHostedParams as _xks_admin_v1_CreateKeyStoreLocalHostedParams, CreateKeyStoreLocalHostedParams__Output as _xks_admin_v1_CreateKeyStoreLocalHostedParams__Output } from './xks/admin/v1/CreateKeyStoreLocalHostedParams.js';
import type { CreateKeyStoreRequest as _xks_admin_v1_CreateKeyStoreRequest, CreateKeyStoreRequest__Output as _xks_admin_v1_CreateKeyStoreRequest__Output } from './xks/admin/v1/CreateKeyStoreRequest.js';
import type { CreateKmsConnectionRequest as _xks_admin_v1_CreateKmsConnectionRequest, CreateKmsConnectionRequest__Output as _xks_admin_v1_CreateKmsConnectionRequest__Output } from './xks/admin/v1/CreateKmsConnectionRequest.js';
import type { CreatePolicyTemplateRequest as _xks_admin_v1_CreatePolicyTemplateRequest, CreatePolicyTemplateRequest__Output as _xks_admin_v1_CreatePolicyTemplateRequest__Output } from './xks/admin/v1/CreatePolicyTemplateRequest.js';
import type { CreateSourceKeyRequest as _xks_admin_v1_CreateSourceKeyRequest, CreateSourceKeyRequest__Output as _xks_admin_v1_CreateSourceKeyRequest__Output } from './xks/admin/v1/CreateSourceKeyRequest.js';
import type { CreateVirtualKeyRequest as _xks_admin_v1_CreateVirtualKeyRequest, CreateVirtualKeyRequest__Output as _xks_admin_v1_CreateVirtualKeyRequest__Output } from './xks/admin/v1/CreateVirtualKeyRequest.js';
import type { Credential as _xks_admin_v1_Credential, Credential__Output as _xks_admin_v1_Credential__Output } from './xks/admin/v1/Credential.js';
import type { CredentialRef as _xks_admin_v1_CredentialRef, CredentialRef__Output as _xks_admin_v1_CredentialRef__Output } from './xks/admin/v1/CredentialRef.js';
import type { CredentialRotationJob as _xks_admin_v1_CredentialRotationJob, CredentialRotationJob__Output as _xks_admin_v1_CredentialRotationJob__Output } from './xks/admin/v1/CredentialRotationJob.js';
import type { CredentialServiceClient as _xks_admin_v1_CredentialServiceClient, CredentialServiceDefinition as _xks_admin_v1_CredentialServiceDefinition } from './xks/admin/v1/CredentialService.js';
import type { DeleteHyokKeyRequest as _xks_admin_v1_DeleteHyokKeyRequest, DeleteHyokKeyRequest__Output as _xks_admin_v1_DeleteHyokKeyRequest__Output } from './xks/admin/v1/DeleteHyokKeyRequest.js';
import type { DeleteHyokKeyResponse as _xks_admin_v1_DeleteHyokKeyResponse, DeleteHyokKeyResponse__Output as _xks_admin_v1_DeleteHyokKeyResponse__Output } from './xks/admin/v1/DeleteHyokKeyResponse.js';
import type { Empty as _xks_admin_v1_Empty, Empty__Output as _xks_admin_v1_Empty__Output } from './xks/admin/v1/Empty.js';
import type { EnableCredentialRotationJobRequest as _xks_admin_v1_EnableCredentialRotationJobRequest, EnableCredentialRotationJobRequest__Output as _xks_admin_v1_EnableCredentialRotationJobRequest__Output } from './xks/admin/v1/EnableCredentialRotationJobRequest.js';
import type { FleetNode as _xks_admin_v1_FleetNode, FleetNode__Output as _xks_admin_v1_FleetNode__Output } from './xks/admin/v1/FleetNode.js';
import type { FleetServiceClient as _xks_admin_v1_FleetServiceClient, FleetServiceDefinition as _xks_admin_v1_FleetServiceDefinition } from './xks/admin/v1/FleetService.js';
import type { HealthCheckResponse as _xks_admin_v1_HealthCheckResponse, HealthCheckResponse__Output as _xks_admin_v1_HealthCheckResponse__Output } from './xks/admin/v1/HealthCheckResponse.js';
import type { HyokAwsParam as _xks_admin_v1_HyokAwsParam, HyokAwsParam__Output as _xks_admin_v1_HyokAwsParam__Output } from './xks/admin/v1/HyokAwsParam.js';
import type { HyokKey as _xks_admin_v1_HyokKey, HyokKey__Output as _xks_admin_v1_HyokKey__Output } from './xks/admin/v1/HyokKey.js';
import type { HyokKeyServiceClient as _xks_admin_v1_HyokKeyServiceClient, HyokKeyServiceDefinition as _xks_admin_v1_HyokKeyServiceDefinition } from './xks/admin/v1/HyokKeyService.js';
import type { HyokLocalHostedParams as _xks_admin_v1_HyokLocalHostedParams, HyokLocalHostedParams__Output as _xks_admin_v1_HyokLocalHostedParams__Output } from './xks/admin/v1/HyokLocalHostedParams.js';
import type { IdRequest as _xks_admin_v1_IdRequest, IdRequest__Output as _xks_admin_v1_IdRequest__Output } from './xks/admin/v1/IdRequest.js';
import type { KeyStore as _xks_admin_v1_KeyStore, KeyStore__Output as _xks_admin_v1_KeyStore__Output } from './xks/admin/v1/KeyStore.js';
import type { KeyStoreAwsParam as _xks_admin_v1_KeyStoreAwsParam, KeyStoreAwsParam__Output as _xks_admin_v1_KeyStoreAwsParam__Output } from './xks/admin/v1/KeyStoreAwsParam.js';
import type { KeyStoreLocalHostedParams as _xks_admin_v1_KeyStoreLocalHostedParams, KeyStoreLocalHostedParams__Output as _xks_admin_v1_KeyStoreLocalHostedParams__Output } from './xks/admin/v1/KeyStoreLocalHostedParams.js';
import type { KeyStoreServiceClient as _xks_admin_v1_KeyStoreServiceClient, KeyStoreServiceDefinition as _xks_admin_v1_KeyStoreServiceDefinition } from './xks/admin/v1/KeyStoreService.js';
import type { KmsConnection as _xks_admin_v1_KmsConnection, KmsConnection__Output as _xks_admin_v1_KmsConnection__Output } from './xks/admin/v1/KmsConnection.js';
import type { KmsServiceClient as _xks_admin_v1_KmsServiceClient, KmsServiceDefinition as _xks_admin_v1_KmsServiceDefinition } from './xks/admin/v1/KmsService.js';
import type { LinkHyokKeyRequest as _xks_admin_v1_LinkHyokKeyRequest, LinkHyokKeyRequest__Output as _xks_admin_v1_LinkHyokKeyRequest__Output } from './xks/admin/v1/LinkHyokKeyRequest.js';
import type { LinkKeyStoreRequest as _xks_admin_v1_LinkKeyStoreRequest, LinkKeyStoreRequest__Output as _xks_admin_v1_LinkKeyStoreRequest__Output } from './xks/admin/v1/LinkKeyStoreRequest.js';
import type { ListAuditRecordsRequest as _xks_admin_v1_ListAuditRecordsRequest, ListAuditRecordsRequest__Output as _xks_admin_v1_ListAuditRecordsRequest__Output } from './xks/admin/v1/ListAuditRecordsRequest.js';
import type { ListAuditRecordsResponse as _xks_admin_v1_ListAuditRecordsResponse, ListAuditRecordsResponse__Output as _xks_admin_v1_ListAuditRecordsResponse__Output } from './xks/admin/v1/ListAuditRecordsResponse.js';
import type { ListCredentialsRequest as _xks_admin_v1_ListCredentialsRequest, ListCredentialsRequest__Output as _xks_admin_v1_ListCredentialsRequest__Output } from './xks/admin/v1/ListCredentialsRequest.js';
import type { ListCredentialsResponse as _xks_admin_v1_ListCredentialsResponse, ListCredentialsResponse__Output as _xks_admin_v1_ListCredentialsResponse__Output } from './xks/admin/v1/ListCredentialsResponse.js';
import type { ListFleetNodesRequest as _xks_admin_v1_ListFleetNodesRequest, ListFleetNodesRequest__Output as _xks_admin_v1_ListFleetNodesRequest__Output } from './xks/admin/v1/ListFleetNodesRequest.js';
import type { ListFleetNodesResponse as _xks_admin_v1_ListFleetNodesResponse, ListFleetNodesResponse__Output as _xks_admin_v1_ListFleetNodesResponse__Output } from './xks/admin/v1/ListFleetNodesResponse.js';
import type { ListHyokKeysRequest as _xks_admin_v1_ListHyokKeysRequest, ListHyokKeysRequest__Output as _xks_admin_v1_ListHyokKeysRequest__Output } from './xks/admin/v1/ListHyokKeysRequest.js';
import type { ListHyokKeysResponse as _xks_admin_v1_ListHyokKeysResponse, ListHyokKeysResponse__Output as _xks_admin_v1_ListHyokKeysResponse__Output } from './xks/admin/v1/ListHyokKeysResponse.js';
import type { ListKeyStoresRequest as _xks_admin_v1_ListKeyStoresRequest, ListKeyStoresRequest__Output as _xks_admin_v1_ListKeyStoresRequest__Output } from './xks/admin/v1/ListKeyStoresRequest.js';
import type { ListKeyStoresResponse as _xks_admin_v1_ListKeyStoresResponse, ListKeyStoresResponse__Output as _xks_admin_v1_ListKeyStoresResponse__Output } from './xks/admin/v1/ListKeyStoresResponse.js';
import type { ListKmsConnectionsRequest as _xks_admin_v1_ListKmsConnectionsRequest, ListKmsConnectionsRequest__Output as _xks_admin_v1_ListKmsConnectionsRequest__Output } from './xks/admin/v1/ListKmsConnectionsRequest.js';
import type { ListKmsConnectionsResponse as _xks_admin_v1_ListKmsConnectionsResponse, ListKmsConnectionsResponse__Output as _xks_admin_v1_ListKmsConnectionsResponse__Output } from './xks/admin/v1/ListKmsConnectionsResponse.js';
import type { ListPolicyTemplatesRequest as _xks_admin_v1_ListPolicyTemplatesRequest, ListPolicyTemplatesRequest__Output as _xks_admin_v1_ListPolicyTemplatesRequest__Output } from './xks/admin/v1/ListPolicyTemplatesRequest.js';
import type { ListPolicyTemplatesResponse as _xks_admin_v1_ListPolicyTemplatesResponse, ListPolicyTemplatesResponse__Output as _xks_admin_v1_ListPolicyTemplatesResponse__Output } from './xks/admin/v1/ListPolicyTemplatesResponse.js';
import type { ListSourceKeysRequest as _xks_admin_v1_ListSourceKeysRequest, ListSourceKeysRequest__Output as _xks_admin_v1_ListSourceKeysRequest__Output } from './xks/admin/v1/ListSourceKeysRequest.js';
import type { ListSourceKeysResponse as _xks_admin_v1_ListSourceKeysResponse, ListSourceKeysResponse__Output as _xks_admin_v1_ListSourceKeysResponse__Output } from './xks/admin/v1/ListSourceKeysResponse.js';
import type { ListSyncJobsRequest as _xks_admin_v1_ListSyncJobsRequest, ListSyncJobsRequest__Output as _xks_admin_v1_ListSyncJobsRequest__Output } from './xks/admin/v1/ListSyncJobsRequest.js';
import type { ListSyncJobsResponse as _xks_admin_v1_ListSyncJobsResponse, ListSyncJobsResponse__Output as _xks_admin_v1_ListSyncJobsResponse__Output } from './xks/admin/v1/ListSyncJobsResponse.js';
import type { ListVersionsRequest as _xks_admin_v1_ListVersionsRequest, ListVersionsRequest__Output as _xks_admin_v1_ListVersionsRequest__Output } from './xks/admin/v1/ListVersionsRequest.js';
import type { ListVersionsResponse as _xks_admin_v1_ListVersionsResponse, ListVersionsResponse__Output as _xks_admin_v1_ListVersionsResponse__Output } from './xks/admin/v1/ListVersionsResponse.js';
import type { ListVirtualKeysRequest as _xks_admin_v1_ListVirtualKeysRequest, ListVirtualKeysRequest__Output as _xks_admin_v1_ListVirtualKeysRequest__Output } from './xks/admin/v1/ListVirtualKeysRequest.js';
import type { ListVirtualKeysResponse as _xks_admin_v1_ListVirtualKeysResponse, ListVirtualKeysResponse__Output as _xks_admin_v1_ListVirtualKeysResponse__Output } from './xks/admin/v1/ListVirtualKeysResponse.js';
import type { PolicyParams as _xks_admin_v1_PolicyParams, PolicyParams__Output as _xks_admin_v1_PolicyParams__Output } from './xks/admin/v1/PolicyParams.js';
import type { PolicyTemplate as _xks_admin_v1_PolicyTemplate, PolicyTemplate__Output as _xks_admin_v1_PolicyTemplate__Output } from './xks/admin/v1/PolicyTemplate.js';
import type { PolicyTemplateServiceClient as _xks_admin_v1_PolicyTemplateServiceClient, PolicyTemplateServiceDefinition as _xks_admin_v1_PolicyTemplateServiceDefinition } from './xks/admin/v1/PolicyTemplateService.js';
import type { RateLimit as _xks_admin_v1_RateLimit, RateLimit__Output as _xks_admin_v1_RateLimit__Output } from './xks/admin/v1/RateLimit.js';
import type { RateLimitRequest as _xks_admin_v1_RateLimitRequest, RateLimitRequest__Output as _xks_admin_v1_RateLimitRequest__Output } from './xks/admin/v1/RateLimitRequest.js';
import type { RegisterSourceKeyRequest as _xks_admin_v1_RegisterSourceKeyRequest, RegisterSourceKeyRequest__Output as _xks_admin_v1_RegisterSourceKeyRequest__Output } from './xks/admin/v1/RegisterSourceKeyRequest.js';
import type { RotateCredentialResponse as _xks_admin_v1_RotateCredentialResponse, RotateCredentialResponse__Output as _xks_admin_v1_RotateCredentialResponse__Output } from './xks/admin/v1/RotateCredentialResponse.js';
import type { RotateVirtualKeyRequest as _xks_admin_v1_RotateVirtualKeyRequest, RotateVirtualKeyRequest__Output as _xks_admin_v1_RotateVirtualKeyRequest__Output } from './xks/admin/v1/RotateVirtualKeyRequest.js';
import type { SourceKey as _xks_admin_v1_SourceKey, SourceKey__Output as _xks_admin_v1_SourceKey__Output } from './xks/admin/v1/SourceKey.js';
import type { SourceKeyServiceClient as _xks_admin_v1_SourceKeyServiceClient, SourceKeyServiceDefinition as _xks_admin_v1_SourceKeyServiceDefinition } from './xks/admin/v1/SourceKeyService.js';
import type { SyncItemError as _xks_admin_v1_SyncItemError, SyncItemError__Output as _xks_admin_v1_SyncItemError__Output } from './xks/admin/v1/SyncItemError.js';
import type { SyncJob as _xks_admin_v1_SyncJob, SyncJob__Output as _xks_admin_v1_SyncJob__Output } from './xks/admin/v1/SyncJob.js';
import type { SyncJobServiceClient as _xks_admin_v1_SyncJobServiceClient, SyncJobServiceDefinition as _xks_admin_v1_SyncJobServiceDefinition } from './xks/admin/v1/SyncJobService.js';
import type { SyncKeyStoresRequest as _xks_admin_v1_SyncKeyStoresRequest, SyncKeyStoresRequest__Output as _xks_admin_v1_SyncKeyStoresRequest__Output } from './xks/admin/v1/SyncKeyStoresRequest.js';
import type { SyncRegionStatus as _xks_admin_v1_SyncRegionStatus, SyncRegionStatus__Output as _xks_admin_v1_SyncRegionStatus__Output } from './xks/admin/v1/SyncRegionStatus.js';
import type { Tag as _xks_admin_v1_Tag, Tag__Output as _xks_admin_v1_Tag__Output } from './xks/admin/v1/Tag.js';
import type { UpdateKeyStoreAwsParam as _xks_admin_v1_UpdateKeyStoreAwsParam, UpdateKeyStoreAwsParam__Output as _xks_admin_v1_UpdateKeyStoreAwsParam__Output } from './xks/admin/v1/UpdateKeyStoreAwsParam.js';
import type { UpdateKeyStoreLocalHostedParams as _xks_admin_v1_UpdateKeyStoreLocalHostedParams, UpdateKeyStoreLocalHostedParams__Output as _xks_admin_v1_UpdateKeyStoreLocalHostedParams__Output } from './xks/admin/v1/UpdateKeyStoreLocalHostedParams.js';
import type { UpdateKeyStoreRequest as _xks_admin_v1_UpdateKeyStoreRequest, UpdateKeyStoreRequest__Output as _xks_admin_v1_UpdateKeyStoreRequest__Output } from './xks/admin/v1/UpdateKeyStoreRequest.js';
import type { UpdateKmsConnectionRequest as _xks_admin_v1_UpdateKmsConnectionRequest, UpdateKmsConnectionRequest__Output as _xks_admin_v1_UpdateKmsConnectionRequest__Output } from './xks/admin/v1/UpdateKmsConnectionRequest.js';
import type { UpdatePolicyTemplateRequest as _xks_admin_v1_UpdatePolicyTemplateRequest, UpdatePolicyTemplateRequest__Output as _xks_admin_v1_UpdatePolicyTemplateRequest__Output } from './xks/admin/v1/UpdatePolicyTemplateRequest.js';
import type { UpdateSourceKeyRequest as _xks_admin_v1_UpdateSourceKeyRequest, UpdateSourceKeyRequest__Output as _xks_admin_v1_UpdateSourceKeyRequest__Output } from './xks/admin/v1/UpdateSourceKeyRequest.js';
import type { UpdateVirtualKeyRequest as _xks_admin_v1_UpdateVirtualKeyRequest, UpdateVirtualKeyRequest__Output as _xks_admin_v1_UpdateVirtualKeyRequest__Output } from './xks/admin/v1/UpdateVirtualKeyRequest.js';
import type { VirtualKey as _xks_admin_v1_VirtualKey, VirtualKey__Output as _xks_admin_v1_VirtualKey__Output } from './xks/admin/v1/VirtualKey.js';
import type { VirtualKeyServiceClient as _xks_admin_v1_VirtualKeyServiceClient, VirtualKeyServiceDefinition as _xks_admin_v1_VirtualKeyServiceDefinition } from './xks/admin/v1/VirtualKeyService.js';
import type { VirtualKeyVersion as _xks_admin_v1_VirtualKeyVersion, VirtualKeyVersion__Output as _xks_admin_v1_VirtualKeyVersion__Output } from './xks/admin/v1/VirtualKeyVersion.js';
import type { XksKeyConfiguration as _xks_admin_v1_XksKeyConfiguration, XksKeyConfiguration__Output as _xks_admin_v1_XksKeyConfiguration__Output } from './xks/admin/v1/XksKeyConfiguration.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  xks: {
    admin: {
      v1: {
        AuditRecord: MessageTypeDefinition<_xks_admin_v1_AuditRecord, _xks_admin_v1_AuditRecord__Output>
        /**
         * audit trail of XKS operations and admin changes
         */
        AuditService: SubtypeConstructor<typeof grpc.Client, _xks_admin_v1_AuditServiceClient> & { service: _xks_admin_v1_AuditServiceDefinition }
        AuthorizationRule: MessageTypeDefinition<_xks_admin_v1_AuthorizationRule, _xks_admin_v1_AuthorizationRule__Output>
        ConnectKeyStoreRequest: MessageTypeDefinition<_xks_admin_v1_ConnectKeyStoreRequest, _xks_admin_v1_ConnectKeyStoreRequest__Output>
        CreateCredentialRequest: MessageTypeDefinition<_xks_admin_v1_CreateCredentialRequest, _xks_admin_v1_CreateCredentialRequest__Output>
        CreateHyokKeyRequest: MessageTypeDefinition<_xks_admin_v1_CreateHyokKeyRequest, _xks_admin_v1_CreateHyokKeyRequest__Output>
        CreateKeyStoreLocalHostedParams: MessageTypeDefinition<_xks_admin_v1_CreateKeyStoreLocalHostedParams, _xks_admin_v1_CreateKeyStoreLocalHostedParams__Output>
        CreateKeyStoreRequest: MessageTypeDefinition<_xks_admin_v1_CreateKeyStoreRequest, _xks_admin_v1_CreateKeyStoreRequest__Output>
        CreateKmsConnectionRequest: MessageTypeDefinition<_xks_admin_v1_CreateKmsConnectionRequest, _xks_admin_v1_CreateKmsConnectionRequest__Output>
        CreatePolicyTemplateRequest: MessageTypeDefinition<_xks_admin_v1_CreatePolicyTemplateRequest, _xks_admin_v1_CreatePolicyTemplateRequest__Output>
        CreateSourceKeyRequest: MessageTypeDefinition<_xks_admin_v1_CreateSourceKeyRequest, _xks_admin_v1_CreateSourceKeyRequest__Output>
        CreateVirtualKeyRequest: MessageTypeDefinition<_xks_admin_v1_CreateVirtualKeyRequest, _xks_admin_v1_CreateVirtualKeyRequest__Output>
        Credential: MessageTypeDefinition<_xks_admin_v1_Credential, _xks_admin_v1_Credential__Output>
        CredentialRef: MessageTypeDefinition<_xks_admin_v1_CredentialRef, _xks_admin_v1_CredentialRef__Output>
        CredentialRotationJob: MessageTypeDefinition<_xks_admin_v1_CredentialRotationJob, _xks_admin_v1_CredentialRotationJob__Output>
        /**
         * SigV4 credentials AWS KMS signs XKS requests with
         */
        CredentialService: SubtypeConstructor<typeof grpc.Client, _xks_admin_v1_CredentialServiceClient> & { service: _xks_admin_v1_CredentialServiceDefinition }
        DeleteHyokKeyRequest: MessageTypeDefinition<_xks_admin_v1_DeleteHyokKeyRequest, _xks_admin_v1_DeleteHyokKeyRequest__Output>
        DeleteHyokKeyResponse: MessageTypeDefinition<_xks_admin_v1_DeleteHyokKeyResponse, _xks_admin_v1_DeleteHyokKeyResponse__Output>
        Empty: MessageTypeDefinition<_xks_admin_v1_Empty, _xks_admin_v1_Empty__Output>
        EnableCredentialRotationJobRequest: MessageTypeDefinition<_xks_admin_v1_EnableCredentialRotationJobRequest, _xks_admin_v1_EnableCredentialRotationJobRequest__Output>
        FleetNode: MessageTypeDefinition<_xks_admin_v1_FleetNode, _xks_admin_v1_FleetNode__Output>
        /**
         * the daemons that share this store (one on the embedded store)
         */
        FleetService: SubtypeConstructor<typeof grpc.Client, _xks_admin_v1_FleetServiceClient> & { service: _xks_admin_v1_FleetServiceDefinition }
        HealthCheckResponse: MessageTypeDefinition<_xks_admin_v1_HealthCheckResponse, _xks_admin_v1_HealthCheckResponse__Output>
        HyokAwsParam: MessageTypeDefinition<_xks_admin_v1_HyokAwsParam, _xks_admin_v1_HyokAwsParam__Output>
        HyokKey: MessageTypeDefinition<_xks_admin_v1_HyokKey, _xks_admin_v1_HyokKey__Output>
        /**
         * HYOK keys: what AWS KMS names (id = externalKeyId)
         */
        HyokKeyService: SubtypeConstructor<typeof grpc.Client, _xks_admin_v1_HyokKeyServiceClient> & { service: _xks_admin_v1_HyokKeyServiceDefinition }
        HyokLocalHostedParams: MessageTypeDefinition<_xks_admin_v1_HyokLocalHostedParams, _xks_admin_v1_HyokLocalHostedParams__Output>
        IdRequest: MessageTypeDefinition<_xks_admin_v1_IdRequest, _xks_admin_v1_IdRequest__Output>
        KeyStore: MessageTypeDefinition<_xks_admin_v1_KeyStore, _xks_admin_v1_KeyStore__Output>
        KeyStoreAwsParam: MessageTypeDefinition<_xks_admin_v1_KeyStoreAwsParam, _xks_admin_v1_KeyStoreAwsParam__Output>
        KeyStoreLocalHostedParams: MessageTypeDefinition<_xks_admin_v1_KeyStoreLocalHostedParams, _xks_admin_v1_KeyStoreLocalHostedParams__Output>
        /**
         * external key stores (XKS URI path, tier, partition, credentials, block state)
         */
        KeyStoreService: SubtypeConstructor<typeof grpc.Client, _xks_admin_v1_KeyStoreServiceClient> & { service: _xks_admin_v1_KeyStoreServiceDefinition }
        KmsConnection: MessageTypeDefinition<_xks_admin_v1_KmsConnection, _xks_admin_v1_KmsConnection__Output>
        /**
         * AWS connections: the AWS accounts, regions and credentials the proxy calls AWS KMS with
         */
        KmsService: SubtypeConstructor<typeof grpc.Client, _xks_admin_v1_KmsServiceClient> & { service: _xks_admin_v1_KmsServiceDefinition }
        LinkHyokKeyRequest: MessageTypeDefinition<_xks_admin_v1_LinkHyokKeyRequest, _xks_admin_v1_LinkHyokKeyRequest__Output>
        LinkKeyStoreRequest: MessageTypeDefinition<_xks_admin_v1_LinkKeyStoreRequest, _xks_admin_v1_LinkKeyStoreRequest__Output>
        ListAuditRecordsRequest: MessageTypeDefinition<_xks_admin_v1_ListAuditRecordsRequest, _xks_admin_v1_ListAuditRecordsRequest__Output>
        ListAuditRecordsResponse: MessageTypeDefinition<_xks_admin_v1_ListAuditRecordsResponse, _xks_admin_v1_ListAuditRecordsResponse__Output>
        ListCredentialsRequest: MessageTypeDefinition<_xks_admin_v1_ListCredentialsRequest, _xks_admin_v1_ListCredentialsRequest__Output>
        ListCredentialsResponse: MessageTypeDefinition<_xks_admin_v1_ListCredentialsResponse, _xks_admin_v1_ListCredentialsResponse__Output>
        ListFleetNodesRequest: MessageTypeDefinition<_xks_admin_v1_ListFleetNodesRequest, _xks_admin_v1_ListFleetNodesRequest__Output>
        ListFleetNodesResponse: MessageTypeDefinition<_xks_admin_v1_ListFleetNodesResponse, _xks_admin_v1_ListFleetNodesResponse__Output>
        ListHyokKeysRequest: MessageTypeDefinition<_xks_admin_v1_ListHyokKeysRequest, _xks_admin_v1_ListHyokKeysRequest__Output>
        ListHyokKeysResponse: MessageTypeDefinition<_xks_admin_v1_ListHyokKeysResponse, _xks_admin_v1_ListHyokKeysResponse__Output>
        ListKeyStoresRequest: MessageTypeDefinition<_xks_admin_v1_ListKeyStoresRequest, _xks_admin_v1_ListKeyStoresRequest__Output>
        ListKeyStoresResponse: MessageTypeDefinition<_xks_admin_v1_ListKeyStoresResponse, _xks_admin_v1_ListKeyStoresResponse__Output>
        ListKmsConnectionsRequest: MessageTypeDefinition<_xks_admin_v1_ListKmsConnectionsRequest, _xks_admin_v1_ListKmsConnectionsRequest__Output>
        ListKmsConnectionsResponse: MessageTypeDefinition<_xks_admin_v1_ListKmsConnectionsResponse, _xks_admin_v1_ListKmsConnectionsResponse__Output>
        ListPolicyTemplatesRequest: MessageTypeDefinition<_xks_admin_v1_ListPolicyTemplatesRequest, _xks_admin_v1_ListPolicyTemplatesRequest__Output>
        ListPolicyTemplatesResponse: MessageTypeDefinition<_xks_admin_v1_ListPolicyTemplatesResponse, _xks_admin_v1_ListPolicyTemplatesResponse__Output>
        ListSourceKeysRequest: MessageTypeDefinition<_xks_admin_v1_ListSourceKeysRequest, _xks_admin_v1_ListSourceKeysRequest__Output>
        ListSourceKeysResponse: MessageTypeDefinition<_xks_admin_v1_ListSourceKeysResponse, _xks_admin_v1_ListSourceKeysResponse__Output>
        ListSyncJobsRequest: MessageTypeDefinition<_xks_admin_v1_ListSyncJobsRequest, _xks_admin_v1_ListSyncJobsRequest__Output>
        ListSyncJobsResponse: MessageTypeDefinition<_xks_admin_v1_ListSyncJobsResponse, _xks_admin_v1_ListSyncJobsResponse__Output>
        ListVersionsRequest: MessageTypeDefinition<_xks_admin_v1_ListVersionsRequest, _xks_admin_v1_ListVersionsRequest__Output>
        ListVersionsResponse: MessageTypeDefinition<_xks_admin_v1_ListVersionsResponse, _xks_admin_v1_ListVersionsResponse__Output>
        ListVirtualKeysRequest: MessageTypeDefinition<_xks_admin_v1_ListVirtualKeysRequest, _xks_admin_v1_ListVirtualKeysRequest__Output>
        ListVirtualKeysResponse: MessageTypeDefinition<_xks_admin_v1_ListVirtualKeysResponse, _xks_admin_v1_ListVirtualKeysResponse__Output>
        PolicyParams: MessageTypeDefinition<_xks_admin_v1_PolicyParams, _xks_admin_v1_PolicyParams__Output>
        PolicyTemplate: MessageTypeDefinition<_xks_admin_v1_PolicyTemplate, _xks_admin_v1_PolicyTemplate__Output>
        /**
         * policy templates: key policies HYOK keys name with --policytemplate
         */
        PolicyTemplateService: SubtypeConstructor<typeof grpc.Client, _xks_admin_v1_PolicyTemplateServiceClient> & { service: _xks_admin_v1_PolicyTemplateServiceDefinition }
        RateLimit: MessageTypeDefinition<_xks_admin_v1_RateLimit, _xks_admin_v1_RateLimit__Output>
        RateLimitRequest: MessageTypeDefinition<_xks_admin_v1_RateLimitRequest, _xks_admin_v1_RateLimitRequest__Output>
        RegisterSourceKeyRequest: MessageTypeDefinition<_xks_admin_v1_RegisterSourceKeyRequest, _xks_admin_v1_RegisterSourceKeyRequest__Output>
        RotateCredentialResponse: MessageTypeDefinition<_xks_admin_v1_RotateCredentialResponse, _xks_admin_v1_RotateCredentialResponse__Output>
        RotateVirtualKeyRequest: MessageTypeDefinition<_xks_admin_v1_RotateVirtualKeyRequest, _xks_admin_v1_RotateVirtualKeyRequest__Output>
        SourceKey: MessageTypeDefinition<_xks_admin_v1_SourceKey, _xks_admin_v1_SourceKey__Output>
        /**
         * AES-256 keys that do the cryptography (local or in a Luna partition)
         */
        SourceKeyService: SubtypeConstructor<typeof grpc.Client, _xks_admin_v1_SourceKeyServiceClient> & { service: _xks_admin_v1_SourceKeyServiceDefinition }
        SyncItemError: MessageTypeDefinition<_xks_admin_v1_SyncItemError, _xks_admin_v1_SyncItemError__Output>
        SyncJob: MessageTypeDefinition<_xks_admin_v1_SyncJob, _xks_admin_v1_SyncJob__Output>
        /**
         * synchronization jobs started by `keystore sync`
         */
        SyncJobService: SubtypeConstructor<typeof grpc.Client, _xks_admin_v1_SyncJobServiceClient> & { service: _xks_admin_v1_SyncJobServiceDefinition }
        SyncKeyStoresRequest: MessageTypeDefinition<_xks_admin_v1_SyncKeyStoresRequest, _xks_admin_v1_SyncKeyStoresRequest__Output>
        SyncRegionStatus: MessageTypeDefinition<_xks_admin_v1_SyncRegionStatus, _xks_admin_v1_SyncRegionStatus__Output>
        Tag: MessageTypeDefinition<_xks_admin_v1_Tag, _xks_admin_v1_Tag__Output>
        UpdateKeyStoreAwsParam: MessageTypeDefinition<_xks_admin_v1_UpdateKeyStoreAwsParam, _xks_admin_v1_UpdateKeyStoreAwsParam__Output>
        UpdateKeyStoreLocalHostedParams: MessageTypeDefinition<_xks_admin_v1_UpdateKeyStoreLocalHostedParams, _xks_admin_v1_UpdateKeyStoreLocalHostedParams__Output>
        UpdateKeyStoreRequest: MessageTypeDefinition<_xks_admin_v1_UpdateKeyStoreRequest, _xks_admin_v1_UpdateKeyStoreRequest__Output>
        UpdateKmsConnectionRequest: MessageTypeDefinition<_xks_admin_v1_UpdateKmsConnectionRequest, _xks_admin_v1_UpdateKmsConnectionRequest__Output>
        UpdatePolicyTemplateRequest: MessageTypeDefinition<_xks_admin_v1_UpdatePolicyTemplateRequest, _xks_admin_v1_UpdatePolicyTemplateRequest__Output>
        UpdateSourceKeyRequest: MessageTypeDefinition<_xks_admin_v1_UpdateSourceKeyRequest, _xks_admin_v1_UpdateSourceKeyRequest__Output>
        UpdateVirtualKeyRequest: MessageTypeDefinition<_xks_admin_v1_UpdateVirtualKeyRequest, _xks_admin_v1_UpdateVirtualKeyRequest__Output>
        VirtualKey: MessageTypeDefinition<_xks_admin_v1_VirtualKey, _xks_admin_v1_VirtualKey__Output>
        /**
         * versioned pointers to source keys
         */
        VirtualKeyService: SubtypeConstructor<typeof grpc.Client, _xks_admin_v1_VirtualKeyServiceClient> & { service: _xks_admin_v1_VirtualKeyServiceDefinition }
        VirtualKeyVersion: MessageTypeDefinition<_xks_admin_v1_VirtualKeyVersion, _xks_admin_v1_VirtualKeyVersion__Output>
        XksKeyConfiguration: MessageTypeDefinition<_xks_admin_v1_XksKeyConfiguration, _xks_admin_v1_XksKeyConfiguration__Output>
      }
    }
  }
}

