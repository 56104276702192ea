// Original file: proto/xks_admin.proto


export interface SourceKey {
  /**
   * empty for a token key that is not registered with the proxy (listed from the partition)
   */
  'id'?: (string);
  'createdAt'?: (string);
  'updatedAt'?: (string);
  'name'?: (string);
  /**
   * "local" or "luna-hsm"
   */
  'source_key_tier'?: (string);
  'partition_id'?: (string);
  'partition_label'?: (string);
  /**
   * CKA_LABEL (luna-hsm)
   */
  'label'?: (string);
  /**
   * CKA_ID as hex (luna-hsm)
   */
  'cka_id'?: (string);
  /**
   * AES_256, or what the token reports (AES_128, ...) for unregistered token keys
   */
  'key_spec'?: (string);
  'algorithm'?: (string);
  'size'?: (number);
  'encrypt'?: (boolean);
  'decrypt'?: (boolean);
  'enabled'?: (boolean);
  /**
   * "generated" or "registered" ("" for unregistered token keys)
   */
  'origin'?: (string);
  'registered'?: (boolean);
  'virtual_key_ids'?: (string)[];
  /**
   * token attributes (luna-hsm keys listed from the partition)
   */
  'sensitive'?: (boolean);
  'extractable'?: (boolean);
}

export interface SourceKey__Output {
  /**
   * empty for a token key that is not registered with the proxy (listed from the partition)
   */
  'id': (string);
  'createdAt': (string);
  'updatedAt': (string);
  'name': (string);
  /**
   * "local" or "luna-hsm"
   */
  'source_key_tier': (string);
  'partition_id': (string);
  'partition_label': (string);
  /**
   * CKA_LABEL (luna-hsm)
   */
  'label': (string);
  /**
   * CKA_ID as hex (luna-hsm)
   */
  'cka_id': (string);
  /**
   * AES_256, or what the token reports (AES_128, ...) for unregistered token keys
   */
  'key_spec': (string);
  'algorithm': (string);
  'size': (number);
  'encrypt': (boolean);
  'decrypt': (boolean);
  'enabled': (boolean);
  /**
   * "generated" or "registered" ("" for unregistered token keys)
   */
  'origin': (string);
  'registered': (boolean);
  'virtual_key_ids': (string)[];
  /**
   * token attributes (luna-hsm keys listed from the partition)
   */
  'sensitive': (boolean);
  'extractable': (boolean);
}
