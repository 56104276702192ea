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
