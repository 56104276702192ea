// Original file: proto/xks_admin.proto


export interface ListSourceKeysRequest {
  /**
   * filter by tier
   */
  'source_key_tier'?: (string);
  /**
   * with a luna partition: the token's own keys are listed too, merged with registered ones
   */
  'partition_id'?: (string);
  /**
   * filter by label
   */
  'label'?: (string);
  /**
   * filter by id
   */
  'id'?: (string);
  /**
   * 0.. (offset into the result)
   */
  'skip'?: (number);
  /**
   * 1..1000; 0 = default 10
   */
  'limit'?: (number);
  /**
   * up to 8 comma-separated sortable fields, "-" for descending ("name,-createdAt")
   */
  'sort'?: (string);
}

export interface ListSourceKeysRequest__Output {
  /**
   * filter by tier
   */
  'source_key_tier': (string);
  /**
   * with a luna partition: the token's own keys are listed too, merged with registered ones
   */
  'partition_id': (string);
  /**
   * filter by label
   */
  'label': (string);
  /**
   * filter by id
   */
  'id': (string);
  /**
   * 0.. (offset into the result)
   */
  'skip': (number);
  /**
   * 1..1000; 0 = default 10
   */
  'limit': (number);
  /**
   * up to 8 comma-separated sortable fields, "-" for descending ("name,-createdAt")
   */
  'sort': (string);
}
