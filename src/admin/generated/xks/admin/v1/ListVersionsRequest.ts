// Original file: proto/xks_admin.proto


export interface ListVersionsRequest {
  'id'?: (string);
  'partition_id'?: (string);
  'source_key_id'?: (string);
  'partition_label'?: (string);
  'skip'?: (number);
  'limit'?: (number);
  'sort'?: (string);
}

export interface ListVersionsRequest__Output {
  'id': (string);
  'partition_id': (string);
  'source_key_id': (string);
  'partition_label': (string);
  'skip': (number);
  'limit': (number);
  'sort': (string);
}
