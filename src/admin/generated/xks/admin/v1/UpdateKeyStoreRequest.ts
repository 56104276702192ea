// Original file: proto/xks_admin.proto

import type { UpdateKeyStoreLocalHostedParams as _xks_admin_v1_UpdateKeyStoreLocalHostedParams, UpdateKeyStoreLocalHostedParams__Output as _xks_admin_v1_UpdateKeyStoreLocalHostedParams__Output } from '../../../xks/admin/v1/UpdateKeyStoreLocalHostedParams.js';
import type { UpdateKeyStoreAwsParam as _xks_admin_v1_UpdateKeyStoreAwsParam, UpdateKeyStoreAwsParam__Output as _xks_admin_v1_UpdateKeyStoreAwsParam__Output } from '../../../xks/admin/v1/UpdateKeyStoreAwsParam.js';
import type { AuthorizationRule as _xks_admin_v1_AuthorizationRule, AuthorizationRule__Output as _xks_admin_v1_AuthorizationRule__Output } from '../../../xks/admin/v1/AuthorizationRule.js';

export interface UpdateKeyStoreRequest {
  /**
   * required: the key store's id
   */
  'id'?: (string);
  /**
   * new unique name
   */
  'name'?: (string);
  'local_hosted_params'?: (_xks_admin_v1_UpdateKeyStoreLocalHostedParams | null);
  'aws_param'?: (_xks_admin_v1_UpdateKeyStoreAwsParam | null);
  /**
   * also audit successful XKS operations
   */
  'enable_success_audit_event'?: (boolean);
  /**
   * the AWS connection by name or id (or a bare 12-digit AWS account id); a linked store keeps its
   * account and takes only a connection of that account serving its region
   */
  'kms'?: (string);
  /**
   * an AWS region name
   */
  'region'?: (string);
  /**
   * replaces all the store's authorization rules (at most 100), as JSON: [{"principal":
   * "arn:aws:iam::111122223333:role/app-*", "operations": ["Encrypt"], "via_services": ["ebs"]}];
   * an update without it keeps them. Live when the call answers
   */
  'authorization_rules'?: (_xks_admin_v1_AuthorizationRule)[];
  /**
   * removes every authorization rule (every authenticated request allowed again); not together
   * with authorization_rules
   */
  'clear_authorization_rules'?: (boolean);
  '_name'?: "name";
  '_enable_success_audit_event'?: "enable_success_audit_event";
  '_kms'?: "kms";
  '_region'?: "region";
}

export interface UpdateKeyStoreRequest__Output {
  /**
   * required: the key store's id
   */
  'id': (string);
  /**
   * new unique name
   */
  'name'?: (string);
  'local_hosted_params': (_xks_admin_v1_UpdateKeyStoreLocalHostedParams__Output | null);
  'aws_param': (_xks_admin_v1_UpdateKeyStoreAwsParam__Output | null);
  /**
   * also audit successful XKS operations
   */
  'enable_success_audit_event'?: (boolean);
  /**
   * the AWS connection by name or id (or a bare 12-digit AWS account id); a linked store keeps its
   * account and takes only a connection of that account serving its region
   */
  'kms'?: (string);
  /**
   * an AWS region name
   */
  'region'?: (string);
  /**
   * replaces all the store's authorization rules (at most 100), as JSON: [{"principal":
   * "arn:aws:iam::111122223333:role/app-*", "operations": ["Encrypt"], "via_services": ["ebs"]}];
   * an update without it keeps them. Live when the call answers
   */
  'authorization_rules': (_xks_admin_v1_AuthorizationRule__Output)[];
  /**
   * removes every authorization rule (every authenticated request allowed again); not together
   * with authorization_rules
   */
  'clear_authorization_rules': (boolean);
  '_name'?: "name";
  '_enable_success_audit_event'?: "enable_success_audit_event";
  '_kms'?: "kms";
  '_region'?: "region";
}
