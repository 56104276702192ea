// Original file: proto/xks_admin.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CreateHyokKeyRequest as _xks_admin_v1_CreateHyokKeyRequest, CreateHyokKeyRequest__Output as _xks_admin_v1_CreateHyokKeyRequest__Output } from '../../../xks/admin/v1/CreateHyokKeyRequest.js';
import type { DeleteHyokKeyRequest as _xks_admin_v1_DeleteHyokKeyRequest, DeleteHyokKeyRequest__Output as _xks_admin_v1_DeleteHyokKeyRequest__Output } from '../../../xks/admin/v1/DeleteHyokKeyRequest.js';
import type { DeleteHyokKeyResponse as _xks_admin_v1_DeleteHyokKeyResponse, DeleteHyokKeyResponse__Output as _xks_admin_v1_DeleteHyokKeyResponse__Output } from '../../../xks/admin/v1/DeleteHyokKeyResponse.js';
import type { HyokKey as _xks_admin_v1_HyokKey, HyokKey__Output as _xks_admin_v1_HyokKey__Output } from '../../../xks/admin/v1/HyokKey.js';
import type { IdRequest as _xks_admin_v1_IdRequest, IdRequest__Output as _xks_admin_v1_IdRequest__Output } from '../../../xks/admin/v1/IdRequest.js';
import type { LinkHyokKeyRequest as _xks_admin_v1_LinkHyokKeyRequest, LinkHyokKeyRequest__Output as _xks_admin_v1_LinkHyokKeyRequest__Output } from '../../../xks/admin/v1/LinkHyokKeyRequest.js';
import type { ListHyokKeysRequest as _xks_admin_v1_ListHyokKeysRequest, ListHyokKeysRequest__Output as _xks_admin_v1_ListHyokKeysRequest__Output } from '../../../xks/admin/v1/ListHyokKeysRequest.js';
import type { ListHyokKeysResponse as _xks_admin_v1_ListHyokKeysResponse, ListHyokKeysResponse__Output as _xks_admin_v1_ListHyokKeysResponse__Output } from '../../../xks/admin/v1/ListHyokKeysResponse.js';
import type { ListVersionsRequest as _xks_admin_v1_ListVersionsRequest, ListVersionsRequest__Output as _xks_admin_v1_ListVersionsRequest__Output } from '../../../xks/admin/v1/ListVersionsRequest.js';
import type { ListVersionsResponse as _xks_admin_v1_ListVersionsResponse, ListVersionsResponse__Output as _xks_admin_v1_ListVersionsResponse__Output } from '../../../xks/admin/v1/ListVersionsResponse.js';

/**
 * HYOK keys: what AWS KMS names (id = externalKeyId)
 */
export interface HyokKeyServiceClient extends grpc.Client {
  /**
   * blocked keys answer InvalidStateException
   */
  Block(argument: _xks_admin_v1_IdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_HyokKey__Output>): grpc.ClientUnaryCall;
  Block(argument: _xks_admin_v1_IdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_HyokKey__Output>): grpc.ClientUnaryCall;
  Block(argument: _xks_admin_v1_IdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_HyokKey__Output>): grpc.ClientUnaryCall;
  Block(argument: _xks_admin_v1_IdRequest, callback: grpc.requestCallback<_xks_admin_v1_HyokKey__Output>): grpc.ClientUnaryCall;
  /**
   * blocked keys answer InvalidStateException
   */
  block(argument: _xks_admin_v1_IdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_HyokKey__Output>): grpc.ClientUnaryCall;
  block(argument: _xks_admin_v1_IdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_HyokKey__Output>): grpc.ClientUnaryCall;
  block(argument: _xks_admin_v1_IdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_HyokKey__Output>): grpc.ClientUnaryCall;
  block(argument: _xks_admin_v1_IdRequest, callback: grpc.requestCallback<_xks_admin_v1_HyokKey__Output>): grpc.ClientUnaryCall;
  
  /**
   * create a HYOK key in a key store
   */
  Create(argument: _xks_admin_v1_CreateHyokKeyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_HyokKey__Output>): grpc.ClientUnaryCall;
  Create(argument: _xks_admin_v1_CreateHyokKeyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_HyokKey__Output>): grpc.ClientUnaryCall;
  Create(argument: _xks_admin_v1_CreateHyokKeyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_HyokKey__Output>): grpc.ClientUnaryCall;
  Create(argument: _xks_admin_v1_CreateHyokKeyRequest, callback: grpc.requestCallback<_xks_admin_v1_HyokKey__Output>): grpc.ClientUnaryCall;
  /**
   * create a HYOK key in a key store
   */
  create(argument: _xks_admin_v1_CreateHyokKeyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_HyokKey__Output>): grpc.ClientUnaryCall;
  create(argument: _xks_admin_v1_CreateHyokKeyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_HyokKey__Output>): grpc.ClientUnaryCall;
  create(argument: _xks_admin_v1_CreateHyokKeyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_HyokKey__Output>): grpc.ClientUnaryCall;
  create(argument: _xks_admin_v1_CreateHyokKeyRequest, callback: grpc.requestCallback<_xks_admin_v1_HyokKey__Output>): grpc.ClientUnaryCall;
  
  /**
   * delete a HYOK key. A linked key: schedules the AWS KMS key's deletion (ScheduleKeyDeletion)
   * and keeps serving until AWS deletes it; once AWS has, a second delete removes it here
   */
  Delete(argument: _xks_admin_v1_DeleteHyokKeyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_DeleteHyokKeyResponse__Output>): grpc.ClientUnaryCall;
  Delete(argument: _xks_admin_v1_DeleteHyokKeyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_DeleteHyokKeyResponse__Output>): grpc.ClientUnaryCall;
  Delete(argument: _xks_admin_v1_DeleteHyokKeyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_DeleteHyokKeyResponse__Output>): grpc.ClientUnaryCall;
  Delete(argument: _xks_admin_v1_DeleteHyokKeyRequest, callback: grpc.requestCallback<_xks_admin_v1_DeleteHyokKeyResponse__Output>): grpc.ClientUnaryCall;
  /**
   * delete a HYOK key. A linked key: schedules the AWS KMS key's deletion (ScheduleKeyDeletion)
   * and keeps serving until AWS deletes it; once AWS has, a second delete removes it here
   */
  delete(argument: _xks_admin_v1_DeleteHyokKeyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_DeleteHyokKeyResponse__Output>): grpc.ClientUnaryCall;
  delete(argument: _xks_admin_v1_DeleteHyokKeyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_DeleteHyokKeyResponse__Output>): grpc.ClientUnaryCall;
  delete(argument: _xks_admin_v1_DeleteHyokKeyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_DeleteHyokKeyResponse__Output>): grpc.ClientUnaryCall;
  delete(argument: _xks_admin_v1_DeleteHyokKeyRequest, callback: grpc.requestCallback<_xks_admin_v1_DeleteHyokKeyResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * show one HYOK key
   */
  Get(argument: _xks_admin_v1_IdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_HyokKey__Output>): grpc.ClientUnaryCall;
  Get(argument: _xks_admin_v1_IdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_HyokKey__Output>): grpc.ClientUnaryCall;
  Get(argument: _xks_admin_v1_IdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_HyokKey__Output>): grpc.ClientUnaryCall;
  Get(argument: _xks_admin_v1_IdRequest, callback: grpc.requestCallback<_xks_admin_v1_HyokKey__Output>): grpc.ClientUnaryCall;
  /**
   * show one HYOK key
   */
  get(argument: _xks_admin_v1_IdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_HyokKey__Output>): grpc.ClientUnaryCall;
  get(argument: _xks_admin_v1_IdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_HyokKey__Output>): grpc.ClientUnaryCall;
  get(argument: _xks_admin_v1_IdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_HyokKey__Output>): grpc.ClientUnaryCall;
  get(argument: _xks_admin_v1_IdRequest, callback: grpc.requestCallback<_xks_admin_v1_HyokKey__Output>): grpc.ClientUnaryCall;
  
  /**
   * create the AWS KMS key for this HYOK key (Origin EXTERNAL_KEY_STORE, XksKeyId = the HYOK key
   * id, its description, tags and key policy), then its alias, in the key store's linked AWS custom
   * key store, which must be CONNECTED; AWS checks the key with the proxy's GetKeyMetadata first
   */
  Link(argument: _xks_admin_v1_LinkHyokKeyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_HyokKey__Output>): grpc.ClientUnaryCall;
  Link(argument: _xks_admin_v1_LinkHyokKeyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_HyokKey__Output>): grpc.ClientUnaryCall;
  Link(argument: _xks_admin_v1_LinkHyokKeyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_HyokKey__Output>): grpc.ClientUnaryCall;
  Link(argument: _xks_admin_v1_LinkHyokKeyRequest, callback: grpc.requestCallback<_xks_admin_v1_HyokKey__Output>): grpc.ClientUnaryCall;
  /**
   * create the AWS KMS key for this HYOK key (Origin EXTERNAL_KEY_STORE, XksKeyId = the HYOK key
   * id, its description, tags and key policy), then its alias, in the key store's linked AWS custom
   * key store, which must be CONNECTED; AWS checks the key with the proxy's GetKeyMetadata first
   */
  link(argument: _xks_admin_v1_LinkHyokKeyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_HyokKey__Output>): grpc.ClientUnaryCall;
  link(argument: _xks_admin_v1_LinkHyokKeyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_HyokKey__Output>): grpc.ClientUnaryCall;
  link(argument: _xks_admin_v1_LinkHyokKeyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_HyokKey__Output>): grpc.ClientUnaryCall;
  link(argument: _xks_admin_v1_LinkHyokKeyRequest, callback: grpc.requestCallback<_xks_admin_v1_HyokKey__Output>): grpc.ClientUnaryCall;
  
  /**
   * list HYOK keys
   */
  List(argument: _xks_admin_v1_ListHyokKeysRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_ListHyokKeysResponse__Output>): grpc.ClientUnaryCall;
  List(argument: _xks_admin_v1_ListHyokKeysRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_ListHyokKeysResponse__Output>): grpc.ClientUnaryCall;
  List(argument: _xks_admin_v1_ListHyokKeysRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_ListHyokKeysResponse__Output>): grpc.ClientUnaryCall;
  List(argument: _xks_admin_v1_ListHyokKeysRequest, callback: grpc.requestCallback<_xks_admin_v1_ListHyokKeysResponse__Output>): grpc.ClientUnaryCall;
  /**
   * list HYOK keys
   */
  list(argument: _xks_admin_v1_ListHyokKeysRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_ListHyokKeysResponse__Output>): grpc.ClientUnaryCall;
  list(argument: _xks_admin_v1_ListHyokKeysRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_ListHyokKeysResponse__Output>): grpc.ClientUnaryCall;
  list(argument: _xks_admin_v1_ListHyokKeysRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_ListHyokKeysResponse__Output>): grpc.ClientUnaryCall;
  list(argument: _xks_admin_v1_ListHyokKeysRequest, callback: grpc.requestCallback<_xks_admin_v1_ListHyokKeysResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * versions of the virtual key behind the HYOK key
   */
  ListVersions(argument: _xks_admin_v1_ListVersionsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_ListVersionsResponse__Output>): grpc.ClientUnaryCall;
  ListVersions(argument: _xks_admin_v1_ListVersionsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_ListVersionsResponse__Output>): grpc.ClientUnaryCall;
  ListVersions(argument: _xks_admin_v1_ListVersionsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_ListVersionsResponse__Output>): grpc.ClientUnaryCall;
  ListVersions(argument: _xks_admin_v1_ListVersionsRequest, callback: grpc.requestCallback<_xks_admin_v1_ListVersionsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * versions of the virtual key behind the HYOK key
   */
  listVersions(argument: _xks_admin_v1_ListVersionsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_ListVersionsResponse__Output>): grpc.ClientUnaryCall;
  listVersions(argument: _xks_admin_v1_ListVersionsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_ListVersionsResponse__Output>): grpc.ClientUnaryCall;
  listVersions(argument: _xks_admin_v1_ListVersionsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_ListVersionsResponse__Output>): grpc.ClientUnaryCall;
  listVersions(argument: _xks_admin_v1_ListVersionsRequest, callback: grpc.requestCallback<_xks_admin_v1_ListVersionsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * allow AWS KMS use of the key again
   */
  Unblock(argument: _xks_admin_v1_IdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_HyokKey__Output>): grpc.ClientUnaryCall;
  Unblock(argument: _xks_admin_v1_IdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_HyokKey__Output>): grpc.ClientUnaryCall;
  Unblock(argument: _xks_admin_v1_IdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_HyokKey__Output>): grpc.ClientUnaryCall;
  Unblock(argument: _xks_admin_v1_IdRequest, callback: grpc.requestCallback<_xks_admin_v1_HyokKey__Output>): grpc.ClientUnaryCall;
  /**
   * allow AWS KMS use of the key again
   */
  unblock(argument: _xks_admin_v1_IdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_HyokKey__Output>): grpc.ClientUnaryCall;
  unblock(argument: _xks_admin_v1_IdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_HyokKey__Output>): grpc.ClientUnaryCall;
  unblock(argument: _xks_admin_v1_IdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_HyokKey__Output>): grpc.ClientUnaryCall;
  unblock(argument: _xks_admin_v1_IdRequest, callback: grpc.requestCallback<_xks_admin_v1_HyokKey__Output>): grpc.ClientUnaryCall;
  
}

/**
 * HYOK keys: what AWS KMS names (id = externalKeyId)
 */
export interface HyokKeyServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * blocked keys answer InvalidStateException
   */
  Block: grpc.handleUnaryCall<_xks_admin_v1_IdRequest__Output, _xks_admin_v1_HyokKey>;
  
  /**
   * create a HYOK key in a key store
   */
  Create: grpc.handleUnaryCall<_xks_admin_v1_CreateHyokKeyRequest__Output, _xks_admin_v1_HyokKey>;
  
  /**
   * delete a HYOK key. A linked key: schedules the AWS KMS key's deletion (ScheduleKeyDeletion)
   * and keeps serving until AWS deletes it; once AWS has, a second delete removes it here
   */
  Delete: grpc.handleUnaryCall<_xks_admin_v1_DeleteHyokKeyRequest__Output, _xks_admin_v1_DeleteHyokKeyResponse>;
  
  /**
   * show one HYOK key
   */
  Get: grpc.handleUnaryCall<_xks_admin_v1_IdRequest__Output, _xks_admin_v1_HyokKey>;
  
  /**
   * create the AWS KMS key for this HYOK key (Origin EXTERNAL_KEY_STORE, XksKeyId = the HYOK key
   * id, its description, tags and key policy), then its alias, in the key store's linked AWS custom
   * key store, which must be CONNECTED; AWS checks the key with the proxy's GetKeyMetadata first
   */
  Link: grpc.handleUnaryCall<_xks_admin_v1_LinkHyokKeyRequest__Output, _xks_admin_v1_HyokKey>;
  
  /**
   * list HYOK keys
   */
  List: grpc.handleUnaryCall<_xks_admin_v1_ListHyokKeysRequest__Output, _xks_admin_v1_ListHyokKeysResponse>;
  
  /**
   * versions of the virtual key behind the HYOK key
   */
  ListVersions: grpc.handleUnaryCall<_xks_admin_v1_ListVersionsRequest__Output, _xks_admin_v1_ListVersionsResponse>;
  
  /**
   * allow AWS KMS use of the key again
   */
  Unblock: grpc.handleUnaryCall<_xks_admin_v1_IdRequest__Output, _xks_admin_v1_HyokKey>;
  
}

export interface HyokKeyServiceDefinition extends grpc.ServiceDefinition {
  Block: MethodDefinition<_xks_admin_v1_IdRequest, _xks_admin_v1_HyokKey, _xks_admin_v1_IdRequest__Output, _xks_admin_v1_HyokKey__Output>
  Create: MethodDefinition<_xks_admin_v1_CreateHyokKeyRequest, _xks_admin_v1_HyokKey, _xks_admin_v1_CreateHyokKeyRequest__Output, _xks_admin_v1_HyokKey__Output>
  Delete: MethodDefinition<_xks_admin_v1_DeleteHyokKeyRequest, _xks_admin_v1_DeleteHyokKeyResponse, _xks_admin_v1_DeleteHyokKeyRequest__Output, _xks_admin_v1_DeleteHyokKeyResponse__Output>
  Get: MethodDefinition<_xks_admin_v1_IdRequest, _xks_admin_v1_HyokKey, _xks_admin_v1_IdRequest__Output, _xks_admin_v1_HyokKey__Output>
  Link: MethodDefinition<_xks_admin_v1_LinkHyokKeyRequest, _xks_admin_v1_HyokKey, _xks_admin_v1_LinkHyokKeyRequest__Output, _xks_admin_v1_HyokKey__Output>
  List: MethodDefinition<_xks_admin_v1_ListHyokKeysRequest, _xks_admin_v1_ListHyokKeysResponse, _xks_admin_v1_ListHyokKeysRequest__Output, _xks_admin_v1_ListHyokKeysResponse__Output>
  ListVersions: MethodDefinition<_xks_admin_v1_ListVersionsRequest, _xks_admin_v1_ListVersionsResponse, _xks_admin_v1_ListVersionsRequest__Output, _xks_admin_v1_ListVersionsResponse__Output>
  Unblock: MethodDefinition<_xks_admin_v1_IdRequest, _xks_admin_v1_HyokKey, _xks_admin_v1_IdRequest__Output, _xks_admin_v1_HyokKey__Output>
}
