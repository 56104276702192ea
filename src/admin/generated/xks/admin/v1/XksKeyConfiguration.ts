// Original file: proto/xks_admin.proto


export interface XksKeyConfiguration {
  'Id'?: (string);
}

export interface XksKeyConfiguration__Output {
  'Id': (string);
}
