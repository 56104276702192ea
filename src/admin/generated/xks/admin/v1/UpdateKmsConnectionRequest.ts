// Original file: proto/xks_admin.proto


export interface UpdateKmsConnectionRequest {
  /**
   * required: the connection's id
   */
  'id'?: (string);
  /**
   * new unique name
   */
  'name'?: (string);
  /**
   * replaces the regions (none given: kept)
   */
  'regions'?: (string)[];
  /**
   * "static", "default-chain" or "assume-role"
   */
  'auth_type'?: (string);
  /**
   * a new access key id (with its secret_access_key)
   */
  'access_key_id'?: (string);
  /**
   * a new AWS secret access key
   */
  'secret_access_key'?: (string);
  /**
   * a new endpoint URL ("" = AWS's endpoint)
   */
  'endpoint'?: (string);
  /**
   * assume-role (issue 12, AWS connections by role): a new role ARN (in the connection's account)
   */
  'assume_role_arn'?: (string);
  /**
   * assume-role: a new external id ("" = none)
   */
  'external_id'?: (string);
  '_name'?: "name";
  '_auth_type'?: "auth_type";
  '_access_key_id'?: "access_key_id";
  '_secret_access_key'?: "secret_access_key";
  '_endpoint'?: "endpoint";
  '_assume_role_arn'?: "assume_role_arn";
  '_external_id'?: "external_id";
}

export interface UpdateKmsConnectionRequest__Output {
  /**
   * required: the connection's id
   */
  'id': (string);
  /**
   * new unique name
   */
  'name'?: (string);
  /**
   * replaces the regions (none given: kept)
   */
  'regions': (string)[];
  /**
   * "static", "default-chain" or "assume-role"
   */
  'auth_type'?: (string);
  /**
   * a new access key id (with its secret_access_key)
   */
  'access_key_id'?: (string);
  /**
   * a new AWS secret access key
   */
  'secret_access_key'?: (string);
  /**
   * a new endpoint URL ("" = AWS's endpoint)
   */
  'endpoint'?: (string);
  /**
   * assume-role (issue 12, AWS connections by role): a new role ARN (in the connection's account)
   */
  'assume_role_arn'?: (string);
  /**
   * assume-role: a new external id ("" = none)
   */
  'external_id'?: (string);
  '_name'?: "name";
  '_auth_type'?: "auth_type";
  '_access_key_id'?: "access_key_id";
  '_secret_access_key'?: "secret_access_key";
  '_endpoint'?: "endpoint";
  '_assume_role_arn'?: "assume_role_arn";
  '_external_id'?: "external_id";
}
