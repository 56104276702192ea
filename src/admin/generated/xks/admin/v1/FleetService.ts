// Original file: proto/xks_admin.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { ListFleetNodesRequest as _xks_admin_v1_ListFleetNodesRequest, ListFleetNodesRequest__Output as _xks_admin_v1_ListFleetNodesRequest__Output } from '../../../xks/admin/v1/ListFleetNodesRequest.js';
import type { ListFleetNodesResponse as _xks_admin_v1_ListFleetNodesResponse, ListFleetNodesResponse__Output as _xks_admin_v1_ListFleetNodesResponse__Output } from '../../../xks/admin/v1/ListFleetNodesResponse.js';

/**
 * the daemons that share this store (one on the embedded store)
 */
export interface FleetServiceClient extends grpc.Client {
  /**
   * list the fleet's nodes, live ones first
   */
  List(argument: _xks_admin_v1_ListFleetNodesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_ListFleetNodesResponse__Output>): grpc.ClientUnaryCall;
  List(argument: _xks_admin_v1_ListFleetNodesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_ListFleetNodesResponse__Output>): grpc.ClientUnaryCall;
  List(argument: _xks_admin_v1_ListFleetNodesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_ListFleetNodesResponse__Output>): grpc.ClientUnaryCall;
  List(argument: _xks_admin_v1_ListFleetNodesRequest, callback: grpc.requestCallback<_xks_admin_v1_ListFleetNodesResponse__Output>): grpc.ClientUnaryCall;
  /**
   * list the fleet's nodes, live ones first
   */
  list(argument: _xks_admin_v1_ListFleetNodesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_ListFleetNodesResponse__Output>): grpc.ClientUnaryCall;
  list(argument: _xks_admin_v1_ListFleetNodesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_ListFleetNodesResponse__Output>): grpc.ClientUnaryCall;
  list(argument: _xks_admin_v1_ListFleetNodesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_ListFleetNodesResponse__Output>): grpc.ClientUnaryCall;
  list(argument: _xks_admin_v1_ListFleetNodesRequest, callback: grpc.requestCallback<_xks_admin_v1_ListFleetNodesResponse__Output>): grpc.ClientUnaryCall;
  
}

/**
 * the daemons that share this store (one on the embedded store)
 */
export interface FleetServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * list the fleet's nodes, live ones first
   */
  List: grpc.handleUnaryCall<_xks_admin_v1_ListFleetNodesRequest__Output, _xks_admin_v1_ListFleetNodesResponse>;
  
}

export interface FleetServiceDefinition extends grpc.ServiceDefinition {
  List: MethodDefinition<_xks_admin_v1_ListFleetNodesRequest, _xks_admin_v1_ListFleetNodesResponse, _xks_admin_v1_ListFleetNodesRequest__Output, _xks_admin_v1_ListFleetNodesResponse__Output>
}
