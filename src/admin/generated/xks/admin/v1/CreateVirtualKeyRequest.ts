// Original file: proto/xks_admin.proto


export interface CreateVirtualKeyRequest {
  'source_key_id'?: (string);
}

export interface CreateVirtualKeyRequest__Output {
  'source_key_id': (string);
}
