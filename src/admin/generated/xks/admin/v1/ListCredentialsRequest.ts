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
