// Original file: proto/xks_admin.proto

import type { KeyStoreLocalHostedParams as _xks_admin_v1_KeyStoreLocalHostedParams, KeyStoreLocalHostedParams__Output as _xks_admin_v1_KeyStoreLocalHostedParams__Output } from '../../../xks/admin/v1/KeyStoreLocalHostedParams.js';
import type { KeyStoreAwsParam as _xks_admin_v1_KeyStoreAwsParam, KeyStoreAwsParam__Output as _xks_admin_v1_KeyStoreAwsParam__Output } from '../../../xks/admin/v1/KeyStoreAwsParam.js';

export interface CreateKeyStoreRequest {
  /**
   * required: unique name
   */
  'name'?: (string);
  /**
   * AWS account (12 digits) that owns the KMS keys
   */
  'kms'?: (string);
  /**
   * required: AWS region the store signs for, e.g. us-east-1
   */
  'region'?: (string);
  /**
   * mark as linked with AWS
   */
  'linked_state'?: (boolean);
  'local_hosted_params'?: (_xks_admin_v1_KeyStoreLocalHostedParams | null);
  'aws_param'?: (_xks_admin_v1_KeyStoreAwsParam | null);
  /**
   * also audit successful XKS operations
   */
  'enable_success_audit_event'?: (boolean);
}

export interface CreateKeyStoreRequest__Output {
  /**
   * required: unique name
   */
  'name': (string);
  /**
   * AWS account (12 digits) that owns the KMS keys
   */
  'kms': (string);
  /**
   * required: AWS region the store signs for, e.g. us-east-1
   */
  'region': (string);
  /**
   * mark as linked with AWS
   */
  'linked_state': (boolean);
  'local_hosted_params': (_xks_admin_v1_KeyStoreLocalHostedParams__Output | null);
  'aws_param': (_xks_admin_v1_KeyStoreAwsParam__Output | null);
  /**
   * also audit successful XKS operations
   */
  'enable_success_audit_event': (boolean);
}
