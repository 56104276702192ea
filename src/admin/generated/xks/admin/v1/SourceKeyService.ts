// Original file: proto/xks_admin.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CreateSourceKeyRequest as _xks_admin_v1_CreateSourceKeyRequest, CreateSourceKeyRequest__Output as _xks_admin_v1_CreateSourceKeyRequest__Output } from '../../../xks/admin/v1/CreateSourceKeyRequest.js';
import type { IdRequest as _xks_admin_v1_IdRequest, IdRequest__Output as _xks_admin_v1_IdRequest__Output } from '../../../xks/admin/v1/IdRequest.js';
import type { ListSourceKeysRequest as _xks_admin_v1_ListSourceKeysRequest, ListSourceKeysRequest__Output as _xks_admin_v1_ListSourceKeysRequest__Output } from '../../../xks/admin/v1/ListSourceKeysRequest.js';
import type { ListSourceKeysResponse as _xks_admin_v1_ListSourceKeysResponse, ListSourceKeysResponse__Output as _xks_admin_v1_ListSourceKeysResponse__Output } from '../../../xks/admin/v1/ListSourceKeysResponse.js';
import type { RegisterSourceKeyRequest as _xks_admin_v1_RegisterSourceKeyRequest, RegisterSourceKeyRequest__Output as _xks_admin_v1_RegisterSourceKeyRequest__Output } from '../../../xks/admin/v1/RegisterSourceKeyRequest.js';
import type { SourceKey as _xks_admin_v1_SourceKey, SourceKey__Output as _xks_admin_v1_SourceKey__Output } from '../../../xks/admin/v1/SourceKey.js';
import type { UpdateSourceKeyRequest as _xks_admin_v1_UpdateSourceKeyRequest, UpdateSourceKeyRequest__Output as _xks_admin_v1_UpdateSourceKeyRequest__Output } from '../../../xks/admin/v1/UpdateSourceKeyRequest.js';

/**
 * AES-256 keys that do the cryptography (local or in a Luna partition)
 */
export interface SourceKeyServiceClient extends grpc.Client {
  /**
   * local: 32 random bytes sealed under the master key (never exported); luna-hsm: generated in
   * the token (sensitive, non-extractable, CKA_ENCRYPT/CKA_DECRYPT per usage)
   */
  Create(argument: _xks_admin_v1_CreateSourceKeyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_SourceKey__Output>): grpc.ClientUnaryCall;
  Create(argument: _xks_admin_v1_CreateSourceKeyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_SourceKey__Output>): grpc.ClientUnaryCall;
  Create(argument: _xks_admin_v1_CreateSourceKeyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_SourceKey__Output>): grpc.ClientUnaryCall;
  Create(argument: _xks_admin_v1_CreateSourceKeyRequest, callback: grpc.requestCallback<_xks_admin_v1_SourceKey__Output>): grpc.ClientUnaryCall;
  /**
   * local: 32 random bytes sealed under the master key (never exported); luna-hsm: generated in
   * the token (sensitive, non-extractable, CKA_ENCRYPT/CKA_DECRYPT per usage)
   */
  create(argument: _xks_admin_v1_CreateSourceKeyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_SourceKey__Output>): grpc.ClientUnaryCall;
  create(argument: _xks_admin_v1_CreateSourceKeyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_SourceKey__Output>): grpc.ClientUnaryCall;
  create(argument: _xks_admin_v1_CreateSourceKeyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_SourceKey__Output>): grpc.ClientUnaryCall;
  create(argument: _xks_admin_v1_CreateSourceKeyRequest, callback: grpc.requestCallback<_xks_admin_v1_SourceKey__Output>): grpc.ClientUnaryCall;
  
  /**
   * show one source key
   */
  Get(argument: _xks_admin_v1_IdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_SourceKey__Output>): grpc.ClientUnaryCall;
  Get(argument: _xks_admin_v1_IdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_SourceKey__Output>): grpc.ClientUnaryCall;
  Get(argument: _xks_admin_v1_IdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_SourceKey__Output>): grpc.ClientUnaryCall;
  Get(argument: _xks_admin_v1_IdRequest, callback: grpc.requestCallback<_xks_admin_v1_SourceKey__Output>): grpc.ClientUnaryCall;
  /**
   * show one source key
   */
  get(argument: _xks_admin_v1_IdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_SourceKey__Output>): grpc.ClientUnaryCall;
  get(argument: _xks_admin_v1_IdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_SourceKey__Output>): grpc.ClientUnaryCall;
  get(argument: _xks_admin_v1_IdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_SourceKey__Output>): grpc.ClientUnaryCall;
  get(argument: _xks_admin_v1_IdRequest, callback: grpc.requestCallback<_xks_admin_v1_SourceKey__Output>): grpc.ClientUnaryCall;
  
  /**
   * list source keys (with partition_id: the token's keys too) and the virtual keys using them
   */
  List(argument: _xks_admin_v1_ListSourceKeysRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_ListSourceKeysResponse__Output>): grpc.ClientUnaryCall;
  List(argument: _xks_admin_v1_ListSourceKeysRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_ListSourceKeysResponse__Output>): grpc.ClientUnaryCall;
  List(argument: _xks_admin_v1_ListSourceKeysRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_ListSourceKeysResponse__Output>): grpc.ClientUnaryCall;
  List(argument: _xks_admin_v1_ListSourceKeysRequest, callback: grpc.requestCallback<_xks_admin_v1_ListSourceKeysResponse__Output>): grpc.ClientUnaryCall;
  /**
   * list source keys (with partition_id: the token's keys too) and the virtual keys using them
   */
  list(argument: _xks_admin_v1_ListSourceKeysRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_ListSourceKeysResponse__Output>): grpc.ClientUnaryCall;
  list(argument: _xks_admin_v1_ListSourceKeysRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_ListSourceKeysResponse__Output>): grpc.ClientUnaryCall;
  list(argument: _xks_admin_v1_ListSourceKeysRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_ListSourceKeysResponse__Output>): grpc.ClientUnaryCall;
  list(argument: _xks_admin_v1_ListSourceKeysRequest, callback: grpc.requestCallback<_xks_admin_v1_ListSourceKeysResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * register an existing AES-256 token key by label
   */
  Register(argument: _xks_admin_v1_RegisterSourceKeyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_SourceKey__Output>): grpc.ClientUnaryCall;
  Register(argument: _xks_admin_v1_RegisterSourceKeyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_SourceKey__Output>): grpc.ClientUnaryCall;
  Register(argument: _xks_admin_v1_RegisterSourceKeyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_SourceKey__Output>): grpc.ClientUnaryCall;
  Register(argument: _xks_admin_v1_RegisterSourceKeyRequest, callback: grpc.requestCallback<_xks_admin_v1_SourceKey__Output>): grpc.ClientUnaryCall;
  /**
   * register an existing AES-256 token key by label
   */
  register(argument: _xks_admin_v1_RegisterSourceKeyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_SourceKey__Output>): grpc.ClientUnaryCall;
  register(argument: _xks_admin_v1_RegisterSourceKeyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_SourceKey__Output>): grpc.ClientUnaryCall;
  register(argument: _xks_admin_v1_RegisterSourceKeyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_SourceKey__Output>): grpc.ClientUnaryCall;
  register(argument: _xks_admin_v1_RegisterSourceKeyRequest, callback: grpc.requestCallback<_xks_admin_v1_SourceKey__Output>): grpc.ClientUnaryCall;
  
  /**
   * enable or disable a key
   */
  Update(argument: _xks_admin_v1_UpdateSourceKeyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_SourceKey__Output>): grpc.ClientUnaryCall;
  Update(argument: _xks_admin_v1_UpdateSourceKeyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_SourceKey__Output>): grpc.ClientUnaryCall;
  Update(argument: _xks_admin_v1_UpdateSourceKeyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_SourceKey__Output>): grpc.ClientUnaryCall;
  Update(argument: _xks_admin_v1_UpdateSourceKeyRequest, callback: grpc.requestCallback<_xks_admin_v1_SourceKey__Output>): grpc.ClientUnaryCall;
  /**
   * enable or disable a key
   */
  update(argument: _xks_admin_v1_UpdateSourceKeyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_SourceKey__Output>): grpc.ClientUnaryCall;
  update(argument: _xks_admin_v1_UpdateSourceKeyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_SourceKey__Output>): grpc.ClientUnaryCall;
  update(argument: _xks_admin_v1_UpdateSourceKeyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_SourceKey__Output>): grpc.ClientUnaryCall;
  update(argument: _xks_admin_v1_UpdateSourceKeyRequest, callback: grpc.requestCallback<_xks_admin_v1_SourceKey__Output>): grpc.ClientUnaryCall;
  
}

/**
 * AES-256 keys that do the cryptography (local or in a Luna partition)
 */
export interface SourceKeyServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * local: 32 random bytes sealed under the master key (never exported); luna-hsm: generated in
   * the token (sensitive, non-extractable, CKA_ENCRYPT/CKA_DECRYPT per usage)
   */
  Create: grpc.handleUnaryCall<_xks_admin_v1_CreateSourceKeyRequest__Output, _xks_admin_v1_SourceKey>;
  
  /**
   * show one source key
   */
  Get: grpc.handleUnaryCall<_xks_admin_v1_IdRequest__Output, _xks_admin_v1_SourceKey>;
  
  /**
   * list source keys (with partition_id: the token's keys too) and the virtual keys using them
   */
  List: grpc.handleUnaryCall<_xks_admin_v1_ListSourceKeysRequest__Output, _xks_admin_v1_ListSourceKeysResponse>;
  
  /**
   * register an existing AES-256 token key by label
   */
  Register: grpc.handleUnaryCall<_xks_admin_v1_RegisterSourceKeyRequest__Output, _xks_admin_v1_SourceKey>;
  
  /**
   * enable or disable a key
   */
  Update: grpc.handleUnaryCall<_xks_admin_v1_UpdateSourceKeyRequest__Output, _xks_admin_v1_SourceKey>;
  
}

export interface SourceKeyServiceDefinition extends grpc.ServiceDefinition {
  Create: MethodDefinition<_xks_admin_v1_CreateSourceKeyRequest, _xks_admin_v1_SourceKey, _xks_admin_v1_CreateSourceKeyRequest__Output, _xks_admin_v1_SourceKey__Output>
  Get: MethodDefinition<_xks_admin_v1_IdRequest, _xks_admin_v1_SourceKey, _xks_admin_v1_IdRequest__Output, _xks_admin_v1_SourceKey__Output>
  List: MethodDefinition<_xks_admin_v1_ListSourceKeysRequest, _xks_admin_v1_ListSourceKeysResponse, _xks_admin_v1_ListSourceKeysRequest__Output, _xks_admin_v1_ListSourceKeysResponse__Output>
  Register: MethodDefinition<_xks_admin_v1_RegisterSourceKeyRequest, _xks_admin_v1_SourceKey, _xks_admin_v1_RegisterSourceKeyRequest__Output, _xks_admin_v1_SourceKey__Output>
  Update: MethodDefinition<_xks_admin_v1_UpdateSourceKeyRequest, _xks_admin_v1_SourceKey, _xks_admin_v1_UpdateSourceKeyRequest__Output, _xks_admin_v1_SourceKey__Output>
}
