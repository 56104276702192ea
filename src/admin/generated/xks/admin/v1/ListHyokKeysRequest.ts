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
  '_blocked'?: "blocked";
  '_linked_state'?: "linked_state";
}
