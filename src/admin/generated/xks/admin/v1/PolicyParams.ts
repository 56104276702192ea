// Original file: proto/xks_admin.proto


export interface PolicyParams {
  'reserved'?: (boolean);
}

export interface PolicyParams__Output {
  'reserved': (boolean);
}
