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
   * usage; both default to true when neither is given
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
   * usage; both default to true when neither is given
   */
  'encrypt'?: (boolean);
  'decrypt'?: (boolean);
  '_encrypt'?: "encrypt";
  '_decrypt'?: "decrypt";
}
