// Original file: proto/xks_admin.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { ListAuditRecordsRequest as _xks_admin_v1_ListAuditRecordsRequest, ListAuditRecordsRequest__Output as _xks_admin_v1_ListAuditRecordsRequest__Output } from '../../../xks/admin/v1/ListAuditRecordsRequest.js';
import type { ListAuditRecordsResponse as _xks_admin_v1_ListAuditRecordsResponse, ListAuditRecordsResponse__Output as _xks_admin_v1_ListAuditRecordsResponse__Output } from '../../../xks/admin/v1/ListAuditRecordsResponse.js';

/**
 * audit trail of XKS operations and admin changes
 */
export interface AuditServiceClient extends grpc.Client {
  /**
   * list audit records, oldest first: seq ascending (write order) by default; sort "-seq" for newest first
   */
  List(argument: _xks_admin_v1_ListAuditRecordsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_ListAuditRecordsResponse__Output>): grpc.ClientUnaryCall;
  List(argument: _xks_admin_v1_ListAuditRecordsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_ListAuditRecordsResponse__Output>): grpc.ClientUnaryCall;
  List(argument: _xks_admin_v1_ListAuditRecordsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_ListAuditRecordsResponse__Output>): grpc.ClientUnaryCall;
  List(argument: _xks_admin_v1_ListAuditRecordsRequest, callback: grpc.requestCallback<_xks_admin_v1_ListAuditRecordsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * list audit records, oldest first: seq ascending (write order) by default; sort "-seq" for newest first
   */
  list(argument: _xks_admin_v1_ListAuditRecordsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_ListAuditRecordsResponse__Output>): grpc.ClientUnaryCall;
  list(argument: _xks_admin_v1_ListAuditRecordsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_ListAuditRecordsResponse__Output>): grpc.ClientUnaryCall;
  list(argument: _xks_admin_v1_ListAuditRecordsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_ListAuditRecordsResponse__Output>): grpc.ClientUnaryCall;
  list(argument: _xks_admin_v1_ListAuditRecordsRequest, callback: grpc.requestCallback<_xks_admin_v1_ListAuditRecordsResponse__Output>): grpc.ClientUnaryCall;
  
}

/**
 * audit trail of XKS operations and admin changes
 */
export interface AuditServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * list audit records, oldest first: seq ascending (write order) by default; sort "-seq" for newest first
   */
  List: grpc.handleUnaryCall<_xks_admin_v1_ListAuditRecordsRequest__Output, _xks_admin_v1_ListAuditRecordsResponse>;
  
}

export interface AuditServiceDefinition extends grpc.ServiceDefinition {
  List: MethodDefinition<_xks_admin_v1_ListAuditRecordsRequest, _xks_admin_v1_ListAuditRecordsResponse, _xks_admin_v1_ListAuditRecordsRequest__Output, _xks_admin_v1_ListAuditRecordsResponse__Output>
}
