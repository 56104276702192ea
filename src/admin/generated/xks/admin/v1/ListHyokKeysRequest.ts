// Original file: proto/xks_admin.proto


export interface ListHyokKeysRequest {
  'id'?: (string);
  'custom_key_store_id'?: (string);
  'virtual_key_id'?: (string);
  'blocked'?: (boolean);
  'linked_state'?: (boolean);
  'kms'?: (string);
  'region'?: (string);
  'skip'?: (number);
  'limit'?: (number);
  'sort'?: (string);
  '_blocked'?: "blocked";
  '_linked_state'?: "linked_state";
}

export interface ListHyokKeysRequest__Output {
  'id': (string);
  'custom_key_store_id': (string);
  'virtual_key_id': (string);
  'blocked'?: (boolean);
  'linked_state'?: (boolean);
  'kms': (string);
  'region': (string);
  'skip': (number);
  'limit': (number);
  'sort': (string);
  '_blocked'?: "blocked";
  '_linked_state'?: "linked_state";
}
