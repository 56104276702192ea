// Original file: proto/xks_admin.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CreateVirtualKeyRequest as _xks_admin_v1_CreateVirtualKeyRequest, CreateVirtualKeyRequest__Output as _xks_admin_v1_CreateVirtualKeyRequest__Output } from '../../../xks/admin/v1/CreateVirtualKeyRequest.js';
import type { Empty as _xks_admin_v1_Empty, Empty__Output as _xks_admin_v1_Empty__Output } from '../../../xks/admin/v1/Empty.js';
import type { IdRequest as _xks_admin_v1_IdRequest, IdRequest__Output as _xks_admin_v1_IdRequest__Output } from '../../../xks/admin/v1/IdRequest.js';
import type { ListVersionsRequest as _xks_admin_v1_ListVersionsRequest, ListVersionsRequest__Output as _xks_admin_v1_ListVersionsRequest__Output } from '../../../xks/admin/v1/ListVersionsRequest.js';
import type { ListVersionsResponse as _xks_admin_v1_ListVersionsResponse, ListVersionsResponse__Output as _xks_admin_v1_ListVersionsResponse__Output } from '../../../xks/admin/v1/ListVersionsResponse.js';
import type { ListVirtualKeysRequest as _xks_admin_v1_ListVirtualKeysRequest, ListVirtualKeysRequest__Output as _xks_admin_v1_ListVirtualKeysRequest__Output } from '../../../xks/admin/v1/ListVirtualKeysRequest.js';
import type { ListVirtualKeysResponse as _xks_admin_v1_ListVirtualKeysResponse, ListVirtualKeysResponse__Output as _xks_admin_v1_ListVirtualKeysResponse__Output } from '../../../xks/admin/v1/ListVirtualKeysResponse.js';
import type { RotateVirtualKeyRequest as _xks_admin_v1_RotateVirtualKeyRequest, RotateVirtualKeyRequest__Output as _xks_admin_v1_RotateVirtualKeyRequest__Output } from '../../../xks/admin/v1/RotateVirtualKeyRequest.js';
import type { UpdateVirtualKeyRequest as _xks_admin_v1_UpdateVirtualKeyRequest, UpdateVirtualKeyRequest__Output as _xks_admin_v1_UpdateVirtualKeyRequest__Output } from '../../../xks/admin/v1/UpdateVirtualKeyRequest.js';
import type { VirtualKey as _xks_admin_v1_VirtualKey, VirtualKey__Output as _xks_admin_v1_VirtualKey__Output } from '../../../xks/admin/v1/VirtualKey.js';

/**
 * versioned pointers to source keys
 */
export interface VirtualKeyServiceClient extends grpc.Client {
  /**
   * create a virtual key (version 1)
   */
  Create(argument: _xks_admin_v1_CreateVirtualKeyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_VirtualKey__Output>): grpc.ClientUnaryCall;
  Create(argument: _xks_admin_v1_CreateVirtualKeyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_VirtualKey__Output>): grpc.ClientUnaryCall;
  Create(argument: _xks_admin_v1_CreateVirtualKeyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_VirtualKey__Output>): grpc.ClientUnaryCall;
  Create(argument: _xks_admin_v1_CreateVirtualKeyRequest, callback: grpc.requestCallback<_xks_admin_v1_VirtualKey__Output>): grpc.ClientUnaryCall;
  /**
   * create a virtual key (version 1)
   */
  create(argument: _xks_admin_v1_CreateVirtualKeyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_VirtualKey__Output>): grpc.ClientUnaryCall;
  create(argument: _xks_admin_v1_CreateVirtualKeyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_VirtualKey__Output>): grpc.ClientUnaryCall;
  create(argument: _xks_admin_v1_CreateVirtualKeyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_VirtualKey__Output>): grpc.ClientUnaryCall;
  create(argument: _xks_admin_v1_CreateVirtualKeyRequest, callback: grpc.requestCallback<_xks_admin_v1_VirtualKey__Output>): grpc.ClientUnaryCall;
  
  /**
   * only when deletable and no HYOK key uses it
   */
  Delete(argument: _xks_admin_v1_IdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  Delete(argument: _xks_admin_v1_IdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  Delete(argument: _xks_admin_v1_IdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  Delete(argument: _xks_admin_v1_IdRequest, callback: grpc.requestCallback<_xks_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  /**
   * only when deletable and no HYOK key uses it
   */
  delete(argument: _xks_admin_v1_IdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  delete(argument: _xks_admin_v1_IdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  delete(argument: _xks_admin_v1_IdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  delete(argument: _xks_admin_v1_IdRequest, callback: grpc.requestCallback<_xks_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  
  /**
   * show one virtual key
   */
  Get(argument: _xks_admin_v1_IdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_VirtualKey__Output>): grpc.ClientUnaryCall;
  Get(argument: _xks_admin_v1_IdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_VirtualKey__Output>): grpc.ClientUnaryCall;
  Get(argument: _xks_admin_v1_IdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_VirtualKey__Output>): grpc.ClientUnaryCall;
  Get(argument: _xks_admin_v1_IdRequest, callback: grpc.requestCallback<_xks_admin_v1_VirtualKey__Output>): grpc.ClientUnaryCall;
  /**
   * show one virtual key
   */
  get(argument: _xks_admin_v1_IdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_VirtualKey__Output>): grpc.ClientUnaryCall;
  get(argument: _xks_admin_v1_IdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_VirtualKey__Output>): grpc.ClientUnaryCall;
  get(argument: _xks_admin_v1_IdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_VirtualKey__Output>): grpc.ClientUnaryCall;
  get(argument: _xks_admin_v1_IdRequest, callback: grpc.requestCallback<_xks_admin_v1_VirtualKey__Output>): grpc.ClientUnaryCall;
  
  /**
   * list virtual keys
   */
  List(argument: _xks_admin_v1_ListVirtualKeysRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_ListVirtualKeysResponse__Output>): grpc.ClientUnaryCall;
  List(argument: _xks_admin_v1_ListVirtualKeysRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_ListVirtualKeysResponse__Output>): grpc.ClientUnaryCall;
  List(argument: _xks_admin_v1_ListVirtualKeysRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_ListVirtualKeysResponse__Output>): grpc.ClientUnaryCall;
  List(argument: _xks_admin_v1_ListVirtualKeysRequest, callback: grpc.requestCallback<_xks_admin_v1_ListVirtualKeysResponse__Output>): grpc.ClientUnaryCall;
  /**
   * list virtual keys
   */
  list(argument: _xks_admin_v1_ListVirtualKeysRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_ListVirtualKeysResponse__Output>): grpc.ClientUnaryCall;
  list(argument: _xks_admin_v1_ListVirtualKeysRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_ListVirtualKeysResponse__Output>): grpc.ClientUnaryCall;
  list(argument: _xks_admin_v1_ListVirtualKeysRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_ListVirtualKeysResponse__Output>): grpc.ClientUnaryCall;
  list(argument: _xks_admin_v1_ListVirtualKeysRequest, callback: grpc.requestCallback<_xks_admin_v1_ListVirtualKeysResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * list a virtual key's versions
   */
  ListVersions(argument: _xks_admin_v1_ListVersionsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_ListVersionsResponse__Output>): grpc.ClientUnaryCall;
  ListVersions(argument: _xks_admin_v1_ListVersionsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_ListVersionsResponse__Output>): grpc.ClientUnaryCall;
  ListVersions(argument: _xks_admin_v1_ListVersionsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_ListVersionsResponse__Output>): grpc.ClientUnaryCall;
  ListVersions(argument: _xks_admin_v1_ListVersionsRequest, callback: grpc.requestCallback<_xks_admin_v1_ListVersionsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * list a virtual key's versions
   */
  listVersions(argument: _xks_admin_v1_ListVersionsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_ListVersionsResponse__Output>): grpc.ClientUnaryCall;
  listVersions(argument: _xks_admin_v1_ListVersionsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_ListVersionsResponse__Output>): grpc.ClientUnaryCall;
  listVersions(argument: _xks_admin_v1_ListVersionsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_ListVersionsResponse__Output>): grpc.ClientUnaryCall;
  listVersions(argument: _xks_admin_v1_ListVersionsRequest, callback: grpc.requestCallback<_xks_admin_v1_ListVersionsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * add a version (a new key where the current one lives, or source_key_id)
   */
  Rotate(argument: _xks_admin_v1_RotateVirtualKeyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_VirtualKey__Output>): grpc.ClientUnaryCall;
  Rotate(argument: _xks_admin_v1_RotateVirtualKeyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_VirtualKey__Output>): grpc.ClientUnaryCall;
  Rotate(argument: _xks_admin_v1_RotateVirtualKeyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_VirtualKey__Output>): grpc.ClientUnaryCall;
  Rotate(argument: _xks_admin_v1_RotateVirtualKeyRequest, callback: grpc.requestCallback<_xks_admin_v1_VirtualKey__Output>): grpc.ClientUnaryCall;
  /**
   * add a version (a new key where the current one lives, or source_key_id)
   */
  rotate(argument: _xks_admin_v1_RotateVirtualKeyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_VirtualKey__Output>): grpc.ClientUnaryCall;
  rotate(argument: _xks_admin_v1_RotateVirtualKeyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_VirtualKey__Output>): grpc.ClientUnaryCall;
  rotate(argument: _xks_admin_v1_RotateVirtualKeyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_VirtualKey__Output>): grpc.ClientUnaryCall;
  rotate(argument: _xks_admin_v1_RotateVirtualKeyRequest, callback: grpc.requestCallback<_xks_admin_v1_VirtualKey__Output>): grpc.ClientUnaryCall;
  
  /**
   * mark deletable or not
   */
  Update(argument: _xks_admin_v1_UpdateVirtualKeyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_VirtualKey__Output>): grpc.ClientUnaryCall;
  Update(argument: _xks_admin_v1_UpdateVirtualKeyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_VirtualKey__Output>): grpc.ClientUnaryCall;
  Update(argument: _xks_admin_v1_UpdateVirtualKeyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_VirtualKey__Output>): grpc.ClientUnaryCall;
  Update(argument: _xks_admin_v1_UpdateVirtualKeyRequest, callback: grpc.requestCallback<_xks_admin_v1_VirtualKey__Output>): grpc.ClientUnaryCall;
  /**
   * mark deletable or not
   */
  update(argument: _xks_admin_v1_UpdateVirtualKeyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_VirtualKey__Output>): grpc.ClientUnaryCall;
  update(argument: _xks_admin_v1_UpdateVirtualKeyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_VirtualKey__Output>): grpc.ClientUnaryCall;
  update(argument: _xks_admin_v1_UpdateVirtualKeyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_VirtualKey__Output>): grpc.ClientUnaryCall;
  update(argument: _xks_admin_v1_UpdateVirtualKeyRequest, callback: grpc.requestCallback<_xks_admin_v1_VirtualKey__Output>): grpc.ClientUnaryCall;
  
}

/**
 * versioned pointers to source keys
 */
export interface VirtualKeyServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * create a virtual key (version 1)
   */
  Create: grpc.handleUnaryCall<_xks_admin_v1_CreateVirtualKeyRequest__Output, _xks_admin_v1_VirtualKey>;
  
  /**
   * only when deletable and no HYOK key uses it
   */
  Delete: grpc.handleUnaryCall<_xks_admin_v1_IdRequest__Output, _xks_admin_v1_Empty>;
  
  /**
   * show one virtual key
   */
  Get: grpc.handleUnaryCall<_xks_admin_v1_IdRequest__Output, _xks_admin_v1_VirtualKey>;
  
  /**
   * list virtual keys
   */
  List: grpc.handleUnaryCall<_xks_admin_v1_ListVirtualKeysRequest__Output, _xks_admin_v1_ListVirtualKeysResponse>;
  
  /**
   * list a virtual key's versions
   */
  ListVersions: grpc.handleUnaryCall<_xks_admin_v1_ListVersionsRequest__Output, _xks_admin_v1_ListVersionsResponse>;
  
  /**
   * add a version (a new key where the current one lives, or source_key_id)
   */
  Rotate: grpc.handleUnaryCall<_xks_admin_v1_RotateVirtualKeyRequest__Output, _xks_admin_v1_VirtualKey>;
  
  /**
   * mark deletable or not
   */
  Update: grpc.handleUnaryCall<_xks_admin_v1_UpdateVirtualKeyRequest__Output, _xks_admin_v1_VirtualKey>;
  
}

export interface VirtualKeyServiceDefinition extends grpc.ServiceDefinition {
  Create: MethodDefinition<_xks_admin_v1_CreateVirtualKeyRequest, _xks_admin_v1_VirtualKey, _xks_admin_v1_CreateVirtualKeyRequest__Output, _xks_admin_v1_VirtualKey__Output>
  Delete: MethodDefinition<_xks_admin_v1_IdRequest, _xks_admin_v1_Empty, _xks_admin_v1_IdRequest__Output, _xks_admin_v1_Empty__Output>
  Get: MethodDefinition<_xks_admin_v1_IdRequest, _xks_admin_v1_VirtualKey, _xks_admin_v1_IdRequest__Output, _xks_admin_v1_VirtualKey__Output>
  List: MethodDefinition<_xks_admin_v1_ListVirtualKeysRequest, _xks_admin_v1_ListVirtualKeysResponse, _xks_admin_v1_ListVirtualKeysRequest__Output, _xks_admin_v1_ListVirtualKeysResponse__Output>
  ListVersions: MethodDefinition<_xks_admin_v1_ListVersionsRequest, _xks_admin_v1_ListVersionsResponse, _xks_admin_v1_ListVersionsRequest__Output, _xks_admin_v1_ListVersionsResponse__Output>
  Rotate: MethodDefinition<_xks_admin_v1_RotateVirtualKeyRequest, _xks_admin_v1_VirtualKey, _xks_admin_v1_RotateVirtualKeyRequest__Output, _xks_admin_v1_VirtualKey__Output>
  Update: MethodDefinition<_xks_admin_v1_UpdateVirtualKeyRequest, _xks_admin_v1_VirtualKey, _xks_admin_v1_UpdateVirtualKeyRequest__Output, _xks_admin_v1_VirtualKey__Output>
}
