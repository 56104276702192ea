// Original file: proto/xks_admin.proto

import type { HyokLocalHostedParams as _xks_admin_v1_HyokLocalHostedParams, HyokLocalHostedParams__Output as _xks_admin_v1_HyokLocalHostedParams__Output } from '../../../xks/admin/v1/HyokLocalHostedParams.js';
import type { HyokAwsParam as _xks_admin_v1_HyokAwsParam, HyokAwsParam__Output as _xks_admin_v1_HyokAwsParam__Output } from '../../../xks/admin/v1/HyokAwsParam.js';

export interface HyokKey {
  /**
   * the externalKeyId AWS KMS uses (XksKeyConfiguration.Id)
   */
  'id'?: (string);
  'createdAt'?: (string);
  'updatedAt'?: (string);
  'kms'?: (string);
  'region'?: (string);
  'cloud_name'?: (string);
  'key_source'?: (string);
  'blocked'?: (boolean);
  'linked_state'?: (boolean);
  'custom_key_store_id'?: (string);
  'locally_hosted'?: (boolean);
  'local_hosted_params'?: (_xks_admin_v1_HyokLocalHostedParams | null);
  'aws_param'?: (_xks_admin_v1_HyokAwsParam | null);
  'external_accounts'?: (string)[];
  'key_admins'?: (string)[];
  'key_admins_roles'?: (string)[];
  'key_users'?: (string)[];
  'key_users_roles'?: (string)[];
  'policytemplate'?: (string);
}

export interface HyokKey__Output {
  /**
   * the externalKeyId AWS KMS uses (XksKeyConfiguration.Id)
   */
  'id': (string);
  'createdAt': (string);
  'updatedAt': (string);
  'kms': (string);
  'region': (string);
  'cloud_name': (string);
  'key_source': (string);
  'blocked': (boolean);
  'linked_state': (boolean);
  'custom_key_store_id': (string);
  'locally_hosted': (boolean);
  'local_hosted_params': (_xks_admin_v1_HyokLocalHostedParams__Output | null);
  'aws_param': (_xks_admin_v1_HyokAwsParam__Output | null);
  'external_accounts': (string)[];
  'key_admins': (string)[];
  'key_admins_roles': (string)[];
  'key_users': (string)[];
  'key_users_roles': (string)[];
  'policytemplate': (string);
}
