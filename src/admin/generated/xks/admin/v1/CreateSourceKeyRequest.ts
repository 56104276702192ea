// Original file: proto/xks_admin.proto


export interface CreateSourceKeyRequest {
  /**
   * "local" (default) or "luna-hsm"
   */
  'source_key_tier'?: (string);
  /**
   * token label, required for luna-hsm
   */
  'partition_id'?: (string);
  /**
   * CKA_LABEL for luna-hsm (default "xks-<id>"); a display name for local keys
   */
  'label'?: (string);
  /**
   * usage: any subset, none included (such a key answers InvalidKeyUsageException); both default
   * to true when neither is given, and a usage not given is false when the other is
   */
  'encrypt'?: (boolean);
  'decrypt'?: (boolean);
  '_encrypt'?: "encrypt";
  '_decrypt'?: "decrypt";
}

export interface CreateSourceKeyRequest__Output {
  /**
   * "local" (default) or "luna-hsm"
   */
  'source_key_tier': (string);
  /**
   * token label, required for luna-hsm
   */
  'partition_id': (string);
  /**
   * CKA_LABEL for luna-hsm (default "xks-<id>"); a display name for local keys
   */
  'label': (string);
  /**
   * usage: any subset, none included (such a key answers InvalidKeyUsageException); both default
   * to true when neither is given, and a usage not given is false when the other is
   */
  'encrypt'?: (boolean);
  'decrypt'?: (boolean);
  '_encrypt'?: "encrypt";
  '_decrypt'?: "decrypt";
}
