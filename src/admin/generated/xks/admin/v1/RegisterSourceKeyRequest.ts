// Original file: proto/xks_admin.proto


export interface RegisterSourceKeyRequest {
  'partition_id'?: (string);
  /**
   * CKA_LABEL of an existing AES-256 key in the token
   */
  'label'?: (string);
  /**
   * required usage; registration is refused when the token key lacks it (both default true)
   */
  'encrypt'?: (boolean);
  'decrypt'?: (boolean);
  '_encrypt'?: "encrypt";
  '_decrypt'?: "decrypt";
}

export interface RegisterSourceKeyRequest__Output {
  'partition_id': (string);
  /**
   * CKA_LABEL of an existing AES-256 key in the token
   */
  'label': (string);
  /**
   * required usage; registration is refused when the token key lacks it (both default true)
   */
  'encrypt'?: (boolean);
  'decrypt'?: (boolean);
  '_encrypt'?: "encrypt";
  '_decrypt'?: "decrypt";
}
