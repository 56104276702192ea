// Original file: proto/xks_admin.proto


export interface ListKeyStoresRequest {
  'id'?: (string);
  'name'?: (string);
  'kms'?: (string);
  'region'?: (string);
  'type'?: (string);
  'blocked'?: (boolean);
  'linked_state'?: (boolean);
  'xks_proxy_connectivity'?: (string);
  'connection_state'?: (string);
  'source_key_tier'?: (string);
  'custom_key_store_type'?: (string);
  'skip'?: (number);
  'limit'?: (number);
  'sort'?: (string);
  '_blocked'?: "blocked";
  '_linked_state'?: "linked_state";
}

export interface ListKeyStoresRequest__Output {
  'id': (string);
  'name': (string);
  'kms': (string);
  'region': (string);
  'type': (string);
  'blocked'?: (boolean);
  'linked_state'?: (boolean);
  'xks_proxy_connectivity': (string);
  'connection_state': (string);
  'source_key_tier': (string);
  'custom_key_store_type': (string);
  'skip': (number);
  'limit': (number);
  'sort': (string);
  '_blocked'?: "blocked";
  '_linked_state'?: "linked_state";
}
