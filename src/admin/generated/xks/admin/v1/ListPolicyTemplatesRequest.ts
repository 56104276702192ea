// Original file: proto/xks_admin.proto


export interface ListPolicyTemplatesRequest {
  /**
   * filter by name
   */
  'name'?: (string);
  /**
   * filter by AWS account
   */
  'account_id'?: (string);
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

export interface ListPolicyTemplatesRequest__Output {
  /**
   * filter by name
   */
  'name': (string);
  /**
   * filter by AWS account
   */
  'account_id': (string);
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
