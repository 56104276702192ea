// Original file: proto/xks_admin.proto


export interface RegisterSourceKeyRequest {
  /**
   * required: Luna partition (token label)
   */
  'partition_id'?: (string);
  /**
   * required: CKA_LABEL of an existing AES-256 key in the token
   */
  'label'?: (string);
  /**
   * usage the token key must have; registration is refused when it lacks it (both default true)
   */
  'encrypt'?: (boolean);
  'decrypt'?: (boolean);
  '_encrypt'?: "encrypt";
  '_decrypt'?: "decrypt";
}

export interface RegisterSourceKeyRequest__Output {
  /**
   * required: Luna partition (token label)
   */
  'partition_id': (string);
  /**
   * required: CKA_LABEL of an existing AES-256 key in the token
   */
  'label': (string);
  /**
   * usage the token key must have; registration is refused when it lacks it (both default true)
   */
  'encrypt'?: (boolean);
  'decrypt'?: (boolean);
  '_encrypt'?: "encrypt";
  '_decrypt'?: "decrypt";
}
