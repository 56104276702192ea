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
