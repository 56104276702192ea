// Original file: proto/xks_admin.proto


export interface ListSyncJobsRequest {
  /**
   * filter by id
   */
  'id'?: (string);
  /**
   * filter by status: in_progress, completed, failed or cancelled
   */
  'overall_status'?: (string);
  /**
   * 0.. (offset into the result)
   */
  'skip'?: (number);
  /**
   * 1..1000; 0 = default 10
   */
  'limit'?: (number);
  /**
   * up to 8 comma-separated sortable fields, "-" for descending (default "-createdAt")
   */
  'sort'?: (string);
}

export interface ListSyncJobsRequest__Output {
  /**
   * filter by id
   */
  'id': (string);
  /**
   * filter by status: in_progress, completed, failed or cancelled
   */
  'overall_status': (string);
  /**
   * 0.. (offset into the result)
   */
  'skip': (number);
  /**
   * 1..1000; 0 = default 10
   */
  'limit': (number);
  /**
   * up to 8 comma-separated sortable fields, "-" for descending (default "-createdAt")
   */
  'sort': (string);
}
