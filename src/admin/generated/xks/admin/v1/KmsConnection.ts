// Original file: proto/xks_admin.proto


/**
 * how the proxy reaches AWS KMS for one AWS account (the seeds' "kms")
 */
export interface KmsConnection {
  'id'?: (string);
  'createdAt'?: (string);
  'updatedAt'?: (string);
  'name'?: (string);
  /**
   * the 12-digit AWS account
   */
  'account_id'?: (string);
  'regions'?: (string)[];
  /**
   * "static" (an access key, its secret sealed at rest) or "default-chain" (the host's AWS
   * credential chain: environment, shared files, instance profile, ...)
   */
  'auth_type'?: (string);
  /**
   * static: the access key id (the secret is never answered)
   */
  'access_key_id'?: (string);
  /**
   * AWS KMS endpoint URL (VPC interface endpoint, FIPS endpoint, an emulator); empty = AWS's
   * endpoint for the region
   */
  'endpoint'?: (string);
  /**
   * assume-role (issue 12, AWS connections by role): the IAM role assumed through STS (its account
   * is the connection's), and the external id the role's trust policy requires ("" = none; AWS
   * does not treat it as a secret)
   */
  'assume_role_arn'?: (string);
  'external_id'?: (string);
}

/**
 * how the proxy reaches AWS KMS for one AWS account (the seeds' "kms")
 */
export interface KmsConnection__Output {
  'id': (string);
  'createdAt': (string);
  'updatedAt': (string);
  'name': (string);
  /**
   * the 12-digit AWS account
   */
  'account_id': (string);
  'regions': (string)[];
  /**
   * "static" (an access key, its secret sealed at rest) or "default-chain" (the host's AWS
   * credential chain: environment, shared files, instance profile, ...)
   */
  'auth_type': (string);
  /**
   * static: the access key id (the secret is never answered)
   */
  'access_key_id': (string);
  /**
   * AWS KMS endpoint URL (VPC interface endpoint, FIPS endpoint, an emulator); empty = AWS's
   * endpoint for the region
   */
  'endpoint': (string);
  /**
   * assume-role (issue 12, AWS connections by role): the IAM role assumed through STS (its account
   * is the connection's), and the external id the role's trust policy requires ("" = none; AWS
   * does not treat it as a secret)
   */
  'assume_role_arn': (string);
  'external_id': (string);
}
