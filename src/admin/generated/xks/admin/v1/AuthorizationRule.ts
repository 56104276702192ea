// Original file: proto/xks_admin.proto


/**
 * One authorization rule of a key store, on the requestMetadata AWS KMS sends with each XKS call.
 * A store without rules allows every authenticated request. With rules, a request is allowed when
 * at least one rule matches; a rule matches when every condition it sets matches (a rule sets at
 * least one). Refused requests get 403 AccessDeniedException and an audit record. GetHealthStatus
 * is exempt. Rules are checked before the key is looked up.
 */
export interface AuthorizationRule {
  /**
   * awsPrincipalArn: an exact ARN ("arn:aws:iam::111122223333:role/app"), or a prefix ending in
   * "*" ("arn:aws:iam::111122223333:role/app-*"; "*" only at the end); empty = any principal
   */
  'principal'?: (string);
  /**
   * kmsOperation names, exact ("Encrypt", "GenerateDataKey", "Decrypt", "ReEncrypt", "DescribeKey",
   * "CreateKey", ...; not checked against a list: KMS may add operations); empty = any operation
   */
  'operations'?: (string)[];
  /**
   * kmsViaService values, exact ("ebs", "rds", ...); empty = any. When set, a request without
   * kmsViaService (a direct call to KMS) does not match this rule
   */
  'via_services'?: (string)[];
}

/**
 * One authorization rule of a key store, on the requestMetadata AWS KMS sends with each XKS call.
 * A store without rules allows every authenticated request. With rules, a request is allowed when
 * at least one rule matches; a rule matches when every condition it sets matches (a rule sets at
 * least one). Refused requests get 403 AccessDeniedException and an audit record. GetHealthStatus
 * is exempt. Rules are checked before the key is looked up.
 */
export interface AuthorizationRule__Output {
  /**
   * awsPrincipalArn: an exact ARN ("arn:aws:iam::111122223333:role/app"), or a prefix ending in
   * "*" ("arn:aws:iam::111122223333:role/app-*"; "*" only at the end); empty = any principal
   */
  'principal': (string);
  /**
   * kmsOperation names, exact ("Encrypt", "GenerateDataKey", "Decrypt", "ReEncrypt", "DescribeKey",
   * "CreateKey", ...; not checked against a list: KMS may add operations); empty = any operation
   */
  'operations': (string)[];
  /**
   * kmsViaService values, exact ("ebs", "rds", ...); empty = any. When set, a request without
   * kmsViaService (a direct call to KMS) does not match this rule
   */
  'via_services': (string)[];
}
