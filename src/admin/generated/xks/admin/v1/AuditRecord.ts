// Original file: proto/xks_admin.proto

import type { Long } from '@grpc/proto-loader';

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
  /**
   * position in the audit trail: strictly increasing in write order, never reused; the order of
   * records (timestamps can repeat within a millisecond)
   */
  'seq'?: (number | string | Long);
  /**
   * events this record stands for: 1, or for operation "suppressed" the number of rate-limited
   * unauthenticated failures it summarizes
   */
  'count'?: (number | string | Long);
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
  /**
   * position in the audit trail: strictly increasing in write order, never reused; the order of
   * records (timestamps can repeat within a millisecond)
   */
  'seq': (number);
  /**
   * events this record stands for: 1, or for operation "suppressed" the number of rate-limited
   * unauthenticated failures it summarizes
   */
  'count': (number);
}
