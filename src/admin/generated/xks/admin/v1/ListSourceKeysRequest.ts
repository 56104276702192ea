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
   * index of the first resource to return
   */
  'skip'?: (number);
  /**
   * max resources to return (default 10, max 1000)
   */
  'limit'?: (number);
  /**
   * comma list of fields, "-" for descending, e.g. name,-createdAt
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
   * index of the first resource to return
   */
  'skip': (number);
  /**
   * max resources to return (default 10, max 1000)
   */
  'limit': (number);
  /**
   * comma list of fields, "-" for descending, e.g. name,-createdAt
   */
  'sort': (string);
}
