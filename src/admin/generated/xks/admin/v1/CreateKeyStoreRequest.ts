// Original file: proto/xks_admin.proto

import type { CreateKeyStoreLocalHostedParams as _xks_admin_v1_CreateKeyStoreLocalHostedParams, CreateKeyStoreLocalHostedParams__Output as _xks_admin_v1_CreateKeyStoreLocalHostedParams__Output } from '../../../xks/admin/v1/CreateKeyStoreLocalHostedParams.js';
import type { KeyStoreAwsParam as _xks_admin_v1_KeyStoreAwsParam, KeyStoreAwsParam__Output as _xks_admin_v1_KeyStoreAwsParam__Output } from '../../../xks/admin/v1/KeyStoreAwsParam.js';
import type { AuthorizationRule as _xks_admin_v1_AuthorizationRule, AuthorizationRule__Output as _xks_admin_v1_AuthorizationRule__Output } from '../../../xks/admin/v1/AuthorizationRule.js';

export interface CreateKeyStoreRequest {
  /**
   * required: unique name, 1..128 characters
   */
  'name'?: (string);
  /**
   * required: the AWS connection (`kms` resource) by name or id, whose AWS account owns the store's
   * KMS keys; or a bare 12-digit AWS account id for a store without a connection (it cannot be
   * linked until it names one). Requests whose kmsKeyArn names another account are refused
   * (AccessDeniedException)
   */
  'kms'?: (string);
  /**
   * required: an AWS region name (us-east-1, eu-central-1, us-gov-west-1, ...)
   */
  'region'?: (string);
  /**
   * also link the store with AWS KMS (as "keystore link" does, through the `kms` connection and
   * aws_param.xks_proxy_uri_endpoint): creates the AWS custom key store
   */
  'linked_state'?: (boolean);
  'local_hosted_params'?: (_xks_admin_v1_CreateKeyStoreLocalHostedParams | null);
  'aws_param'?: (_xks_admin_v1_KeyStoreAwsParam | null);
  /**
   * also audit successful XKS operations
   */
  'enable_success_audit_event'?: (boolean);
  /**
   * at most 100 authorization rules on XKS request metadata, as JSON: [{"principal":
   * "arn:aws:iam::111122223333:role/app-*", "operations": ["Encrypt"], "via_services": ["ebs"]}];
   * none = every authenticated request is allowed
   */
  'authorization_rules'?: (_xks_admin_v1_AuthorizationRule)[];
}

export interface CreateKeyStoreRequest__Output {
  /**
   * required: unique name, 1..128 characters
   */
  'name': (string);
  /**
   * required: the AWS connection (`kms` resource) by name or id, whose AWS account owns the store's
   * KMS keys; or a bare 12-digit AWS account id for a store without a connection (it cannot be
   * linked until it names one). Requests whose kmsKeyArn names another account are refused
   * (AccessDeniedException)
   */
  'kms': (string);
  /**
   * required: an AWS region name (us-east-1, eu-central-1, us-gov-west-1, ...)
   */
  'region': (string);
  /**
   * also link the store with AWS KMS (as "keystore link" does, through the `kms` connection and
   * aws_param.xks_proxy_uri_endpoint): creates the AWS custom key store
   */
  'linked_state': (boolean);
  'local_hosted_params': (_xks_admin_v1_CreateKeyStoreLocalHostedParams__Output | null);
  'aws_param': (_xks_admin_v1_KeyStoreAwsParam__Output | null);
  /**
   * also audit successful XKS operations
   */
  'enable_success_audit_event': (boolean);
  /**
   * at most 100 authorization rules on XKS request metadata, as JSON: [{"principal":
   * "arn:aws:iam::111122223333:role/app-*", "operations": ["Encrypt"], "via_services": ["ebs"]}];
   * none = every authenticated request is allowed
   */
  'authorization_rules': (_xks_admin_v1_AuthorizationRule__Output)[];
}
