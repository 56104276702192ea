// Original file: proto/xks_admin.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CreateCredentialRequest as _xks_admin_v1_CreateCredentialRequest, CreateCredentialRequest__Output as _xks_admin_v1_CreateCredentialRequest__Output } from '../../../xks/admin/v1/CreateCredentialRequest.js';
import type { Credential as _xks_admin_v1_Credential, Credential__Output as _xks_admin_v1_Credential__Output } from '../../../xks/admin/v1/Credential.js';
import type { CredentialRef as _xks_admin_v1_CredentialRef, CredentialRef__Output as _xks_admin_v1_CredentialRef__Output } from '../../../xks/admin/v1/CredentialRef.js';
import type { Empty as _xks_admin_v1_Empty, Empty__Output as _xks_admin_v1_Empty__Output } from '../../../xks/admin/v1/Empty.js';
import type { ListCredentialsRequest as _xks_admin_v1_ListCredentialsRequest, ListCredentialsRequest__Output as _xks_admin_v1_ListCredentialsRequest__Output } from '../../../xks/admin/v1/ListCredentialsRequest.js';
import type { ListCredentialsResponse as _xks_admin_v1_ListCredentialsResponse, ListCredentialsResponse__Output as _xks_admin_v1_ListCredentialsResponse__Output } from '../../../xks/admin/v1/ListCredentialsResponse.js';
import type { RotateCredentialResponse as _xks_admin_v1_RotateCredentialResponse, RotateCredentialResponse__Output as _xks_admin_v1_RotateCredentialResponse__Output } from '../../../xks/admin/v1/RotateCredentialResponse.js';

/**
 * SigV4 credentials AWS KMS signs XKS requests with
 */
export interface CredentialServiceClient extends grpc.Client {
  /**
   * refused (FAILED_PRECONDITION) once the store holds max_credentials
   */
  Create(argument: _xks_admin_v1_CreateCredentialRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_Credential__Output>): grpc.ClientUnaryCall;
  Create(argument: _xks_admin_v1_CreateCredentialRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_Credential__Output>): grpc.ClientUnaryCall;
  Create(argument: _xks_admin_v1_CreateCredentialRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_Credential__Output>): grpc.ClientUnaryCall;
  Create(argument: _xks_admin_v1_CreateCredentialRequest, callback: grpc.requestCallback<_xks_admin_v1_Credential__Output>): grpc.ClientUnaryCall;
  /**
   * refused (FAILED_PRECONDITION) once the store holds max_credentials
   */
  create(argument: _xks_admin_v1_CreateCredentialRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_Credential__Output>): grpc.ClientUnaryCall;
  create(argument: _xks_admin_v1_CreateCredentialRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_Credential__Output>): grpc.ClientUnaryCall;
  create(argument: _xks_admin_v1_CreateCredentialRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_Credential__Output>): grpc.ClientUnaryCall;
  create(argument: _xks_admin_v1_CreateCredentialRequest, callback: grpc.requestCallback<_xks_admin_v1_Credential__Output>): grpc.ClientUnaryCall;
  
  /**
   * delete a credential (it stops working at once)
   */
  Delete(argument: _xks_admin_v1_CredentialRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  Delete(argument: _xks_admin_v1_CredentialRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  Delete(argument: _xks_admin_v1_CredentialRef, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  Delete(argument: _xks_admin_v1_CredentialRef, callback: grpc.requestCallback<_xks_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  /**
   * delete a credential (it stops working at once)
   */
  delete(argument: _xks_admin_v1_CredentialRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  delete(argument: _xks_admin_v1_CredentialRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  delete(argument: _xks_admin_v1_CredentialRef, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  delete(argument: _xks_admin_v1_CredentialRef, callback: grpc.requestCallback<_xks_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  
  /**
   * show one credential
   */
  Get(argument: _xks_admin_v1_CredentialRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_Credential__Output>): grpc.ClientUnaryCall;
  Get(argument: _xks_admin_v1_CredentialRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_Credential__Output>): grpc.ClientUnaryCall;
  Get(argument: _xks_admin_v1_CredentialRef, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_Credential__Output>): grpc.ClientUnaryCall;
  Get(argument: _xks_admin_v1_CredentialRef, callback: grpc.requestCallback<_xks_admin_v1_Credential__Output>): grpc.ClientUnaryCall;
  /**
   * show one credential
   */
  get(argument: _xks_admin_v1_CredentialRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_Credential__Output>): grpc.ClientUnaryCall;
  get(argument: _xks_admin_v1_CredentialRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_Credential__Output>): grpc.ClientUnaryCall;
  get(argument: _xks_admin_v1_CredentialRef, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_Credential__Output>): grpc.ClientUnaryCall;
  get(argument: _xks_admin_v1_CredentialRef, callback: grpc.requestCallback<_xks_admin_v1_Credential__Output>): grpc.ClientUnaryCall;
  
  /**
   * list a store's credentials (never secrets)
   */
  List(argument: _xks_admin_v1_ListCredentialsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_ListCredentialsResponse__Output>): grpc.ClientUnaryCall;
  List(argument: _xks_admin_v1_ListCredentialsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_ListCredentialsResponse__Output>): grpc.ClientUnaryCall;
  List(argument: _xks_admin_v1_ListCredentialsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_ListCredentialsResponse__Output>): grpc.ClientUnaryCall;
  List(argument: _xks_admin_v1_ListCredentialsRequest, callback: grpc.requestCallback<_xks_admin_v1_ListCredentialsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * list a store's credentials (never secrets)
   */
  list(argument: _xks_admin_v1_ListCredentialsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_ListCredentialsResponse__Output>): grpc.ClientUnaryCall;
  list(argument: _xks_admin_v1_ListCredentialsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_ListCredentialsResponse__Output>): grpc.ClientUnaryCall;
  list(argument: _xks_admin_v1_ListCredentialsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_ListCredentialsResponse__Output>): grpc.ClientUnaryCall;
  list(argument: _xks_admin_v1_ListCredentialsRequest, callback: grpc.requestCallback<_xks_admin_v1_ListCredentialsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * adds a new credential; every older one keeps working until deleted. On a linked store it
   * answers once AWS holds the new one (UpdateCustomKeyStore); when AWS refuses, the new credential
   * is removed and AWS's exception is answered
   */
  Rotate(argument: _xks_admin_v1_CreateCredentialRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_RotateCredentialResponse__Output>): grpc.ClientUnaryCall;
  Rotate(argument: _xks_admin_v1_CreateCredentialRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_RotateCredentialResponse__Output>): grpc.ClientUnaryCall;
  Rotate(argument: _xks_admin_v1_CreateCredentialRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_RotateCredentialResponse__Output>): grpc.ClientUnaryCall;
  Rotate(argument: _xks_admin_v1_CreateCredentialRequest, callback: grpc.requestCallback<_xks_admin_v1_RotateCredentialResponse__Output>): grpc.ClientUnaryCall;
  /**
   * adds a new credential; every older one keeps working until deleted. On a linked store it
   * answers once AWS holds the new one (UpdateCustomKeyStore); when AWS refuses, the new credential
   * is removed and AWS's exception is answered
   */
  rotate(argument: _xks_admin_v1_CreateCredentialRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_RotateCredentialResponse__Output>): grpc.ClientUnaryCall;
  rotate(argument: _xks_admin_v1_CreateCredentialRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_xks_admin_v1_RotateCredentialResponse__Output>): grpc.ClientUnaryCall;
  rotate(argument: _xks_admin_v1_CreateCredentialRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_xks_admin_v1_RotateCredentialResponse__Output>): grpc.ClientUnaryCall;
  rotate(argument: _xks_admin_v1_CreateCredentialRequest, callback: grpc.requestCallback<_xks_admin_v1_RotateCredentialResponse__Output>): grpc.ClientUnaryCall;
  
}

/**
 * SigV4 credentials AWS KMS signs XKS requests with
 */
export interface CredentialServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * refused (FAILED_PRECONDITION) once the store holds max_credentials
   */
  Create: grpc.handleUnaryCall<_xks_admin_v1_CreateCredentialRequest__Output, _xks_admin_v1_Credential>;
  
  /**
   * delete a credential (it stops working at once)
   */
  Delete: grpc.handleUnaryCall<_xks_admin_v1_CredentialRef__Output, _xks_admin_v1_Empty>;
  
  /**
   * show one credential
   */
  Get: grpc.handleUnaryCall<_xks_admin_v1_CredentialRef__Output, _xks_admin_v1_Credential>;
  
  /**
   * list a store's credentials (never secrets)
   */
  List: grpc.handleUnaryCall<_xks_admin_v1_ListCredentialsRequest__Output, _xks_admin_v1_ListCredentialsResponse>;
  
  /**
   * adds a new credential; every older one keeps working until deleted. On a linked store it
   * answers once AWS holds the new one (UpdateCustomKeyStore); when AWS refuses, the new credential
   * is removed and AWS's exception is answered
   */
  Rotate: grpc.handleUnaryCall<_xks_admin_v1_CreateCredentialRequest__Output, _xks_admin_v1_RotateCredentialResponse>;
  
}

export interface CredentialServiceDefinition extends grpc.ServiceDefinition {
  Create: MethodDefinition<_xks_admin_v1_CreateCredentialRequest, _xks_admin_v1_Credential, _xks_admin_v1_CreateCredentialRequest__Output, _xks_admin_v1_Credential__Output>
  Delete: MethodDefinition<_xks_admin_v1_CredentialRef, _xks_admin_v1_Empty, _xks_admin_v1_CredentialRef__Output, _xks_admin_v1_Empty__Output>
  Get: MethodDefinition<_xks_admin_v1_CredentialRef, _xks_admin_v1_Credential, _xks_admin_v1_CredentialRef__Output, _xks_admin_v1_Credential__Output>
  List: MethodDefinition<_xks_admin_v1_ListCredentialsRequest, _xks_admin_v1_ListCredentialsResponse, _xks_admin_v1_ListCredentialsRequest__Output, _xks_admin_v1_ListCredentialsResponse__Output>
  Rotate: MethodDefinition<_xks_admin_v1_CreateCredentialRequest, _xks_admin_v1_RotateCredentialResponse, _xks_admin_v1_CreateCredentialRequest__Output, _xks_admin_v1_RotateCredentialResponse__Output>
}
