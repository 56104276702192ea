// Original file: proto/xks_admin.proto


export interface IdRequest {
  /**
   * required: the resource's id
   */
  'id'?: (string);
}

export interface IdRequest__Output {
  /**
   * required: the resource's id
   */
  'id': (string);
}
