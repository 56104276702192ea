// Original file: proto/xks_admin.proto

import type { HyokLocalHostedParams as _xks_admin_v1_HyokLocalHostedParams, HyokLocalHostedParams__Output as _xks_admin_v1_HyokLocalHostedParams__Output } from '../../../xks/admin/v1/HyokLocalHostedParams.js';
import type { HyokAwsParam as _xks_admin_v1_HyokAwsParam, HyokAwsParam__Output as _xks_admin_v1_HyokAwsParam__Output } from '../../../xks/admin/v1/HyokAwsParam.js';

export interface CreateHyokKeyRequest {
  'local_hosted_params'?: (_xks_admin_v1_HyokLocalHostedParams | null);
  'aws_param'?: (_xks_admin_v1_HyokAwsParam | null);
  'external_accounts'?: (string)[];
  'key_admins'?: (string)[];
  'key_admins_roles'?: (string)[];
  'key_users'?: (string)[];
  'key_users_roles'?: (string)[];
  'policytemplate'?: (string);
}

export interface CreateHyokKeyRequest__Output {
  'local_hosted_params': (_xks_admin_v1_HyokLocalHostedParams__Output | null);
  'aws_param': (_xks_admin_v1_HyokAwsParam__Output | null);
  'external_accounts': (string)[];
  'key_admins': (string)[];
  'key_admins_roles': (string)[];
  'key_users': (string)[];
  'key_users_roles': (string)[];
  'policytemplate': (string);
}
