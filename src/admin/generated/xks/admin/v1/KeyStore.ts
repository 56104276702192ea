// Original file: proto/xks_admin.proto

import type { KeyStoreAwsParam as _xks_admin_v1_KeyStoreAwsParam, KeyStoreAwsParam__Output as _xks_admin_v1_KeyStoreAwsParam__Output } from '../../../xks/admin/v1/KeyStoreAwsParam.js';
import type { KeyStoreLocalHostedParams as _xks_admin_v1_KeyStoreLocalHostedParams, KeyStoreLocalHostedParams__Output as _xks_admin_v1_KeyStoreLocalHostedParams__Output } from '../../../xks/admin/v1/KeyStoreLocalHostedParams.js';
import type { AuthorizationRule as _xks_admin_v1_AuthorizationRule, AuthorizationRule__Output as _xks_admin_v1_AuthorizationRule__Output } from '../../../xks/admin/v1/AuthorizationRule.js';
import type { CredentialRotationJob as _xks_admin_v1_CredentialRotationJob, CredentialRotationJob__Output as _xks_admin_v1_CredentialRotationJob__Output } from '../../../xks/admin/v1/CredentialRotationJob.js';

export interface KeyStore {
  'id'?: (string);
  'createdAt'?: (string);
  'updatedAt'?: (string);
  'name'?: (string);
  'kms'?: (string);
  'region'?: (string);
  'type'?: (string);
  'credential_version'?: (number);
  'credential_count'?: (number);
  'cloud_name'?: (string);
  'aws_param'?: (_xks_admin_v1_KeyStoreAwsParam | null);
  'local_hosted_params'?: (_xks_admin_v1_KeyStoreLocalHostedParams | null);
  'enable_success_audit_event'?: (boolean);
  /**
   * Filled only in the answer to Create: the store's first credential (secret shown once).
   */
  'access_key_id'?: (string);
  'secret_access_key'?: (string);
  'proxy_configuration'?: (string);
  /**
   * authorization rules on XKS request metadata (none: every authenticated request is allowed)
   */
  'authorization_rules'?: (_xks_admin_v1_AuthorizationRule)[];
  /**
   * the seed's labels: job_config_id while a credential rotation job is enabled (answers)
   */
  'labels'?: ({[key: string]: string});
  /**
   * the store's scheduled credential rotation and its progress (answers; absent: none)
   */
  'credential_rotation_job'?: (_xks_admin_v1_CredentialRotationJob | null);
}

export interface KeyStore__Output {
  'id': (string);
  'createdAt': (string);
  'updatedAt': (string);
  'name': (string);
  'kms': (string);
  'region': (string);
  'type': (string);
  'credential_version': (number);
  'credential_count': (number);
  'cloud_name': (string);
  'aws_param': (_xks_admin_v1_KeyStoreAwsParam__Output | null);
  'local_hosted_params': (_xks_admin_v1_KeyStoreLocalHostedParams__Output | null);
  'enable_success_audit_event': (boolean);
  /**
   * Filled only in the answer to Create: the store's first credential (secret shown once).
   */
  'access_key_id': (string);
  'secret_access_key': (string);
  'proxy_configuration': (string);
  /**
   * authorization rules on XKS request metadata (none: every authenticated request is allowed)
   */
  'authorization_rules': (_xks_admin_v1_AuthorizationRule__Output)[];
  /**
   * the seed's labels: job_config_id while a credential rotation job is enabled (answers)
   */
  'labels': ({[key: string]: string});
  /**
   * the store's scheduled credential rotation and its progress (answers; absent: none)
   */
  'credential_rotation_job': (_xks_admin_v1_CredentialRotationJob__Output | null);
}
