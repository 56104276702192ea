// Original file: proto/xks_admin.proto

import type { HyokAwsParam as _xks_admin_v1_HyokAwsParam, HyokAwsParam__Output as _xks_admin_v1_HyokAwsParam__Output } from '../../../xks/admin/v1/HyokAwsParam.js';

/**
 * the seed's link: the key's own parameters, or these given here instead (mutually exclusive
 * policy parameters as on create; given ones replace what the key was created with)
 */
export interface LinkHyokKeyRequest {
  /**
   * required: the HYOK key's id
   */
  'id'?: (string);
  /**
   * Alias, Description, Tags, Policy, BypassPolicyLockoutSafetyCheck (a linked key whose alias is
   * missing takes a new Alias only)
   */
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
   * policy template id or name
   */
  'policytemplate'?: (string);
}

/**
 * the seed's link: the key's own parameters, or these given here instead (mutually exclusive
 * policy parameters as on create; given ones replace what the key was created with)
 */
export interface LinkHyokKeyRequest__Output {
  /**
   * required: the HYOK key's id
   */
  'id': (string);
  /**
   * Alias, Description, Tags, Policy, BypassPolicyLockoutSafetyCheck (a linked key whose alias is
   * missing takes a new Alias only)
   */
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
   * policy template id or name
   */
  'policytemplate': (string);
}
