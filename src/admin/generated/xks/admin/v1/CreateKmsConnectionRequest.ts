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
   * "static" (default when an access key is given) or "default-chain"
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
   * "static" (default when an access key is given) or "default-chain"
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
}
