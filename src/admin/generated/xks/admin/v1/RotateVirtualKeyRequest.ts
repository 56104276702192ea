// Original file: proto/xks_admin.proto


export interface RotateVirtualKeyRequest {
  /**
   * required: the virtual key's id
   */
  'id'?: (string);
  /**
   * existing source key for the new version; empty = generate a new one where the current one lives
   */
  'source_key_id'?: (string);
}

export interface RotateVirtualKeyRequest__Output {
  /**
   * required: the virtual key's id
   */
  'id': (string);
  /**
   * existing source key for the new version; empty = generate a new one where the current one lives
   */
  'source_key_id': (string);
}
