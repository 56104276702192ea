// Original file: proto/xks_admin.proto


export interface CredentialRef {
  /**
   * required: the key store's id
   */
  'custom_key_store_id'?: (string);
  /**
   * required: the credential's id
   */
  'id'?: (string);
}

export interface CredentialRef__Output {
  /**
   * required: the key store's id
   */
  'custom_key_store_id': (string);
  /**
   * required: the credential's id
   */
  'id': (string);
}
