// Original file: proto/xks_admin.proto


export interface ListAuditRecordsRequest {
  /**
   * filter by key store
   */
  'key_store_id'?: (string);
  /**
   * "xks" or "admin"
   */
  'kind'?: (string);
  /**
   * "success" or "failure"
   */
  'outcome'?: (string);
  /**
   * e.g. Encrypt or KeyStoreService.Create
   */
  'operation'?: (string);
  /**
   * filter by HYOK key id
   */
  'key_id'?: (string);
  /**
   * ISO 8601 bounds: since inclusive, until exclusive
   */
  'since'?: (string);
  'until'?: (string);
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

export interface ListAuditRecordsRequest__Output {
  /**
   * filter by key store
   */
  'key_store_id': (string);
  /**
   * "xks" or "admin"
   */
  'kind': (string);
  /**
   * "success" or "failure"
   */
  'outcome': (string);
  /**
   * e.g. Encrypt or KeyStoreService.Create
   */
  'operation': (string);
  /**
   * filter by HYOK key id
   */
  'key_id': (string);
  /**
   * ISO 8601 bounds: since inclusive, until exclusive
   */
  'since': (string);
  'until': (string);
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
