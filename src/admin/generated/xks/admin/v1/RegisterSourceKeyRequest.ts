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
   * Usage is what the token key allows (CKA_ENCRYPT/CKA_DECRYPT), none included. Giving true
   * requires the token to allow it (FAILED_PRECONDITION otherwise); giving false narrows it.
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
   * Usage is what the token key allows (CKA_ENCRYPT/CKA_DECRYPT), none included. Giving true
   * requires the token to allow it (FAILED_PRECONDITION otherwise); giving false narrows it.
   */
  'encrypt'?: (boolean);
  'decrypt'?: (boolean);
  '_encrypt'?: "encrypt";
  '_decrypt'?: "decrypt";
}
