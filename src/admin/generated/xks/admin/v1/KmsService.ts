// Original file: proto/xks_admin.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CreateKmsConnectionRequest as _xks_admin_v1_CreateKmsConnectionRequest, CreateKmsConnectionRequest__Output as _xks_admin_v1_CreateKmsConnectionRequest__Output } from '../../../xks/admin/v1/CreateKmsConnectionRequest.js';
import type { Empty as _xks_admin_v1_Empty, Empty__Output as _xks_admin_v1_Empty__Output } from '../../../xks/admin/v1/Empty.js';
import type { IdRequest as _xks_admin_v1_IdRequest, IdRequest__Output as _xks_admin_v1_IdRequest__Output } from '../../../xks/admin/v1/IdRequest.js';
import type { KmsConnection as _xks_admin_v1_KmsConnection, KmsConnection__Output as _xks_admin_v1_KmsConnection__Output } from '../../../xks/admin/v1/KmsConnection.js';
import type { ListKmsConnectionsRequest as _xks_admin_v1_ListKmsConnectionsRequest, ListKmsConnectionsRequest__Output as _xks_admin_v1_ListKmsConnectionsRequest__Output } from '../../../xks/admin/v1/ListKmsConnectionsRequest.js';
import type { ListKmsConnectionsResponse as _xks_admin_v1_ListKmsConnectionsResponse, ListKmsConnectionsResponse__Output as _xks_admin_v1_ListKmsConnectionsResponse__Output } from '../../../xks/admin/v1/ListKmsConnectionsResponse.js';
import type { UpdateKmsConnectionRequest as _xks_admin_v1_UpdateKmsConnectionRequest, UpdateKmsConnectionRequest__Output as _xks_admin_v1_UpdateKmsConnectionRequest__Output } from '../../../xks/admin/v1/UpdateKmsConnectionRequest.js';

/**
 * AWS connections: the AWS accounts, regions and credentials the proxy calls AWS KMS with
 */
export interface KmsServiceClient extends grpc.Client {
  /**
   * add an AWS connection
   */
  Create(argument: _xks_admin_v1_CreateKmsConnectionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_KmsConnection__Output>): grpc.ClientUnaryCall;
  Create(argument: _xks_admin_v1_CreateKmsConnectionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_KmsConnection__Output>): grpc.ClientUnaryCall;
  Create(argument: _xks_admin_v1_CreateKmsConnectionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_KmsConnection__Output>): grpc.ClientUnaryCall;
  Create(argument: _xks_admin_v1_CreateKmsConnectionRequest, callback: grpc.requestCallback<_xks_admin_v1_KmsConnection__Output>): grpc.ClientUnaryCall;
  /**
   * add an AWS connection
   */
  create(argument: _xks_admin_v1_CreateKmsConnectionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_KmsConnection__Output>): grpc.ClientUnaryCall;
  create(argument: _xks_admin_v1_CreateKmsConnectionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_KmsConnection__Output>): grpc.ClientUnaryCall;
  create(argument: _xks_admin_v1_CreateKmsConnectionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_KmsConnection__Output>): grpc.ClientUnaryCall;
  create(argument: _xks_admin_v1_CreateKmsConnectionRequest, callback: grpc.requestCallback<_xks_admin_v1_KmsConnection__Output>): grpc.ClientUnaryCall;
  
  /**
   * refused (FAILED_PRECONDITION) while key stores are linked through it
   */
  Delete(argument: _xks_admin_v1_IdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  Delete(argument: _xks_admin_v1_IdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  Delete(argument: _xks_admin_v1_IdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  Delete(argument: _xks_admin_v1_IdRequest, callback: grpc.requestCallback<_xks_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  /**
   * refused (FAILED_PRECONDITION) while key stores are linked through it
   */
  delete(argument: _xks_admin_v1_IdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  delete(argument: _xks_admin_v1_IdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  delete(argument: _xks_admin_v1_IdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  delete(argument: _xks_admin_v1_IdRequest, callback: grpc.requestCallback<_xks_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  
  /**
   * show one AWS connection
   */
  Get(argument: _xks_admin_v1_IdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_KmsConnection__Output>): grpc.ClientUnaryCall;
  Get(argument: _xks_admin_v1_IdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_KmsConnection__Output>): grpc.ClientUnaryCall;
  Get(argument: _xks_admin_v1_IdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_KmsConnection__Output>): grpc.ClientUnaryCall;
  Get(argument: _xks_admin_v1_IdRequest, callback: grpc.requestCallback<_xks_admin_v1_KmsConnection__Output>): grpc.ClientUnaryCall;
  /**
   * show one AWS connection
   */
  get(argument: _xks_admin_v1_IdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_KmsConnection__Output>): grpc.ClientUnaryCall;
  get(argument: _xks_admin_v1_IdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_KmsConnection__Output>): grpc.ClientUnaryCall;
  get(argument: _xks_admin_v1_IdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_KmsConnection__Output>): grpc.ClientUnaryCall;
  get(argument: _xks_admin_v1_IdRequest, callback: grpc.requestCallback<_xks_admin_v1_KmsConnection__Output>): grpc.ClientUnaryCall;
  
  /**
   * list AWS connections
   */
  List(argument: _xks_admin_v1_ListKmsConnectionsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_ListKmsConnectionsResponse__Output>): grpc.ClientUnaryCall;
  List(argument: _xks_admin_v1_ListKmsConnectionsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_ListKmsConnectionsResponse__Output>): grpc.ClientUnaryCall;
  List(argument: _xks_admin_v1_ListKmsConnectionsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_ListKmsConnectionsResponse__Output>): grpc.ClientUnaryCall;
  List(argument: _xks_admin_v1_ListKmsConnectionsRequest, callback: grpc.requestCallback<_xks_admin_v1_ListKmsConnectionsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * list AWS connections
   */
  list(argument: _xks_admin_v1_ListKmsConnectionsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_ListKmsConnectionsResponse__Output>): grpc.ClientUnaryCall;
  list(argument: _xks_admin_v1_ListKmsConnectionsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_ListKmsConnectionsResponse__Output>): grpc.ClientUnaryCall;
  list(argument: _xks_admin_v1_ListKmsConnectionsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_ListKmsConnectionsResponse__Output>): grpc.ClientUnaryCall;
  list(argument: _xks_admin_v1_ListKmsConnectionsRequest, callback: grpc.requestCallback<_xks_admin_v1_ListKmsConnectionsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * edit an AWS connection
   */
  Update(argument: _xks_admin_v1_UpdateKmsConnectionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_KmsConnection__Output>): grpc.ClientUnaryCall;
  Update(argument: _xks_admin_v1_UpdateKmsConnectionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_KmsConnection__Output>): grpc.ClientUnaryCall;
  Update(argument: _xks_admin_v1_UpdateKmsConnectionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_KmsConnection__Output>): grpc.ClientUnaryCall;
  Update(argument: _xks_admin_v1_UpdateKmsConnectionRequest, callback: grpc.requestCallback<_xks_admin_v1_KmsConnection__Output>): grpc.ClientUnaryCall;
  /**
   * edit an AWS connection
   */
  update(argument: _xks_admin_v1_UpdateKmsConnectionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_KmsConnection__Output>): grpc.ClientUnaryCall;
  update(argument: _xks_admin_v1_UpdateKmsConnectionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_KmsConnection__Output>): grpc.ClientUnaryCall;
  update(argument: _xks_admin_v1_UpdateKmsConnectionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_KmsConnection__Output>): grpc.ClientUnaryCall;
  update(argument: _xks_admin_v1_UpdateKmsConnectionRequest, callback: grpc.requestCallback<_xks_admin_v1_KmsConnection__Output>): grpc.ClientUnaryCall;
  
}

/**
 * AWS connections: the AWS accounts, regions and credentials the proxy calls AWS KMS with
 */
export interface KmsServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * add an AWS connection
   */
  Create: grpc.handleUnaryCall<_xks_admin_v1_CreateKmsConnectionRequest__Output, _xks_admin_v1_KmsConnection>;
  
  /**
   * refused (FAILED_PRECONDITION) while key stores are linked through it
   */
  Delete: grpc.handleUnaryCall<_xks_admin_v1_IdRequest__Output, _xks_admin_v1_Empty>;
  
  /**
   * show one AWS connection
   */
  Get: grpc.handleUnaryCall<_xks_admin_v1_IdRequest__Output, _xks_admin_v1_KmsConnection>;
  
  /**
   * list AWS connections
   */
  List: grpc.handleUnaryCall<_xks_admin_v1_ListKmsConnectionsRequest__Output, _xks_admin_v1_ListKmsConnectionsResponse>;
  
  /**
   * edit an AWS connection
   */
  Update: grpc.handleUnaryCall<_xks_admin_v1_UpdateKmsConnectionRequest__Output, _xks_admin_v1_KmsConnection>;
  
}

export interface KmsServiceDefinition extends grpc.ServiceDefinition {
  Create: MethodDefinition<_xks_admin_v1_CreateKmsConnectionRequest, _xks_admin_v1_KmsConnection, _xks_admin_v1_CreateKmsConnectionRequest__Output, _xks_admin_v1_KmsConnection__Output>
  Delete: MethodDefinition<_xks_admin_v1_IdRequest, _xks_admin_v1_Empty, _xks_admin_v1_IdRequest__Output, _xks_admin_v1_Empty__Output>
  Get: MethodDefinition<_xks_admin_v1_IdRequest, _xks_admin_v1_KmsConnection, _xks_admin_v1_IdRequest__Output, _xks_admin_v1_KmsConnection__Output>
  List: MethodDefinition<_xks_admin_v1_ListKmsConnectionsRequest, _xks_admin_v1_ListKmsConnectionsResponse, _xks_admin_v1_ListKmsConnectionsRequest__Output, _xks_admin_v1_ListKmsConnectionsResponse__Output>
  Update: MethodDefinition<_xks_admin_v1_UpdateKmsConnectionRequest, _xks_admin_v1_KmsConnection, _xks_admin_v1_UpdateKmsConnectionRequest__Output, _xks_admin_v1_KmsConnection__Output>
}
