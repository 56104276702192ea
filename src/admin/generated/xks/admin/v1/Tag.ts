// Original file: proto/xks_admin.proto


export interface Tag {
  'TagKey'?: (string);
  'TagValue'?: (string);
}

export interface Tag__Output {
  'TagKey': (string);
  'TagValue': (string);
}
