// Original file: proto/xks_admin.proto


export interface CreateKmsConnectionRequest {
  /**
   * required: unique name, 1..128 characters
   */
  'name'?: (string);
  /**
   * required: the 12-digit AWS account id
   */
  'account_id'?: (string);
  /**
   * required: the AWS regions this connection serves (us-east-1, eu-central-1, ...)
   */
  'regions'?: (string)[];
  /**
   * "static" (default when an access key is given), "default-chain" or "assume-role"
   */
  'auth_type'?: (string);
  /**
   * static: the AWS access key id
   */
  'access_key_id'?: (string);
  /**
   * static: the AWS secret access key (sealed at rest, never answered)
   */
  'secret_access_key'?: (string);
  /**
   * AWS KMS endpoint URL (https://, or http:// on loopback only); empty = AWS's endpoint
   */
  'endpoint'?: (string);
  /**
   * assume-role (issue 12, AWS connections by role): arn:aws:iam::<account_id>:role/<name>, in the
   * connection's account; the source credentials that assume it are the access key when one is
   * given, otherwise the host's default AWS credential chain; STS goes to the endpoint when one is set
   */
  'assume_role_arn'?: (string);
  /**
   * assume-role: the external id the role's trust policy requires (2..1224 of [\w+=,.@:/-])
   */
  'external_id'?: (string);
}

export interface CreateKmsConnectionRequest__Output {
  /**
   * required: unique name, 1..128 characters
   */
  'name': (string);
  /**
   * required: the 12-digit AWS account id
   */
  'account_id': (string);
  /**
   * required: the AWS regions this connection serves (us-east-1, eu-central-1, ...)
   */
  'regions': (string)[];
  /**
   * "static" (default when an access key is given), "default-chain" or "assume-role"
   */
  'auth_type': (string);
  /**
   * static: the AWS access key id
   */
  'access_key_id': (string);
  /**
   * static: the AWS secret access key (sealed at rest, never answered)
   */
  'secret_access_key': (string);
  /**
   * AWS KMS endpoint URL (https://, or http:// on loopback only); empty = AWS's endpoint
   */
  'endpoint': (string);
  /**
   * assume-role (issue 12, AWS connections by role): arn:aws:iam::<account_id>:role/<name>, in the
   * connection's account; the source credentials that assume it are the access key when one is
   * given, otherwise the host's default AWS credential chain; STS goes to the endpoint when one is set
   */
  'assume_role_arn': (string);
  /**
   * assume-role: the external id the role's trust policy requires (2..1224 of [\w+=,.@:/-])
   */
  'external_id': (string);
}
