// Original file: proto/xks_admin.proto


export interface ListAuditRecordsRequest {
  'key_store_id'?: (string);
  'kind'?: (string);
  'outcome'?: (string);
  'operation'?: (string);
  'key_id'?: (string);
  /**
   * ISO 8601 bounds: since inclusive, until exclusive
   */
  'since'?: (string);
  'until'?: (string);
  'skip'?: (number);
  'limit'?: (number);
  'sort'?: (string);
}

export interface ListAuditRecordsRequest__Output {
  'key_store_id': (string);
  'kind': (string);
  'outcome': (string);
  'operation': (string);
  'key_id': (string);
  /**
   * ISO 8601 bounds: since inclusive, until exclusive
   */
  'since': (string);
  'until': (string);
  'skip': (number);
  'limit': (number);
  'sort': (string);
}
