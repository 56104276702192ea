// Original file: proto/xks_admin.proto


export interface ListKeyStoresRequest {
  /**
   * filter by id
   */
  'id'?: (string);
  /**
   * filter by name
   */
  'name'?: (string);
  /**
   * filter by AWS account
   */
  'kms'?: (string);
  /**
   * filter by region
   */
  'region'?: (string);
  /**
   * filter by type
   */
  'type'?: (string);
  /**
   * filter by blocked state
   */
  'blocked'?: (boolean);
  /**
   * filter by linked state
   */
  'linked_state'?: (boolean);
  /**
   * filter by connectivity
   */
  'xks_proxy_connectivity'?: (string);
  /**
   * filter by connection state
   */
  'connection_state'?: (string);
  /**
   * filter by tier
   */
  'source_key_tier'?: (string);
  /**
   * filter by key store type
   */
  'custom_key_store_type'?: (string);
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

export interface ListKeyStoresRequest__Output {
  /**
   * filter by id
   */
  'id': (string);
  /**
   * filter by name
   */
  'name': (string);
  /**
   * filter by AWS account
   */
  'kms': (string);
  /**
   * filter by region
   */
  'region': (string);
  /**
   * filter by type
   */
  'type': (string);
  /**
   * filter by blocked state
   */
  'blocked'?: (boolean);
  /**
   * filter by linked state
   */
  'linked_state'?: (boolean);
  /**
   * filter by connectivity
   */
  'xks_proxy_connectivity': (string);
  /**
   * filter by connection state
   */
  'connection_state': (string);
  /**
   * filter by tier
   */
  'source_key_tier': (string);
  /**
   * filter by key store type
   */
  'custom_key_store_type': (string);
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
