// Original file: proto/xks_admin.proto


export interface UpdateSourceKeyRequest {
  /**
   * required: the source key's id
   */
  'id'?: (string);
  /**
   * required: a disabled key answers GetKeyMetadata with keyStatus DISABLED and refuses encrypt/decrypt
   * (InvalidStateException) until enabled again; nothing about the key material changes
   */
  'enabled'?: (boolean);
  '_enabled'?: "enabled";
}

export interface UpdateSourceKeyRequest__Output {
  /**
   * required: the source key's id
   */
  'id': (string);
  /**
   * required: a disabled key answers GetKeyMetadata with keyStatus DISABLED and refuses encrypt/decrypt
   * (InvalidStateException) until enabled again; nothing about the key material changes
   */
  'enabled'?: (boolean);
  '_enabled'?: "enabled";
}
