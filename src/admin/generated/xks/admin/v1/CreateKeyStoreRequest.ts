// Original file: proto/xks_admin.proto

import type { CreateKeyStoreLocalHostedParams as _xks_admin_v1_CreateKeyStoreLocalHostedParams, CreateKeyStoreLocalHostedParams__Output as _xks_admin_v1_CreateKeyStoreLocalHostedParams__Output } from '../../../xks/admin/v1/CreateKeyStoreLocalHostedParams.js';
import type { KeyStoreAwsParam as _xks_admin_v1_KeyStoreAwsParam, KeyStoreAwsParam__Output as _xks_admin_v1_KeyStoreAwsParam__Output } from '../../../xks/admin/v1/KeyStoreAwsParam.js';

export interface CreateKeyStoreRequest {
  /**
   * required: unique name, 1..128 characters
   */
  'name'?: (string);
  /**
   * required: the 12-digit AWS account id that owns the store's KMS keys; requests whose kmsKeyArn
   * names another account are refused (AccessDeniedException)
   */
  'kms'?: (string);
  /**
   * required: an AWS region name (us-east-1, eu-central-1, us-gov-west-1, ...)
   */
  'region'?: (string);
  /**
   * mark as linked with AWS
   */
  'linked_state'?: (boolean);
  'local_hosted_params'?: (_xks_admin_v1_CreateKeyStoreLocalHostedParams | null);
  'aws_param'?: (_xks_admin_v1_KeyStoreAwsParam | null);
  /**
   * also audit successful XKS operations
   */
  'enable_success_audit_event'?: (boolean);
}

export interface CreateKeyStoreRequest__Output {
  /**
   * required: unique name, 1..128 characters
   */
  'name': (string);
  /**
   * required: the 12-digit AWS account id that owns the store's KMS keys; requests whose kmsKeyArn
   * names another account are refused (AccessDeniedException)
   */
  'kms': (string);
  /**
   * required: an AWS region name (us-east-1, eu-central-1, us-gov-west-1, ...)
   */
  'region': (string);
  /**
   * mark as linked with AWS
   */
  'linked_state': (boolean);
  'local_hosted_params': (_xks_admin_v1_CreateKeyStoreLocalHostedParams__Output | null);
  'aws_param': (_xks_admin_v1_KeyStoreAwsParam__Output | null);
  /**
   * also audit successful XKS operations
   */
  'enable_success_audit_event': (boolean);
}
