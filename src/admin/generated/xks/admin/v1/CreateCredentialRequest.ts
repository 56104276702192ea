// Original file: proto/xks_admin.proto


export interface CreateCredentialRequest {
  /**
   * required: the key store's id
   */
  'custom_key_store_id'?: (string);
}

export interface CreateCredentialRequest__Output {
  /**
   * required: the key store's id
   */
  'custom_key_store_id': (string);
}
