// Original file: proto/xks_admin.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { IdRequest as _xks_admin_v1_IdRequest, IdRequest__Output as _xks_admin_v1_IdRequest__Output } from '../../../xks/admin/v1/IdRequest.js';
import type { ListSyncJobsRequest as _xks_admin_v1_ListSyncJobsRequest, ListSyncJobsRequest__Output as _xks_admin_v1_ListSyncJobsRequest__Output } from '../../../xks/admin/v1/ListSyncJobsRequest.js';
import type { ListSyncJobsResponse as _xks_admin_v1_ListSyncJobsResponse, ListSyncJobsResponse__Output as _xks_admin_v1_ListSyncJobsResponse__Output } from '../../../xks/admin/v1/ListSyncJobsResponse.js';
import type { SyncJob as _xks_admin_v1_SyncJob, SyncJob__Output as _xks_admin_v1_SyncJob__Output } from '../../../xks/admin/v1/SyncJob.js';

/**
 * synchronization jobs started by `keystore sync`
 */
export interface SyncJobServiceClient extends grpc.Client {
  /**
   * stop a job in progress at its next item (it ends cancelled)
   */
  Cancel(argument: _xks_admin_v1_IdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_SyncJob__Output>): grpc.ClientUnaryCall;
  Cancel(argument: _xks_admin_v1_IdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_SyncJob__Output>): grpc.ClientUnaryCall;
  Cancel(argument: _xks_admin_v1_IdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_SyncJob__Output>): grpc.ClientUnaryCall;
  Cancel(argument: _xks_admin_v1_IdRequest, callback: grpc.requestCallback<_xks_admin_v1_SyncJob__Output>): grpc.ClientUnaryCall;
  /**
   * stop a job in progress at its next item (it ends cancelled)
   */
  cancel(argument: _xks_admin_v1_IdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_SyncJob__Output>): grpc.ClientUnaryCall;
  cancel(argument: _xks_admin_v1_IdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_SyncJob__Output>): grpc.ClientUnaryCall;
  cancel(argument: _xks_admin_v1_IdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_SyncJob__Output>): grpc.ClientUnaryCall;
  cancel(argument: _xks_admin_v1_IdRequest, callback: grpc.requestCallback<_xks_admin_v1_SyncJob__Output>): grpc.ClientUnaryCall;
  
  /**
   * show one job, with its progress and errors while it runs
   */
  Get(argument: _xks_admin_v1_IdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_SyncJob__Output>): grpc.ClientUnaryCall;
  Get(argument: _xks_admin_v1_IdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_SyncJob__Output>): grpc.ClientUnaryCall;
  Get(argument: _xks_admin_v1_IdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_SyncJob__Output>): grpc.ClientUnaryCall;
  Get(argument: _xks_admin_v1_IdRequest, callback: grpc.requestCallback<_xks_admin_v1_SyncJob__Output>): grpc.ClientUnaryCall;
  /**
   * show one job, with its progress and errors while it runs
   */
  get(argument: _xks_admin_v1_IdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_SyncJob__Output>): grpc.ClientUnaryCall;
  get(argument: _xks_admin_v1_IdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_SyncJob__Output>): grpc.ClientUnaryCall;
  get(argument: _xks_admin_v1_IdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_SyncJob__Output>): grpc.ClientUnaryCall;
  get(argument: _xks_admin_v1_IdRequest, callback: grpc.requestCallback<_xks_admin_v1_SyncJob__Output>): grpc.ClientUnaryCall;
  
  /**
   * list synchronization jobs, newest first
   */
  List(argument: _xks_admin_v1_ListSyncJobsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_ListSyncJobsResponse__Output>): grpc.ClientUnaryCall;
  List(argument: _xks_admin_v1_ListSyncJobsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_ListSyncJobsResponse__Output>): grpc.ClientUnaryCall;
  List(argument: _xks_admin_v1_ListSyncJobsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_ListSyncJobsResponse__Output>): grpc.ClientUnaryCall;
  List(argument: _xks_admin_v1_ListSyncJobsRequest, callback: grpc.requestCallback<_xks_admin_v1_ListSyncJobsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * list synchronization jobs, newest first
   */
  list(argument: _xks_admin_v1_ListSyncJobsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_ListSyncJobsResponse__Output>): grpc.ClientUnaryCall;
  list(argument: _xks_admin_v1_ListSyncJobsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_ListSyncJobsResponse__Output>): grpc.ClientUnaryCall;
  list(argument: _xks_admin_v1_ListSyncJobsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_ListSyncJobsResponse__Output>): grpc.ClientUnaryCall;
  list(argument: _xks_admin_v1_ListSyncJobsRequest, callback: grpc.requestCallback<_xks_admin_v1_ListSyncJobsResponse__Output>): grpc.ClientUnaryCall;
  
}

/**
 * synchronization jobs started by `keystore sync`
 */
export interface SyncJobServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * stop a job in progress at its next item (it ends cancelled)
   */
  Cancel: grpc.handleUnaryCall<_xks_admin_v1_IdRequest__Output, _xks_admin_v1_SyncJob>;
  
  /**
   * show one job, with its progress and errors while it runs
   */
  Get: grpc.handleUnaryCall<_xks_admin_v1_IdRequest__Output, _xks_admin_v1_SyncJob>;
  
  /**
   * list synchronization jobs, newest first
   */
  List: grpc.handleUnaryCall<_xks_admin_v1_ListSyncJobsRequest__Output, _xks_admin_v1_ListSyncJobsResponse>;
  
}

export interface SyncJobServiceDefinition extends grpc.ServiceDefinition {
  Cancel: MethodDefinition<_xks_admin_v1_IdRequest, _xks_admin_v1_SyncJob, _xks_admin_v1_IdRequest__Output, _xks_admin_v1_SyncJob__Output>
  Get: MethodDefinition<_xks_admin_v1_IdRequest, _xks_admin_v1_SyncJob, _xks_admin_v1_IdRequest__Output, _xks_admin_v1_SyncJob__Output>
  List: MethodDefinition<_xks_admin_v1_ListSyncJobsRequest, _xks_admin_v1_ListSyncJobsResponse, _xks_admin_v1_ListSyncJobsRequest__Output, _xks_admin_v1_ListSyncJobsResponse__Output>
}
