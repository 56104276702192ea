// Original file: proto/xks_admin.proto


export interface XksKeyConfiguration {
  /**
   * the externalKeyId (answers; the HYOK key's id)
   */
  'Id'?: (string);
}

export interface XksKeyConfiguration__Output {
  /**
   * the externalKeyId (answers; the HYOK key's id)
   */
  'Id': (string);
}
