// Original file: proto/xks_admin.proto


export interface UpdateVirtualKeyRequest {
  /**
   * required: the virtual key's id
   */
  'id'?: (string);
  /**
   * required: allow deletion
   */
  'deletable'?: (boolean);
  '_deletable'?: "deletable";
}

export interface UpdateVirtualKeyRequest__Output {
  /**
   * required: the virtual key's id
   */
  'id': (string);
  /**
   * required: allow deletion
   */
  'deletable'?: (boolean);
  '_deletable'?: "deletable";
}
