// Original file: proto/xks_admin.proto


/**
 * a reusable key policy (the seeds' policytemplate): a key policy document, or IAM principals the
 * proxy composes into one as AWS's console does
 */
export interface PolicyTemplate {
  'id'?: (string);
  'createdAt'?: (string);
  'updatedAt'?: (string);
  'name'?: (string);
  /**
   * the 12-digit AWS account the template is for; "" = any (names become principals of the key's account)
   */
  'account_id'?: (string);
  /**
   * a key policy JSON document (exclusive with the principal lists)
   */
  'policy'?: (string);
  'key_admins'?: (string)[];
  'key_admins_roles'?: (string)[];
  'key_users'?: (string)[];
  'key_users_roles'?: (string)[];
  'external_accounts'?: (string)[];
}

/**
 * a reusable key policy (the seeds' policytemplate): a key policy document, or IAM principals the
 * proxy composes into one as AWS's console does
 */
export interface PolicyTemplate__Output {
  'id': (string);
  'createdAt': (string);
  'updatedAt': (string);
  'name': (string);
  /**
   * the 12-digit AWS account the template is for; "" = any (names become principals of the key's account)
   */
  'account_id': (string);
  /**
   * a key policy JSON document (exclusive with the principal lists)
   */
  'policy': (string);
  'key_admins': (string)[];
  'key_admins_roles': (string)[];
  'key_users': (string)[];
  'key_users_roles': (string)[];
  'external_accounts': (string)[];
}
