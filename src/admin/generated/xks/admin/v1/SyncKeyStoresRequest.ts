// Original file: proto/xks_admin.proto


export interface SyncKeyStoresRequest {
  /**
   * AWS connections to synchronize, by name or id (the seed's kms); not with synchronize_all
   */
  'kms'?: (string)[];
  /**
   * regions to synchronize, each served by every given connection; none = all their regions
   */
  'regions'?: (string)[];
  /**
   * synchronize every AWS connection in all its regions; not with kms or regions
   */
  'synchronize_all'?: (boolean);
}

export interface SyncKeyStoresRequest__Output {
  /**
   * AWS connections to synchronize, by name or id (the seed's kms); not with synchronize_all
   */
  'kms': (string)[];
  /**
   * regions to synchronize, each served by every given connection; none = all their regions
   */
  'regions': (string)[];
  /**
   * synchronize every AWS connection in all its regions; not with kms or regions
   */
  'synchronize_all': (boolean);
}
