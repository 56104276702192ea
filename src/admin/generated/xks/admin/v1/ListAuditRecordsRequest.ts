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
