// Original file: proto/xks_admin.proto


export interface PolicyParams {
  /**
   * reserved for key policy parameters
   */
  'reserved'?: (boolean);
}

export interface PolicyParams__Output {
  /**
   * reserved for key policy parameters
   */
  'reserved': (boolean);
}
