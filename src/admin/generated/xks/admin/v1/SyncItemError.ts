// Original file: proto/xks_admin.proto


/**
 * something a job could not synchronize, in AWS's words
 */
export interface SyncItemError {
  /**
   * what it was: "<account>/<region>" or "AWS KMS key <id>"
   */
  'item'?: (string);
  /**
   * AWS's exception name (UnrecognizedClientException, AccessDeniedException, ...)
   */
  'aws_exception'?: (string);
  'message'?: (string);
}

/**
 * something a job could not synchronize, in AWS's words
 */
export interface SyncItemError__Output {
  /**
   * what it was: "<account>/<region>" or "AWS KMS key <id>"
   */
  'item': (string);
  /**
   * AWS's exception name (UnrecognizedClientException, AccessDeniedException, ...)
   */
  'aws_exception': (string);
  'message': (string);
}
