// Original file: proto/xks_admin.proto


export interface CredentialRef {
  'custom_key_store_id'?: (string);
  'id'?: (string);
}

export interface CredentialRef__Output {
  'custom_key_store_id': (string);
  'id': (string);
}
