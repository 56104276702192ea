// Original file: proto/xks_admin.proto


export interface DeleteHyokKeyRequest {
  /**
   * required: the HYOK key's id
   */
  'id'?: (string);
  /**
   * linked keys: AWS's waiting period before it deletes the AWS KMS key, 7..30 days (0 = 30, AWS's default)
   */
  'pending_window_days'?: (number);
}

export interface DeleteHyokKeyRequest__Output {
  /**
   * required: the HYOK key's id
   */
  'id': (string);
  /**
   * linked keys: AWS's waiting period before it deletes the AWS KMS key, 7..30 days (0 = 30, AWS's default)
   */
  'pending_window_days': (number);
}
