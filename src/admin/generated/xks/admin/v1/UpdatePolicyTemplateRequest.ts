// Original file: proto/xks_admin.proto


export interface UpdatePolicyTemplateRequest {
  /**
   * required: the template's id or name
   */
  'id'?: (string);
  /**
   * new unique name
   */
  'name'?: (string);
  /**
   * the AWS connection (name or id) whose account the template is now for
   */
  'kms'?: (string);
  /**
   * the 12-digit AWS account the template is now for ("" = any)
   */
  'account_id'?: (string);
  /**
   * a new key policy document; replaces the content (exclusive with the lists)
   */
  'policy'?: (string);
  /**
   * any of the lists given: they replace the content (lists not given become empty)
   */
  'key_admins'?: (string)[];
  'key_admins_roles'?: (string)[];
  'key_users'?: (string)[];
  'key_users_roles'?: (string)[];
  'external_accounts'?: (string)[];
  '_name'?: "name";
  '_kms'?: "kms";
  '_account_id'?: "account_id";
  '_policy'?: "policy";
}

export interface UpdatePolicyTemplateRequest__Output {
  /**
   * required: the template's id or name
   */
  'id': (string);
  /**
   * new unique name
   */
  'name'?: (string);
  /**
   * the AWS connection (name or id) whose account the template is now for
   */
  'kms'?: (string);
  /**
   * the 12-digit AWS account the template is now for ("" = any)
   */
  'account_id'?: (string);
  /**
   * a new key policy document; replaces the content (exclusive with the lists)
   */
  'policy'?: (string);
  /**
   * any of the lists given: they replace the content (lists not given become empty)
   */
  'key_admins': (string)[];
  'key_admins_roles': (string)[];
  'key_users': (string)[];
  'key_users_roles': (string)[];
  'external_accounts': (string)[];
  '_name'?: "name";
  '_kms'?: "kms";
  '_account_id'?: "account_id";
  '_policy'?: "policy";
}
