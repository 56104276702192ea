// Original file: proto/xks_admin.proto

import type { Long } from '@grpc/proto-loader';

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
   * only records with seq greater than this: a cursor for consistent paging and export. With it
   * the page is in seq order (sort empty or "seq") and total is not counted (-1).
   */
  'after_seq'?: (number | string | Long);
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
   * only records with seq greater than this: a cursor for consistent paging and export. With it
   * the page is in seq order (sort empty or "seq") and total is not counted (-1).
   */
  'after_seq': (number);
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
