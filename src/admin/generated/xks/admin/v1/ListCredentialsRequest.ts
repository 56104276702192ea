// Original file: proto/xks_admin.proto


export interface ListCredentialsRequest {
  /**
   * required: the key store's id
   */
  'custom_key_store_id'?: (string);
  /**
   * filter by access key id
   */
  'access_key_id'?: (string);
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

export interface ListCredentialsRequest__Output {
  /**
   * required: the key store's id
   */
  'custom_key_store_id': (string);
  /**
   * filter by access key id
   */
  'access_key_id': (string);
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
