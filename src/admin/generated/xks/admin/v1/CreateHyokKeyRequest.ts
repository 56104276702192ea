// Original file: proto/xks_admin.proto

import type { HyokLocalHostedParams as _xks_admin_v1_HyokLocalHostedParams, HyokLocalHostedParams__Output as _xks_admin_v1_HyokLocalHostedParams__Output } from '../../../xks/admin/v1/HyokLocalHostedParams.js';
import type { HyokAwsParam as _xks_admin_v1_HyokAwsParam, HyokAwsParam__Output as _xks_admin_v1_HyokAwsParam__Output } from '../../../xks/admin/v1/HyokAwsParam.js';

export interface CreateHyokKeyRequest {
  /**
   * required: where the key lives
   */
  'local_hosted_params'?: (_xks_admin_v1_HyokLocalHostedParams | null);
  'aws_param'?: (_xks_admin_v1_HyokAwsParam | null);
  /**
   * AWS accounts that may use the key
   */
  'external_accounts'?: (string)[];
  /**
   * IAM users administering the key
   */
  'key_admins'?: (string)[];
  /**
   * IAM roles administering the key
   */
  'key_admins_roles'?: (string)[];
  /**
   * IAM users using the key
   */
  'key_users'?: (string)[];
  /**
   * IAM roles using the key
   */
  'key_users_roles'?: (string)[];
  /**
   * policy template id or name (exclusive with every other policy parameter)
   */
  'policytemplate'?: (string);
}

export interface CreateHyokKeyRequest__Output {
  /**
   * required: where the key lives
   */
  'local_hosted_params': (_xks_admin_v1_HyokLocalHostedParams__Output | null);
  'aws_param': (_xks_admin_v1_HyokAwsParam__Output | null);
  /**
   * AWS accounts that may use the key
   */
  'external_accounts': (string)[];
  /**
   * IAM users administering the key
   */
  'key_admins': (string)[];
  /**
   * IAM roles administering the key
   */
  'key_admins_roles': (string)[];
  /**
   * IAM users using the key
   */
  'key_users': (string)[];
  /**
   * IAM roles using the key
   */
  'key_users_roles': (string)[];
  /**
   * policy template id or name (exclusive with every other policy parameter)
   */
  'policytemplate': (string);
}
