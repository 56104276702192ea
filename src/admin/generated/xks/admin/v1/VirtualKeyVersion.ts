// Original file: proto/xks_admin.proto


export interface VirtualKeyVersion {
  'id'?: (string);
  'createdAt'?: (string);
  'updatedAt'?: (string);
  'virtual_key_id'?: (string);
  'source_key_id'?: (string);
  'version'?: (number);
  'partition_id'?: (string);
  'partition_label'?: (string);
}

export interface VirtualKeyVersion__Output {
  'id': (string);
  'createdAt': (string);
  'updatedAt': (string);
  'virtual_key_id': (string);
  'source_key_id': (string);
  'version': (number);
  'partition_id': (string);
  'partition_label': (string);
}
