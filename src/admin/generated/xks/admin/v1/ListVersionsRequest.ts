// Original file: proto/xks_admin.proto


export interface ListVersionsRequest {
  /**
   * required: the virtual key's (or HYOK key's) id
   */
  'id'?: (string);
  /**
   * only versions in this partition
   */
  'partition_id'?: (string);
  /**
   * only versions backed by this source key
   */
  'source_key_id'?: (string);
  /**
   * only versions in this partition (by label)
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

export interface ListVersionsRequest__Output {
  /**
   * required: the virtual key's (or HYOK key's) id
   */
  'id': (string);
  /**
   * only versions in this partition
   */
  'partition_id': (string);
  /**
   * only versions backed by this source key
   */
  'source_key_id': (string);
  /**
   * only versions in this partition (by label)
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
