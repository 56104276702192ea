// Original file: proto/xks_admin.proto


export interface UpdateVirtualKeyRequest {
  'id'?: (string);
  'deletable'?: (boolean);
  '_deletable'?: "deletable";
}

export interface UpdateVirtualKeyRequest__Output {
  'id': (string);
  'deletable'?: (boolean);
  '_deletable'?: "deletable";
}
