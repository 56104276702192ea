// Original file: proto/xks_admin.proto


export interface ListVirtualKeysRequest {
  'id'?: (string);
  'partition_id'?: (string);
  'source_key_id'?: (string);
  'partition_label'?: (string);
  'skip'?: (number);
  'limit'?: (number);
  'sort'?: (string);
}

export interface ListVirtualKeysRequest__Output {
  'id': (string);
  'partition_id': (string);
  'source_key_id': (string);
  'partition_label': (string);
  'skip': (number);
  'limit': (number);
  'sort': (string);
}
