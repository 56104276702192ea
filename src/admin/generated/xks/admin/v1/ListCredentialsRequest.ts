// Original file: proto/xks_admin.proto


export interface ListCredentialsRequest {
  'custom_key_store_id'?: (string);
  'access_key_id'?: (string);
  'skip'?: (number);
  'limit'?: (number);
  'sort'?: (string);
}

export interface ListCredentialsRequest__Output {
  'custom_key_store_id': (string);
  'access_key_id': (string);
  'skip': (number);
  'limit': (number);
  'sort': (string);
}
