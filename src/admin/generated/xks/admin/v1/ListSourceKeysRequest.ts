// Original file: proto/xks_admin.proto


export interface ListSourceKeysRequest {
  'source_key_tier'?: (string);
  /**
   * with a luna partition: the token's own keys are listed too, merged with registered ones
   */
  'partition_id'?: (string);
  'label'?: (string);
  'id'?: (string);
  'skip'?: (number);
  'limit'?: (number);
  'sort'?: (string);
}

export interface ListSourceKeysRequest__Output {
  'source_key_tier': (string);
  /**
   * with a luna partition: the token's own keys are listed too, merged with registered ones
   */
  'partition_id': (string);
  'label': (string);
  'id': (string);
  'skip': (number);
  'limit': (number);
  'sort': (string);
}
