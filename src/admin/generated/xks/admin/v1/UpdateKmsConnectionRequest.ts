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
   * "static" or "default-chain"
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
  '_name'?: "name";
  '_auth_type'?: "auth_type";
  '_access_key_id'?: "access_key_id";
  '_secret_access_key'?: "secret_access_key";
  '_endpoint'?: "endpoint";
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
   * "static" or "default-chain"
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
  '_name'?: "name";
  '_auth_type'?: "auth_type";
  '_access_key_id'?: "access_key_id";
  '_secret_access_key'?: "secret_access_key";
  '_endpoint'?: "endpoint";
}
