// Original file: proto/xks_admin.proto

import type { KeyStoreLocalHostedParams as _xks_admin_v1_KeyStoreLocalHostedParams, KeyStoreLocalHostedParams__Output as _xks_admin_v1_KeyStoreLocalHostedParams__Output } from '../../../xks/admin/v1/KeyStoreLocalHostedParams.js';
import type { KeyStoreAwsParam as _xks_admin_v1_KeyStoreAwsParam, KeyStoreAwsParam__Output as _xks_admin_v1_KeyStoreAwsParam__Output } from '../../../xks/admin/v1/KeyStoreAwsParam.js';

export interface CreateKeyStoreRequest {
  'name'?: (string);
  'kms'?: (string);
  'region'?: (string);
  'linked_state'?: (boolean);
  'local_hosted_params'?: (_xks_admin_v1_KeyStoreLocalHostedParams | null);
  'aws_param'?: (_xks_admin_v1_KeyStoreAwsParam | null);
  'enable_success_audit_event'?: (boolean);
}

export interface CreateKeyStoreRequest__Output {
  'name': (string);
  'kms': (string);
  'region': (string);
  'linked_state': (boolean);
  'local_hosted_params': (_xks_admin_v1_KeyStoreLocalHostedParams__Output | null);
  'aws_param': (_xks_admin_v1_KeyStoreAwsParam__Output | null);
  'enable_success_audit_event': (boolean);
}
