// Original file: proto/xks_admin.proto


export interface Tag {
  /**
   * tag name
   */
  'TagKey'?: (string);
  /**
   * tag value
   */
  'TagValue'?: (string);
}

export interface Tag__Output {
  /**
   * tag name
   */
  'TagKey': (string);
  /**
   * tag value
   */
  'TagValue': (string);
}
