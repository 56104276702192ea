// Original file: proto/xks_admin.proto


export interface ConnectKeyStoreRequest {
  /**
   * required: the key store's id
   */
  'id'?: (string);
  /**
   * how long to wait for AWS to settle the connection, 0..600 seconds (0 = default 20); a store
   * still CONNECTING then is answered and recorded as such (raise the CLI's --timeout to wait longer)
   */
  'wait_seconds'?: (number);
}

export interface ConnectKeyStoreRequest__Output {
  /**
   * required: the key store's id
   */
  'id': (string);
  /**
   * how long to wait for AWS to settle the connection, 0..600 seconds (0 = default 20); a store
   * still CONNECTING then is answered and recorded as such (raise the CLI's --timeout to wait longer)
   */
  'wait_seconds': (number);
}
