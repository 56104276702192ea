// Original file: proto/xks_admin.proto


export interface AuditRecord {
  'id'?: (string);
  /**
   * when it happened (ISO 8601)
   */
  'createdAt'?: (string);
  /**
   * "xks" (data plane) or "admin"
   */
  'kind'?: (string);
  'operation'?: (string);
  /**
   * "success" or "failure"
   */
  'outcome'?: (string);
  'error_name'?: (string);
  'key_store_id'?: (string);
  'key_id'?: (string);
  'kms_request_id'?: (string);
  /**
   * admin caller (token fingerprint)
   */
  'actor'?: (string);
  'target_id'?: (string);
}

export interface AuditRecord__Output {
  'id': (string);
  /**
   * when it happened (ISO 8601)
   */
  'createdAt': (string);
  /**
   * "xks" (data plane) or "admin"
   */
  'kind': (string);
  'operation': (string);
  /**
   * "success" or "failure"
   */
  'outcome': (string);
  'error_name': (string);
  'key_store_id': (string);
  'key_id': (string);
  'kms_request_id': (string);
  /**
   * admin caller (token fingerprint)
   */
  'actor': (string);
  'target_id': (string);
}
