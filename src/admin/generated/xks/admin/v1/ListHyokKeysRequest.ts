// Original file: proto/xks_admin.proto


export interface ListHyokKeysRequest {
  /**
   * filter by id
   */
  'id'?: (string);
  /**
   * filter by key store
   */
  'custom_key_store_id'?: (string);
  /**
   * filter by virtual key
   */
  'virtual_key_id'?: (string);
  /**
   * filter by blocked state
   */
  'blocked'?: (boolean);
  /**
   * filter by linked state
   */
  'linked_state'?: (boolean);
  /**
   * filter by AWS account
   */
  'kms'?: (string);
  /**
   * filter by region
   */
  'region'?: (string);
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
  '_blocked'?: "blocked";
  '_linked_state'?: "linked_state";
}

export interface ListHyokKeysRequest__Output {
  /**
   * filter by id
   */
  'id': (string);
  /**
   * filter by key store
   */
  'custom_key_store_id': (string);
  /**
   * filter by virtual key
   */
  'virtual_key_id': (string);
  /**
   * filter by blocked state
   */
  'blocked'?: (boolean);
  /**
   * filter by linked state
   */
  'linked_state'?: (boolean);
  /**
   * filter by AWS account
   */
  'kms': (string);
  /**
   * filter by region
   */
  'region': (string);
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
  '_blocked'?: "blocked";
  '_linked_state'?: "linked_state";
}
