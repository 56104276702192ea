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
