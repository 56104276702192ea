// Original file: proto/xks_admin.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { ConnectKeyStoreRequest as _xks_admin_v1_ConnectKeyStoreRequest, ConnectKeyStoreRequest__Output as _xks_admin_v1_ConnectKeyStoreRequest__Output } from '../../../xks/admin/v1/ConnectKeyStoreRequest.js';
import type { CreateKeyStoreRequest as _xks_admin_v1_CreateKeyStoreRequest, CreateKeyStoreRequest__Output as _xks_admin_v1_CreateKeyStoreRequest__Output } from '../../../xks/admin/v1/CreateKeyStoreRequest.js';
import type { Empty as _xks_admin_v1_Empty, Empty__Output as _xks_admin_v1_Empty__Output } from '../../../xks/admin/v1/Empty.js';
import type { EnableCredentialRotationJobRequest as _xks_admin_v1_EnableCredentialRotationJobRequest, EnableCredentialRotationJobRequest__Output as _xks_admin_v1_EnableCredentialRotationJobRequest__Output } from '../../../xks/admin/v1/EnableCredentialRotationJobRequest.js';
import type { HealthCheckResponse as _xks_admin_v1_HealthCheckResponse, HealthCheckResponse__Output as _xks_admin_v1_HealthCheckResponse__Output } from '../../../xks/admin/v1/HealthCheckResponse.js';
import type { IdRequest as _xks_admin_v1_IdRequest, IdRequest__Output as _xks_admin_v1_IdRequest__Output } from '../../../xks/admin/v1/IdRequest.js';
import type { KeyStore as _xks_admin_v1_KeyStore, KeyStore__Output as _xks_admin_v1_KeyStore__Output } from '../../../xks/admin/v1/KeyStore.js';
import type { LinkKeyStoreRequest as _xks_admin_v1_LinkKeyStoreRequest, LinkKeyStoreRequest__Output as _xks_admin_v1_LinkKeyStoreRequest__Output } from '../../../xks/admin/v1/LinkKeyStoreRequest.js';
import type { ListKeyStoresRequest as _xks_admin_v1_ListKeyStoresRequest, ListKeyStoresRequest__Output as _xks_admin_v1_ListKeyStoresRequest__Output } from '../../../xks/admin/v1/ListKeyStoresRequest.js';
import type { ListKeyStoresResponse as _xks_admin_v1_ListKeyStoresResponse, ListKeyStoresResponse__Output as _xks_admin_v1_ListKeyStoresResponse__Output } from '../../../xks/admin/v1/ListKeyStoresResponse.js';
import type { SyncJob as _xks_admin_v1_SyncJob, SyncJob__Output as _xks_admin_v1_SyncJob__Output } from '../../../xks/admin/v1/SyncJob.js';
import type { SyncKeyStoresRequest as _xks_admin_v1_SyncKeyStoresRequest, SyncKeyStoresRequest__Output as _xks_admin_v1_SyncKeyStoresRequest__Output } from '../../../xks/admin/v1/SyncKeyStoresRequest.js';
import type { UpdateKeyStoreRequest as _xks_admin_v1_UpdateKeyStoreRequest, UpdateKeyStoreRequest__Output as _xks_admin_v1_UpdateKeyStoreRequest__Output } from '../../../xks/admin/v1/UpdateKeyStoreRequest.js';

/**
 * external key stores (XKS URI path, tier, partition, credentials, block state)
 */
export interface KeyStoreServiceClient extends grpc.Client {
  /**
   * blocked stores answer encrypt, decrypt and health with InvalidStateException
   */
  Block(argument: _xks_admin_v1_IdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_KeyStore__Output>): grpc.ClientUnaryCall;
  Block(argument: _xks_admin_v1_IdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_KeyStore__Output>): grpc.ClientUnaryCall;
  Block(argument: _xks_admin_v1_IdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_KeyStore__Output>): grpc.ClientUnaryCall;
  Block(argument: _xks_admin_v1_IdRequest, callback: grpc.requestCallback<_xks_admin_v1_KeyStore__Output>): grpc.ClientUnaryCall;
  /**
   * blocked stores answer encrypt, decrypt and health with InvalidStateException
   */
  block(argument: _xks_admin_v1_IdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_KeyStore__Output>): grpc.ClientUnaryCall;
  block(argument: _xks_admin_v1_IdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_KeyStore__Output>): grpc.ClientUnaryCall;
  block(argument: _xks_admin_v1_IdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_KeyStore__Output>): grpc.ClientUnaryCall;
  block(argument: _xks_admin_v1_IdRequest, callback: grpc.requestCallback<_xks_admin_v1_KeyStore__Output>): grpc.ClientUnaryCall;
  
  /**
   * connect the linked AWS custom key store to this proxy and wait until AWS settles the state
   * (CONNECTED, or FAILED with AWS's connection_error_code)
   */
  Connect(argument: _xks_admin_v1_ConnectKeyStoreRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_KeyStore__Output>): grpc.ClientUnaryCall;
  Connect(argument: _xks_admin_v1_ConnectKeyStoreRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_KeyStore__Output>): grpc.ClientUnaryCall;
  Connect(argument: _xks_admin_v1_ConnectKeyStoreRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_KeyStore__Output>): grpc.ClientUnaryCall;
  Connect(argument: _xks_admin_v1_ConnectKeyStoreRequest, callback: grpc.requestCallback<_xks_admin_v1_KeyStore__Output>): grpc.ClientUnaryCall;
  /**
   * connect the linked AWS custom key store to this proxy and wait until AWS settles the state
   * (CONNECTED, or FAILED with AWS's connection_error_code)
   */
  connect(argument: _xks_admin_v1_ConnectKeyStoreRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_KeyStore__Output>): grpc.ClientUnaryCall;
  connect(argument: _xks_admin_v1_ConnectKeyStoreRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_KeyStore__Output>): grpc.ClientUnaryCall;
  connect(argument: _xks_admin_v1_ConnectKeyStoreRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_KeyStore__Output>): grpc.ClientUnaryCall;
  connect(argument: _xks_admin_v1_ConnectKeyStoreRequest, callback: grpc.requestCallback<_xks_admin_v1_KeyStore__Output>): grpc.ClientUnaryCall;
  
  /**
   * create a key store (answers its first credential, shown once)
   */
  Create(argument: _xks_admin_v1_CreateKeyStoreRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_KeyStore__Output>): grpc.ClientUnaryCall;
  Create(argument: _xks_admin_v1_CreateKeyStoreRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_KeyStore__Output>): grpc.ClientUnaryCall;
  Create(argument: _xks_admin_v1_CreateKeyStoreRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_KeyStore__Output>): grpc.ClientUnaryCall;
  Create(argument: _xks_admin_v1_CreateKeyStoreRequest, callback: grpc.requestCallback<_xks_admin_v1_KeyStore__Output>): grpc.ClientUnaryCall;
  /**
   * create a key store (answers its first credential, shown once)
   */
  create(argument: _xks_admin_v1_CreateKeyStoreRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_KeyStore__Output>): grpc.ClientUnaryCall;
  create(argument: _xks_admin_v1_CreateKeyStoreRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_KeyStore__Output>): grpc.ClientUnaryCall;
  create(argument: _xks_admin_v1_CreateKeyStoreRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_KeyStore__Output>): grpc.ClientUnaryCall;
  create(argument: _xks_admin_v1_CreateKeyStoreRequest, callback: grpc.requestCallback<_xks_admin_v1_KeyStore__Output>): grpc.ClientUnaryCall;
  
  /**
   * refused (FAILED_PRECONDITION) while HYOK keys belong to the store
   */
  Delete(argument: _xks_admin_v1_IdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  Delete(argument: _xks_admin_v1_IdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  Delete(argument: _xks_admin_v1_IdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  Delete(argument: _xks_admin_v1_IdRequest, callback: grpc.requestCallback<_xks_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  /**
   * refused (FAILED_PRECONDITION) while HYOK keys belong to the store
   */
  delete(argument: _xks_admin_v1_IdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  delete(argument: _xks_admin_v1_IdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  delete(argument: _xks_admin_v1_IdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  delete(argument: _xks_admin_v1_IdRequest, callback: grpc.requestCallback<_xks_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  
  /**
   * stop a store's scheduled credential rotation
   */
  DisableCredentialRotationJob(argument: _xks_admin_v1_IdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_KeyStore__Output>): grpc.ClientUnaryCall;
  DisableCredentialRotationJob(argument: _xks_admin_v1_IdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_KeyStore__Output>): grpc.ClientUnaryCall;
  DisableCredentialRotationJob(argument: _xks_admin_v1_IdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_KeyStore__Output>): grpc.ClientUnaryCall;
  DisableCredentialRotationJob(argument: _xks_admin_v1_IdRequest, callback: grpc.requestCallback<_xks_admin_v1_KeyStore__Output>): grpc.ClientUnaryCall;
  /**
   * stop a store's scheduled credential rotation
   */
  disableCredentialRotationJob(argument: _xks_admin_v1_IdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_KeyStore__Output>): grpc.ClientUnaryCall;
  disableCredentialRotationJob(argument: _xks_admin_v1_IdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_KeyStore__Output>): grpc.ClientUnaryCall;
  disableCredentialRotationJob(argument: _xks_admin_v1_IdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_KeyStore__Output>): grpc.ClientUnaryCall;
  disableCredentialRotationJob(argument: _xks_admin_v1_IdRequest, callback: grpc.requestCallback<_xks_admin_v1_KeyStore__Output>): grpc.ClientUnaryCall;
  
  /**
   * disconnect the linked AWS custom key store from this proxy
   */
  Disconnect(argument: _xks_admin_v1_IdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_KeyStore__Output>): grpc.ClientUnaryCall;
  Disconnect(argument: _xks_admin_v1_IdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_KeyStore__Output>): grpc.ClientUnaryCall;
  Disconnect(argument: _xks_admin_v1_IdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_KeyStore__Output>): grpc.ClientUnaryCall;
  Disconnect(argument: _xks_admin_v1_IdRequest, callback: grpc.requestCallback<_xks_admin_v1_KeyStore__Output>): grpc.ClientUnaryCall;
  /**
   * disconnect the linked AWS custom key store from this proxy
   */
  disconnect(argument: _xks_admin_v1_IdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_KeyStore__Output>): grpc.ClientUnaryCall;
  disconnect(argument: _xks_admin_v1_IdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_KeyStore__Output>): grpc.ClientUnaryCall;
  disconnect(argument: _xks_admin_v1_IdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_KeyStore__Output>): grpc.ClientUnaryCall;
  disconnect(argument: _xks_admin_v1_IdRequest, callback: grpc.requestCallback<_xks_admin_v1_KeyStore__Output>): grpc.ClientUnaryCall;
  
  /**
   * credential rotation with AWS: schedule a linked store's rotation (rotate, give AWS the new
   * credential, wait until AWS has settled with it, delete the oldest beyond --keep)
   */
  EnableCredentialRotationJob(argument: _xks_admin_v1_EnableCredentialRotationJobRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_KeyStore__Output>): grpc.ClientUnaryCall;
  EnableCredentialRotationJob(argument: _xks_admin_v1_EnableCredentialRotationJobRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_KeyStore__Output>): grpc.ClientUnaryCall;
  EnableCredentialRotationJob(argument: _xks_admin_v1_EnableCredentialRotationJobRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_KeyStore__Output>): grpc.ClientUnaryCall;
  EnableCredentialRotationJob(argument: _xks_admin_v1_EnableCredentialRotationJobRequest, callback: grpc.requestCallback<_xks_admin_v1_KeyStore__Output>): grpc.ClientUnaryCall;
  /**
   * credential rotation with AWS: schedule a linked store's rotation (rotate, give AWS the new
   * credential, wait until AWS has settled with it, delete the oldest beyond --keep)
   */
  enableCredentialRotationJob(argument: _xks_admin_v1_EnableCredentialRotationJobRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_KeyStore__Output>): grpc.ClientUnaryCall;
  enableCredentialRotationJob(argument: _xks_admin_v1_EnableCredentialRotationJobRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_KeyStore__Output>): grpc.ClientUnaryCall;
  enableCredentialRotationJob(argument: _xks_admin_v1_EnableCredentialRotationJobRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_KeyStore__Output>): grpc.ClientUnaryCall;
  enableCredentialRotationJob(argument: _xks_admin_v1_EnableCredentialRotationJobRequest, callback: grpc.requestCallback<_xks_admin_v1_KeyStore__Output>): grpc.ClientUnaryCall;
  
  /**
   * show one key store
   */
  Get(argument: _xks_admin_v1_IdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_KeyStore__Output>): grpc.ClientUnaryCall;
  Get(argument: _xks_admin_v1_IdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_KeyStore__Output>): grpc.ClientUnaryCall;
  Get(argument: _xks_admin_v1_IdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_KeyStore__Output>): grpc.ClientUnaryCall;
  Get(argument: _xks_admin_v1_IdRequest, callback: grpc.requestCallback<_xks_admin_v1_KeyStore__Output>): grpc.ClientUnaryCall;
  /**
   * show one key store
   */
  get(argument: _xks_admin_v1_IdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_KeyStore__Output>): grpc.ClientUnaryCall;
  get(argument: _xks_admin_v1_IdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_KeyStore__Output>): grpc.ClientUnaryCall;
  get(argument: _xks_admin_v1_IdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_KeyStore__Output>): grpc.ClientUnaryCall;
  get(argument: _xks_admin_v1_IdRequest, callback: grpc.requestCallback<_xks_admin_v1_KeyStore__Output>): grpc.ClientUnaryCall;
  
  /**
   * run the store's health check now
   */
  HealthCheck(argument: _xks_admin_v1_IdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_HealthCheckResponse__Output>): grpc.ClientUnaryCall;
  HealthCheck(argument: _xks_admin_v1_IdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_HealthCheckResponse__Output>): grpc.ClientUnaryCall;
  HealthCheck(argument: _xks_admin_v1_IdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_HealthCheckResponse__Output>): grpc.ClientUnaryCall;
  HealthCheck(argument: _xks_admin_v1_IdRequest, callback: grpc.requestCallback<_xks_admin_v1_HealthCheckResponse__Output>): grpc.ClientUnaryCall;
  /**
   * run the store's health check now
   */
  healthCheck(argument: _xks_admin_v1_IdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_HealthCheckResponse__Output>): grpc.ClientUnaryCall;
  healthCheck(argument: _xks_admin_v1_IdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_HealthCheckResponse__Output>): grpc.ClientUnaryCall;
  healthCheck(argument: _xks_admin_v1_IdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_HealthCheckResponse__Output>): grpc.ClientUnaryCall;
  healthCheck(argument: _xks_admin_v1_IdRequest, callback: grpc.requestCallback<_xks_admin_v1_HealthCheckResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * create the store's AWS custom key store (EXTERNAL_KEY_STORE) through an AWS connection, with
   * the store's URI path and its newest credential; AWS checks the proxy (GetHealthStatus) first
   */
  Link(argument: _xks_admin_v1_LinkKeyStoreRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_KeyStore__Output>): grpc.ClientUnaryCall;
  Link(argument: _xks_admin_v1_LinkKeyStoreRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_KeyStore__Output>): grpc.ClientUnaryCall;
  Link(argument: _xks_admin_v1_LinkKeyStoreRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_KeyStore__Output>): grpc.ClientUnaryCall;
  Link(argument: _xks_admin_v1_LinkKeyStoreRequest, callback: grpc.requestCallback<_xks_admin_v1_KeyStore__Output>): grpc.ClientUnaryCall;
  /**
   * create the store's AWS custom key store (EXTERNAL_KEY_STORE) through an AWS connection, with
   * the store's URI path and its newest credential; AWS checks the proxy (GetHealthStatus) first
   */
  link(argument: _xks_admin_v1_LinkKeyStoreRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_KeyStore__Output>): grpc.ClientUnaryCall;
  link(argument: _xks_admin_v1_LinkKeyStoreRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_KeyStore__Output>): grpc.ClientUnaryCall;
  link(argument: _xks_admin_v1_LinkKeyStoreRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_KeyStore__Output>): grpc.ClientUnaryCall;
  link(argument: _xks_admin_v1_LinkKeyStoreRequest, callback: grpc.requestCallback<_xks_admin_v1_KeyStore__Output>): grpc.ClientUnaryCall;
  
  /**
   * list key stores
   */
  List(argument: _xks_admin_v1_ListKeyStoresRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_ListKeyStoresResponse__Output>): grpc.ClientUnaryCall;
  List(argument: _xks_admin_v1_ListKeyStoresRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_ListKeyStoresResponse__Output>): grpc.ClientUnaryCall;
  List(argument: _xks_admin_v1_ListKeyStoresRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_ListKeyStoresResponse__Output>): grpc.ClientUnaryCall;
  List(argument: _xks_admin_v1_ListKeyStoresRequest, callback: grpc.requestCallback<_xks_admin_v1_ListKeyStoresResponse__Output>): grpc.ClientUnaryCall;
  /**
   * list key stores
   */
  list(argument: _xks_admin_v1_ListKeyStoresRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_ListKeyStoresResponse__Output>): grpc.ClientUnaryCall;
  list(argument: _xks_admin_v1_ListKeyStoresRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_ListKeyStoresResponse__Output>): grpc.ClientUnaryCall;
  list(argument: _xks_admin_v1_ListKeyStoresRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_ListKeyStoresResponse__Output>): grpc.ClientUnaryCall;
  list(argument: _xks_admin_v1_ListKeyStoresRequest, callback: grpc.requestCallback<_xks_admin_v1_ListKeyStoresResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * synchronization jobs (issue 12 item 5): start a job that reads AWS KMS and reconciles the
   * linked stores and HYOK keys; answers the job at once (follow it with `sync-job get`)
   */
  Sync(argument: _xks_admin_v1_SyncKeyStoresRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_SyncJob__Output>): grpc.ClientUnaryCall;
  Sync(argument: _xks_admin_v1_SyncKeyStoresRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_SyncJob__Output>): grpc.ClientUnaryCall;
  Sync(argument: _xks_admin_v1_SyncKeyStoresRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_SyncJob__Output>): grpc.ClientUnaryCall;
  Sync(argument: _xks_admin_v1_SyncKeyStoresRequest, callback: grpc.requestCallback<_xks_admin_v1_SyncJob__Output>): grpc.ClientUnaryCall;
  /**
   * synchronization jobs (issue 12 item 5): start a job that reads AWS KMS and reconciles the
   * linked stores and HYOK keys; answers the job at once (follow it with `sync-job get`)
   */
  sync(argument: _xks_admin_v1_SyncKeyStoresRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_SyncJob__Output>): grpc.ClientUnaryCall;
  sync(argument: _xks_admin_v1_SyncKeyStoresRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_SyncJob__Output>): grpc.ClientUnaryCall;
  sync(argument: _xks_admin_v1_SyncKeyStoresRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_SyncJob__Output>): grpc.ClientUnaryCall;
  sync(argument: _xks_admin_v1_SyncKeyStoresRequest, callback: grpc.requestCallback<_xks_admin_v1_SyncJob__Output>): grpc.ClientUnaryCall;
  
  /**
   * allow AWS KMS requests to a blocked store again
   */
  Unblock(argument: _xks_admin_v1_IdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_KeyStore__Output>): grpc.ClientUnaryCall;
  Unblock(argument: _xks_admin_v1_IdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_KeyStore__Output>): grpc.ClientUnaryCall;
  Unblock(argument: _xks_admin_v1_IdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_KeyStore__Output>): grpc.ClientUnaryCall;
  Unblock(argument: _xks_admin_v1_IdRequest, callback: grpc.requestCallback<_xks_admin_v1_KeyStore__Output>): grpc.ClientUnaryCall;
  /**
   * allow AWS KMS requests to a blocked store again
   */
  unblock(argument: _xks_admin_v1_IdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_KeyStore__Output>): grpc.ClientUnaryCall;
  unblock(argument: _xks_admin_v1_IdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_KeyStore__Output>): grpc.ClientUnaryCall;
  unblock(argument: _xks_admin_v1_IdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_KeyStore__Output>): grpc.ClientUnaryCall;
  unblock(argument: _xks_admin_v1_IdRequest, callback: grpc.requestCallback<_xks_admin_v1_KeyStore__Output>): grpc.ClientUnaryCall;
  
  /**
   * edit a key store
   */
  Update(argument: _xks_admin_v1_UpdateKeyStoreRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_KeyStore__Output>): grpc.ClientUnaryCall;
  Update(argument: _xks_admin_v1_UpdateKeyStoreRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_KeyStore__Output>): grpc.ClientUnaryCall;
  Update(argument: _xks_admin_v1_UpdateKeyStoreRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_KeyStore__Output>): grpc.ClientUnaryCall;
  Update(argument: _xks_admin_v1_UpdateKeyStoreRequest, callback: grpc.requestCallback<_xks_admin_v1_KeyStore__Output>): grpc.ClientUnaryCall;
  /**
   * edit a key store
   */
  update(argument: _xks_admin_v1_UpdateKeyStoreRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_KeyStore__Output>): grpc.ClientUnaryCall;
  update(argument: _xks_admin_v1_UpdateKeyStoreRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_KeyStore__Output>): grpc.ClientUnaryCall;
  update(argument: _xks_admin_v1_UpdateKeyStoreRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_KeyStore__Output>): grpc.ClientUnaryCall;
  update(argument: _xks_admin_v1_UpdateKeyStoreRequest, callback: grpc.requestCallback<_xks_admin_v1_KeyStore__Output>): grpc.ClientUnaryCall;
  
}

/**
 * external key stores (XKS URI path, tier, partition, credentials, block state)
 */
export interface KeyStoreServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * blocked stores answer encrypt, decrypt and health with InvalidStateException
   */
  Block: grpc.handleUnaryCall<_xks_admin_v1_IdRequest__Output, _xks_admin_v1_KeyStore>;
  
  /**
   * connect the linked AWS custom key store to this proxy and wait until AWS settles the state
   * (CONNECTED, or FAILED with AWS's connection_error_code)
   */
  Connect: grpc.handleUnaryCall<_xks_admin_v1_ConnectKeyStoreRequest__Output, _xks_admin_v1_KeyStore>;
  
  /**
   * create a key store (answers its first credential, shown once)
   */
  Create: grpc.handleUnaryCall<_xks_admin_v1_CreateKeyStoreRequest__Output, _xks_admin_v1_KeyStore>;
  
  /**
   * refused (FAILED_PRECONDITION) while HYOK keys belong to the store
   */
  Delete: grpc.handleUnaryCall<_xks_admin_v1_IdRequest__Output, _xks_admin_v1_Empty>;
  
  /**
   * stop a store's scheduled credential rotation
   */
  DisableCredentialRotationJob: grpc.handleUnaryCall<_xks_admin_v1_IdRequest__Output, _xks_admin_v1_KeyStore>;
  
  /**
   * disconnect the linked AWS custom key store from this proxy
   */
  Disconnect: grpc.handleUnaryCall<_xks_admin_v1_IdRequest__Output, _xks_admin_v1_KeyStore>;
  
  /**
   * credential rotation with AWS: schedule a linked store's rotation (rotate, give AWS the new
   * credential, wait until AWS has settled with it, delete the oldest beyond --keep)
   */
  EnableCredentialRotationJob: grpc.handleUnaryCall<_xks_admin_v1_EnableCredentialRotationJobRequest__Output, _xks_admin_v1_KeyStore>;
  
  /**
   * show one key store
   */
  Get: grpc.handleUnaryCall<_xks_admin_v1_IdRequest__Output, _xks_admin_v1_KeyStore>;
  
  /**
   * run the store's health check now
   */
  HealthCheck: grpc.handleUnaryCall<_xks_admin_v1_IdRequest__Output, _xks_admin_v1_HealthCheckResponse>;
  
  /**
   * create the store's AWS custom key store (EXTERNAL_KEY_STORE) through an AWS connection, with
   * the store's URI path and its newest credential; AWS checks the proxy (GetHealthStatus) first
   */
  Link: grpc.handleUnaryCall<_xks_admin_v1_LinkKeyStoreRequest__Output, _xks_admin_v1_KeyStore>;
  
  /**
   * list key stores
   */
  List: grpc.handleUnaryCall<_xks_admin_v1_ListKeyStoresRequest__Output, _xks_admin_v1_ListKeyStoresResponse>;
  
  /**
   * synchronization jobs (issue 12 item 5): start a job that reads AWS KMS and reconciles the
   * linked stores and HYOK keys; answers the job at once (follow it with `sync-job get`)
   */
  Sync: grpc.handleUnaryCall<_xks_admin_v1_SyncKeyStoresRequest__Output, _xks_admin_v1_SyncJob>;
  
  /**
   * allow AWS KMS requests to a blocked store again
   */
  Unblock: grpc.handleUnaryCall<_xks_admin_v1_IdRequest__Output, _xks_admin_v1_KeyStore>;
  
  /**
   * edit a key store
   */
  Update: grpc.handleUnaryCall<_xks_admin_v1_UpdateKeyStoreRequest__Output, _xks_admin_v1_KeyStore>;
  
}

export interface KeyStoreServiceDefinition extends grpc.ServiceDefinition {
  Block: MethodDefinition<_xks_admin_v1_IdRequest, _xks_admin_v1_KeyStore, _xks_admin_v1_IdRequest__Output, _xks_admin_v1_KeyStore__Output>
  Connect: MethodDefinition<_xks_admin_v1_ConnectKeyStoreRequest, _xks_admin_v1_KeyStore, _xks_admin_v1_ConnectKeyStoreRequest__Output, _xks_admin_v1_KeyStore__Output>
  Create: MethodDefinition<_xks_admin_v1_CreateKeyStoreRequest, _xks_admin_v1_KeyStore, _xks_admin_v1_CreateKeyStoreRequest__Output, _xks_admin_v1_KeyStore__Output>
  Delete: MethodDefinition<_xks_admin_v1_IdRequest, _xks_admin_v1_Empty, _xks_admin_v1_IdRequest__Output, _xks_admin_v1_Empty__Output>
  DisableCredentialRotationJob: MethodDefinition<_xks_admin_v1_IdRequest, _xks_admin_v1_KeyStore, _xks_admin_v1_IdRequest__Output, _xks_admin_v1_KeyStore__Output>
  Disconnect: MethodDefinition<_xks_admin_v1_IdRequest, _xks_admin_v1_KeyStore, _xks_admin_v1_IdRequest__Output, _xks_admin_v1_KeyStore__Output>
  EnableCredentialRotationJob: MethodDefinition<_xks_admin_v1_EnableCredentialRotationJobRequest, _xks_admin_v1_KeyStore, _xks_admin_v1_EnableCredentialRotationJobRequest__Output, _xks_admin_v1_KeyStore__Output>
  Get: MethodDefinition<_xks_admin_v1_IdRequest, _xks_admin_v1_KeyStore, _xks_admin_v1_IdRequest__Output, _xks_admin_v1_KeyStore__Output>
  HealthCheck: MethodDefinition<_xks_admin_v1_IdRequest, _xks_admin_v1_HealthCheckResponse, _xks_admin_v1_IdRequest__Output, _xks_admin_v1_HealthCheckResponse__Output>
  Link: MethodDefinition<_xks_admin_v1_LinkKeyStoreRequest, _xks_admin_v1_KeyStore, _xks_admin_v1_LinkKeyStoreRequest__Output, _xks_admin_v1_KeyStore__Output>
  List: MethodDefinition<_xks_admin_v1_ListKeyStoresRequest, _xks_admin_v1_ListKeyStoresResponse, _xks_admin_v1_ListKeyStoresRequest__Output, _xks_admin_v1_ListKeyStoresResponse__Output>
  Sync: MethodDefinition<_xks_admin_v1_SyncKeyStoresRequest, _xks_admin_v1_SyncJob, _xks_admin_v1_SyncKeyStoresRequest__Output, _xks_admin_v1_SyncJob__Output>
  Unblock: MethodDefinition<_xks_admin_v1_IdRequest, _xks_admin_v1_KeyStore, _xks_admin_v1_IdRequest__Output, _xks_admin_v1_KeyStore__Output>
  Update: MethodDefinition<_xks_admin_v1_UpdateKeyStoreRequest, _xks_admin_v1_KeyStore, _xks_admin_v1_UpdateKeyStoreRequest__Output, _xks_admin_v1_KeyStore__Output>
}
