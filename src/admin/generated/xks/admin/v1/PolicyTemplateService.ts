// Original file: proto/xks_admin.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CreatePolicyTemplateRequest as _xks_admin_v1_CreatePolicyTemplateRequest, CreatePolicyTemplateRequest__Output as _xks_admin_v1_CreatePolicyTemplateRequest__Output } from '../../../xks/admin/v1/CreatePolicyTemplateRequest.js';
import type { Empty as _xks_admin_v1_Empty, Empty__Output as _xks_admin_v1_Empty__Output } from '../../../xks/admin/v1/Empty.js';
import type { IdRequest as _xks_admin_v1_IdRequest, IdRequest__Output as _xks_admin_v1_IdRequest__Output } from '../../../xks/admin/v1/IdRequest.js';
import type { ListPolicyTemplatesRequest as _xks_admin_v1_ListPolicyTemplatesRequest, ListPolicyTemplatesRequest__Output as _xks_admin_v1_ListPolicyTemplatesRequest__Output } from '../../../xks/admin/v1/ListPolicyTemplatesRequest.js';
import type { ListPolicyTemplatesResponse as _xks_admin_v1_ListPolicyTemplatesResponse, ListPolicyTemplatesResponse__Output as _xks_admin_v1_ListPolicyTemplatesResponse__Output } from '../../../xks/admin/v1/ListPolicyTemplatesResponse.js';
import type { PolicyTemplate as _xks_admin_v1_PolicyTemplate, PolicyTemplate__Output as _xks_admin_v1_PolicyTemplate__Output } from '../../../xks/admin/v1/PolicyTemplate.js';
import type { UpdatePolicyTemplateRequest as _xks_admin_v1_UpdatePolicyTemplateRequest, UpdatePolicyTemplateRequest__Output as _xks_admin_v1_UpdatePolicyTemplateRequest__Output } from '../../../xks/admin/v1/UpdatePolicyTemplateRequest.js';

/**
 * policy templates: key policies HYOK keys name with --policytemplate
 */
export interface PolicyTemplateServiceClient extends grpc.Client {
  /**
   * add a policy template
   */
  Create(argument: _xks_admin_v1_CreatePolicyTemplateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_PolicyTemplate__Output>): grpc.ClientUnaryCall;
  Create(argument: _xks_admin_v1_CreatePolicyTemplateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_PolicyTemplate__Output>): grpc.ClientUnaryCall;
  Create(argument: _xks_admin_v1_CreatePolicyTemplateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_PolicyTemplate__Output>): grpc.ClientUnaryCall;
  Create(argument: _xks_admin_v1_CreatePolicyTemplateRequest, callback: grpc.requestCallback<_xks_admin_v1_PolicyTemplate__Output>): grpc.ClientUnaryCall;
  /**
   * add a policy template
   */
  create(argument: _xks_admin_v1_CreatePolicyTemplateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_PolicyTemplate__Output>): grpc.ClientUnaryCall;
  create(argument: _xks_admin_v1_CreatePolicyTemplateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_PolicyTemplate__Output>): grpc.ClientUnaryCall;
  create(argument: _xks_admin_v1_CreatePolicyTemplateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_PolicyTemplate__Output>): grpc.ClientUnaryCall;
  create(argument: _xks_admin_v1_CreatePolicyTemplateRequest, callback: grpc.requestCallback<_xks_admin_v1_PolicyTemplate__Output>): grpc.ClientUnaryCall;
  
  /**
   * refused (FAILED_PRECONDITION) while an unlinked HYOK key names it
   */
  Delete(argument: _xks_admin_v1_IdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  Delete(argument: _xks_admin_v1_IdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  Delete(argument: _xks_admin_v1_IdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  Delete(argument: _xks_admin_v1_IdRequest, callback: grpc.requestCallback<_xks_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  /**
   * refused (FAILED_PRECONDITION) while an unlinked HYOK key names it
   */
  delete(argument: _xks_admin_v1_IdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  delete(argument: _xks_admin_v1_IdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  delete(argument: _xks_admin_v1_IdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  delete(argument: _xks_admin_v1_IdRequest, callback: grpc.requestCallback<_xks_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  
  /**
   * show one policy template (id or name)
   */
  Get(argument: _xks_admin_v1_IdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_PolicyTemplate__Output>): grpc.ClientUnaryCall;
  Get(argument: _xks_admin_v1_IdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_PolicyTemplate__Output>): grpc.ClientUnaryCall;
  Get(argument: _xks_admin_v1_IdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_PolicyTemplate__Output>): grpc.ClientUnaryCall;
  Get(argument: _xks_admin_v1_IdRequest, callback: grpc.requestCallback<_xks_admin_v1_PolicyTemplate__Output>): grpc.ClientUnaryCall;
  /**
   * show one policy template (id or name)
   */
  get(argument: _xks_admin_v1_IdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_PolicyTemplate__Output>): grpc.ClientUnaryCall;
  get(argument: _xks_admin_v1_IdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_PolicyTemplate__Output>): grpc.ClientUnaryCall;
  get(argument: _xks_admin_v1_IdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_PolicyTemplate__Output>): grpc.ClientUnaryCall;
  get(argument: _xks_admin_v1_IdRequest, callback: grpc.requestCallback<_xks_admin_v1_PolicyTemplate__Output>): grpc.ClientUnaryCall;
  
  /**
   * list policy templates
   */
  List(argument: _xks_admin_v1_ListPolicyTemplatesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_ListPolicyTemplatesResponse__Output>): grpc.ClientUnaryCall;
  List(argument: _xks_admin_v1_ListPolicyTemplatesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_ListPolicyTemplatesResponse__Output>): grpc.ClientUnaryCall;
  List(argument: _xks_admin_v1_ListPolicyTemplatesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_ListPolicyTemplatesResponse__Output>): grpc.ClientUnaryCall;
  List(argument: _xks_admin_v1_ListPolicyTemplatesRequest, callback: grpc.requestCallback<_xks_admin_v1_ListPolicyTemplatesResponse__Output>): grpc.ClientUnaryCall;
  /**
   * list policy templates
   */
  list(argument: _xks_admin_v1_ListPolicyTemplatesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_ListPolicyTemplatesResponse__Output>): grpc.ClientUnaryCall;
  list(argument: _xks_admin_v1_ListPolicyTemplatesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_ListPolicyTemplatesResponse__Output>): grpc.ClientUnaryCall;
  list(argument: _xks_admin_v1_ListPolicyTemplatesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_ListPolicyTemplatesResponse__Output>): grpc.ClientUnaryCall;
  list(argument: _xks_admin_v1_ListPolicyTemplatesRequest, callback: grpc.requestCallback<_xks_admin_v1_ListPolicyTemplatesResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * edit a policy template (keys already linked keep the policy AWS was given)
   */
  Update(argument: _xks_admin_v1_UpdatePolicyTemplateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_PolicyTemplate__Output>): grpc.ClientUnaryCall;
  Update(argument: _xks_admin_v1_UpdatePolicyTemplateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_PolicyTemplate__Output>): grpc.ClientUnaryCall;
  Update(argument: _xks_admin_v1_UpdatePolicyTemplateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_PolicyTemplate__Output>): grpc.ClientUnaryCall;
  Update(argument: _xks_admin_v1_UpdatePolicyTemplateRequest, callback: grpc.requestCallback<_xks_admin_v1_PolicyTemplate__Output>): grpc.ClientUnaryCall;
  /**
   * edit a policy template (keys already linked keep the policy AWS was given)
   */
  update(argument: _xks_admin_v1_UpdatePolicyTemplateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_PolicyTemplate__Output>): grpc.ClientUnaryCall;
  update(argument: _xks_admin_v1_UpdatePolicyTemplateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_PolicyTemplate__Output>): grpc.ClientUnaryCall;
  update(argument: _xks_admin_v1_UpdatePolicyTemplateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_PolicyTemplate__Output>): grpc.ClientUnaryCall;
  update(argument: _xks_admin_v1_UpdatePolicyTemplateRequest, callback: grpc.requestCallback<_xks_admin_v1_PolicyTemplate__Output>): grpc.ClientUnaryCall;
  
}

/**
 * policy templates: key policies HYOK keys name with --policytemplate
 */
export interface PolicyTemplateServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * add a policy template
   */
  Create: grpc.handleUnaryCall<_xks_admin_v1_CreatePolicyTemplateRequest__Output, _xks_admin_v1_PolicyTemplate>;
  
  /**
   * refused (FAILED_PRECONDITION) while an unlinked HYOK key names it
   */
  Delete: grpc.handleUnaryCall<_xks_admin_v1_IdRequest__Output, _xks_admin_v1_Empty>;
  
  /**
   * show one policy template (id or name)
   */
  Get: grpc.handleUnaryCall<_xks_admin_v1_IdRequest__Output, _xks_admin_v1_PolicyTemplate>;
  
  /**
   * list policy templates
   */
  List: grpc.handleUnaryCall<_xks_admin_v1_ListPolicyTemplatesRequest__Output, _xks_admin_v1_ListPolicyTemplatesResponse>;
  
  /**
   * edit a policy template (keys already linked keep the policy AWS was given)
   */
  Update: grpc.handleUnaryCall<_xks_admin_v1_UpdatePolicyTemplateRequest__Output, _xks_admin_v1_PolicyTemplate>;
  
}

export interface PolicyTemplateServiceDefinition extends grpc.ServiceDefinition {
  Create: MethodDefinition<_xks_admin_v1_CreatePolicyTemplateRequest, _xks_admin_v1_PolicyTemplate, _xks_admin_v1_CreatePolicyTemplateRequest__Output, _xks_admin_v1_PolicyTemplate__Output>
  Delete: MethodDefinition<_xks_admin_v1_IdRequest, _xks_admin_v1_Empty, _xks_admin_v1_IdRequest__Output, _xks_admin_v1_Empty__Output>
  Get: MethodDefinition<_xks_admin_v1_IdRequest, _xks_admin_v1_PolicyTemplate, _xks_admin_v1_IdRequest__Output, _xks_admin_v1_PolicyTemplate__Output>
  List: MethodDefinition<_xks_admin_v1_ListPolicyTemplatesRequest, _xks_admin_v1_ListPolicyTemplatesResponse, _xks_admin_v1_ListPolicyTemplatesRequest__Output, _xks_admin_v1_ListPolicyTemplatesResponse__Output>
  Update: MethodDefinition<_xks_admin_v1_UpdatePolicyTemplateRequest, _xks_admin_v1_PolicyTemplate, _xks_admin_v1_UpdatePolicyTemplateRequest__Output, _xks_admin_v1_PolicyTemplate__Output>
}
