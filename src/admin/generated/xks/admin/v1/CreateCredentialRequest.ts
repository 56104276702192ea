// Original file: proto/xks_admin.proto


export interface CreateCredentialRequest {
  'custom_key_store_id'?: (string);
}

export interface CreateCredentialRequest__Output {
  'custom_key_store_id': (string);
}
