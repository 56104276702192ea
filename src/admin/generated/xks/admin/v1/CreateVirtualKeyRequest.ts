// Original file: proto/xks_admin.proto


export interface CreateVirtualKeyRequest {
  /**
   * required: source key of version 1
   */
  'source_key_id'?: (string);
}

export interface CreateVirtualKeyRequest__Output {
  /**
   * required: source key of version 1
   */
  'source_key_id': (string);
}
