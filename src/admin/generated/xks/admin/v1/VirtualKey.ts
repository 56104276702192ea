// Original file: proto/xks_admin.proto


export interface VirtualKey {
  'id'?: (string);
  'createdAt'?: (string);
  'updatedAt'?: (string);
  'partition_id'?: (string);
  'partition_label'?: (string);
  /**
   * source key of the latest version
   */
  'source_key_id'?: (string);
  /**
   * latest version (versions start at 1)
   */
  'version'?: (number);
  'deletable'?: (boolean);
  'source_key_tier'?: (string);
}

export interface VirtualKey__Output {
  'id': (string);
  'createdAt': (string);
  'updatedAt': (string);
  'partition_id': (string);
  'partition_label': (string);
  /**
   * source key of the latest version
   */
  'source_key_id': (string);
  /**
   * latest version (versions start at 1)
   */
  'version': (number);
  'deletable': (boolean);
  'source_key_tier': (string);
}
