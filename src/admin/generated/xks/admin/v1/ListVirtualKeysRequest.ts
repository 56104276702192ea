// Original file: proto/xks_admin.proto


export interface ListVirtualKeysRequest {
  /**
   * filter by id
   */
  'id'?: (string);
  /**
   * filter by partition
   */
  'partition_id'?: (string);
  /**
   * filter by source key (any version)
   */
  'source_key_id'?: (string);
  /**
   * filter by partition label
   */
  'partition_label'?: (string);
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

export interface ListVirtualKeysRequest__Output {
  /**
   * filter by id
   */
  'id': (string);
  /**
   * filter by partition
   */
  'partition_id': (string);
  /**
   * filter by source key (any version)
   */
  'source_key_id': (string);
  /**
   * filter by partition label
   */
  'partition_label': (string);
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
