// Original file: proto/xks_admin.proto


export interface CreatePolicyTemplateRequest {
  /**
   * required: unique name, 1..128 characters
   */
  'name'?: (string);
  /**
   * the AWS connection (name or id) whose account the template is for
   */
  'kms'?: (string);
  /**
   * or the 12-digit AWS account itself (empty with no kms: any account)
   */
  'account_id'?: (string);
  /**
   * a key policy JSON document; exclusive with the principal lists
   */
  'policy'?: (string);
  /**
   * IAM users administering keys (names or IAM user ARNs)
   */
  'key_admins'?: (string)[];
  /**
   * IAM roles administering keys (names, with path, or IAM role ARNs)
   */
  'key_admins_roles'?: (string)[];
  /**
   * IAM users using keys
   */
  'key_users'?: (string)[];
  /**
   * IAM roles using keys
   */
  'key_users_roles'?: (string)[];
  /**
   * 12-digit AWS accounts using keys
   */
  'external_accounts'?: (string)[];
}

export interface CreatePolicyTemplateRequest__Output {
  /**
   * required: unique name, 1..128 characters
   */
  'name': (string);
  /**
   * the AWS connection (name or id) whose account the template is for
   */
  'kms': (string);
  /**
   * or the 12-digit AWS account itself (empty with no kms: any account)
   */
  'account_id': (string);
  /**
   * a key policy JSON document; exclusive with the principal lists
   */
  'policy': (string);
  /**
   * IAM users administering keys (names or IAM user ARNs)
   */
  'key_admins': (string)[];
  /**
   * IAM roles administering keys (names, with path, or IAM role ARNs)
   */
  'key_admins_roles': (string)[];
  /**
   * IAM users using keys
   */
  'key_users': (string)[];
  /**
   * IAM roles using keys
   */
  'key_users_roles': (string)[];
  /**
   * 12-digit AWS accounts using keys
   */
  'external_accounts': (string)[];
}
